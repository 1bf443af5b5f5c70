"""The analysis figures' backlog: evaluations stored but not yet counted in the narrow tables
analysis reads (schema 7).

A batch collect stores its results without counting them (that would double the cost of storing
100,000 of them); so is every evaluation a home held before schema 7. Analysis catches up first,
in slices, each its own short transaction, so another writer waits at most one slice and a kill
loses no more than the slice under way (its rows stay in the backlog). The app also catches up
after a collect, with the search index (ui/batch_tracker.py).
"""

from __future__ import annotations

from collections.abc import Callable

from judge_tui.store.db import Database
from judge_tui.store.schema import figures_of_backlog

SLICE = 5_000


def figures_waiting(db: Database) -> int:
    return int(db.conn.execute("SELECT count(*) FROM figures_backlog").fetchone()[0])


def any_waiting(db: Database) -> bool:
    """Whether some evaluations are not counted yet (cheap, unlike counting them)."""
    return db.conn.execute("SELECT 1 FROM figures_backlog LIMIT 1").fetchone() is not None


def count_slice(db: Database, limit: int = SLICE) -> int:
    """Count up to `limit` evaluations of the backlog; returns how many were counted."""
    with db.transaction() as conn:
        ids = [
            row[0]
            for row in conn.execute(
                "SELECT evaluation_id FROM figures_backlog ORDER BY evaluation_id LIMIT ?",
                (limit,),
            )
        ]
        if not ids:
            return 0
        for statement in figures_of_backlog():
            conn.execute(statement, (ids[0], ids[-1]))
        return len(ids)


def catch_up_figures(db: Database, progress: Callable[[int, int], object] | None = None) -> int:
    """Count the whole backlog; `progress(done, total)` after each slice. Returns the count."""
    if not any_waiting(db):  # the usual case: no write, no lock
        return 0
    total = figures_waiting(db)
    done = 0
    while (counted := count_slice(db)) > 0:
        done += counted
        if progress is not None:
            progress(done, max(total, done))
    return done
