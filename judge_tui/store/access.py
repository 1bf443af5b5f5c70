"""One short visit to the store, and the errors any visit can meet.

SQLite blocks and its connections belong to the thread that made them, so the TUI reads and
writes through `use_store` from thread workers, turning STORE_ERRORS into a message; the shell
commands report the same errors as one sentence.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import TypeVar

from judge_tui.problems import UserProblem
from judge_tui.store.db import Database
from judge_tui.store.paths import home_paths

T = TypeVar("T")

STORE_ERRORS: tuple[type[Exception], ...] = (sqlite3.Error, UserProblem, OSError)
# A change to the store can also be refused for its input (an empty or taken name).
CHANGE_ERRORS: tuple[type[Exception], ...] = (*STORE_ERRORS, ValueError)


def use_store(action: Callable[[Database], T]) -> T:
    db = Database.open(home_paths())
    try:
        return action(db)
    finally:
        db.close()
