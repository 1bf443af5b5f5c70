"""The search index's backlog: batch results stored but not yet in the full-text index.

A collect stores its results first (schema V4: batch rows skip the index trigger and are noted
in `search_backlog`); this adds them to the index in slices (store/backlog.py). Whoever collects
calls `index_backlog` afterwards; so do the app at start and `sessions search`, for a backlog an
interrupted run left.
"""

from __future__ import annotations

from collections.abc import Callable

from judge_tui.store.backlog import SLICE, Backlog
from judge_tui.store.db import Database

SEARCH_BACKLOG = Backlog(
    "search_backlog",
    [
        """INSERT INTO evaluations_fts(rowid, question, answers, content)
           SELECT e.id, search_words(e.question),
                  search_words(e.answer || ' ' || e.answer1 || ' ' || e.answer2),
                  search_words(e.content)
           FROM search_backlog b JOIN evaluations e ON e.id = b.evaluation_id
           WHERE b.evaluation_id BETWEEN ? AND ?"""
    ],
)


def backlog_size(db: Database) -> int:
    return SEARCH_BACKLOG.size(db)


def backlog_waiting(db: Database) -> bool:
    """Whether some results are not in the index yet (cheap, unlike counting them)."""
    return SEARCH_BACKLOG.waiting(db)


def index_slice(db: Database, limit: int = SLICE) -> int:
    """Index up to `limit` results of the backlog; returns how many were indexed."""
    return SEARCH_BACKLOG.work_slice(db, limit)


def index_backlog(db: Database, progress: Callable[[int, int], object] | None = None) -> int:
    """Index the whole backlog; `progress(done, total)` after each slice. Returns the count."""
    return SEARCH_BACKLOG.work_all(db, progress)
