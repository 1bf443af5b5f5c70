"""The analysis figures' backlog: evaluations stored but not yet counted in the narrow tables
analysis reads (schema 7).

A batch collect stores its results without counting them (that would double the cost of storing
100,000 of them); so is every evaluation a home held before schema 7. Analysis catches up first,
in slices (store/backlog.py). The app also catches up after a collect, with the search index
(ui/batch_tracker.py).
"""

from __future__ import annotations

from collections.abc import Callable

from judge_tui.store.backlog import Backlog
from judge_tui.store.db import Database
from judge_tui.store.rollups import ROLLUPS
from judge_tui.store.schema import figures_of_backlog

# A slice is counted into the narrow tables, then added to the rollups grouped (store/rollups.py).
FIGURES_BACKLOG = Backlog(
    "figures_backlog", [*figures_of_backlog(), *(rollup.of_backlog() for rollup in ROLLUPS)]
)


def figures_waiting(db: Database) -> int:
    return FIGURES_BACKLOG.size(db)


def any_waiting(db: Database) -> bool:
    """Whether some evaluations are not counted yet (cheap, unlike counting them)."""
    return FIGURES_BACKLOG.waiting(db)


def catch_up_figures(db: Database, progress: Callable[[int, int], object] | None = None) -> int:
    """Count the whole backlog; `progress(done, total)` after each slice. Returns the count."""
    return FIGURES_BACKLOG.work_all(db, progress)
