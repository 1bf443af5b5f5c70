"""The CSV lines of some stored rows, for an export built a piece at a time (in_order.py)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import Any

from judge_tui.textsafe import spreadsheet_line


def csv_lines(
    database: str, sql: str, params: tuple[Any, ...], values: Callable[[sqlite3.Row], list[Any]]
) -> bytes:
    """The spreadsheet-safe CSV line of each row `sql` reads, made of `values(row)`, encoded.
    Read on a connection of its own: this may run in a worker process."""
    conn = sqlite3.connect(database)
    try:
        conn.row_factory = sqlite3.Row
        rows = conn.execute(sql, params)
        return "".join([spreadsheet_line(values(row)) for row in rows]).encode()
    finally:
        conn.close()
