"""The search index's backlog: batch results stored but not yet in the full-text index.

A collect stores its results first (schema V4: batch rows skip the index trigger and are noted
in `search_backlog`); this adds them to the index in slices, each its own short transaction, so
another writer waits at most one slice and a kill loses no more than the slice under way (its
rows stay in the backlog). Whoever collects calls `index_backlog` afterwards; so do the app at
start and `sessions search`, for a backlog an interrupted run left.
"""

from __future__ import annotations

from collections.abc import Callable

from judge_tui.store.db import Database

SLICE = 5_000


def backlog_size(db: Database) -> int:
    return int(db.conn.execute("SELECT count(*) FROM search_backlog").fetchone()[0])


def backlog_waiting(db: Database) -> bool:
    """Whether some results are not in the index yet (cheap, unlike counting them)."""
    return db.conn.execute("SELECT 1 FROM search_backlog LIMIT 1").fetchone() is not None


def index_slice(db: Database, limit: int = SLICE) -> int:
    """Index up to `limit` results of the backlog; returns how many were indexed."""
    with db.transaction() as conn:
        ids = [
            row[0]
            for row in conn.execute(
                "SELECT evaluation_id FROM search_backlog ORDER BY evaluation_id LIMIT ?",
                (limit,),
            )
        ]
        if not ids:
            return 0
        first, last = ids[0], ids[-1]
        conn.execute(
            """INSERT INTO evaluations_fts(rowid, question, answers, content)
               SELECT e.id, e.question, e.answer || ' ' || e.answer1 || ' ' || e.answer2,
                      e.content
               FROM search_backlog b JOIN evaluations e ON e.id = b.evaluation_id
               WHERE b.evaluation_id BETWEEN ? AND ?""",
            (first, last),
        )
        conn.execute(
            "DELETE FROM search_backlog WHERE evaluation_id BETWEEN ? AND ?", (first, last)
        )
        return len(ids)


def index_backlog(db: Database, progress: Callable[[int, int], object] | None = None) -> int:
    """Index the whole backlog; `progress(done, total)` after each slice. Returns the count."""
    total = backlog_size(db)
    done = 0
    while (indexed := index_slice(db)) > 0:
        done += indexed
        if progress is not None:
            progress(done, max(total, done))
    return done
