"""The CSV lines of stored rows, for an export built a piece at a time: how big a piece is, when
the pieces are worth a worker process (in_order.py), and the lines of one piece."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

from judge_tui.in_order import in_order
from judge_tui.textsafe import spreadsheet_line

P = TypeVar("P")

PIECE_ROWS = 2_000
# Below this many rows, starting the worker process costs more than it saves.
PARALLEL_MIN_ROWS = 20_000


def in_pieces(work: Callable[[P], bytes], pieces: Iterable[P], rows: int) -> Iterator[bytes]:
    """Each piece's lines in order: the exporting process works some pieces and a worker per
    other core the rest, once `rows` says the export is large enough."""
    return in_order(work, pieces, parallel=rows >= PARALLEL_MIN_ROWS, share=True)


def rows_as_csv(
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
