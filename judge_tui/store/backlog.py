"""Work a collect leaves for later, done in slices: a backlog table of evaluation ids, and the
statements that do the work for the ids from the first parameter to the second.

Each slice is its own short transaction, so another writer waits at most one slice and a kill
loses no more than the slice under way (its rows stay in the backlog). The search index
(store/search_index.py) and the analysis figures (store/figures.py) are the two backlogs.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from judge_tui.store.db import Database

SLICE = 5_000


@dataclass(frozen=True)
class Backlog:
    table: str  # one column, evaluation_id, its primary key
    statements: Sequence[str]  # each with two parameters: the first and last id of a slice

    def size(self, db: Database) -> int:
        return int(db.conn.execute(f"SELECT count(*) FROM {self.table}").fetchone()[0])

    def waiting(self, db: Database) -> bool:
        """Whether anything waits (cheap, unlike counting it)."""
        found = db.conn.execute(f"SELECT 1 FROM {self.table} LIMIT 1").fetchone()
        return found is not None

    def work_slice(self, db: Database, limit: int = SLICE) -> int:
        """Do up to `limit` of the backlog; returns how many were done."""
        with db.transaction() as conn:
            ids = [
                row[0]
                for row in conn.execute(
                    f"SELECT evaluation_id FROM {self.table} ORDER BY evaluation_id LIMIT ?",
                    (limit,),
                )
            ]
            if not ids:
                return 0
            for statement in self.statements:
                conn.execute(statement, (ids[0], ids[-1]))
            conn.execute(
                f"DELETE FROM {self.table} WHERE evaluation_id BETWEEN ? AND ?", (ids[0], ids[-1])
            )
            return len(ids)

    def work_all(self, db: Database, progress: Callable[[int, int], object] | None = None) -> int:
        """Do the whole backlog; `progress(done, total)` after each slice. Returns the count."""
        if not self.waiting(db):  # the usual case: no write, no lock
            return 0
        total = self.size(db)
        done = 0
        while (did := self.work_slice(db)) > 0:
            done += did
            if progress is not None:
                progress(done, max(total, done))
        return done
