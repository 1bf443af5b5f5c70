"""A judge.db that is partly damaged (a bad page in the search index, a torn write on a broken
disk) is mended, never left to fail every write while the command says all is well.

First the search index, which is derived data: dropped and built again from the evaluations.
If the database is still not sound, every row that can still be read is copied into a new
database, the damaged file is set aside beside it (never deleted), and the new one takes its
place. Either way the user is told what happened and where the old file went.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from judge_tui.store.atomic import set_aside
from judge_tui.store.db import Database, StoreError, _connect, _statements
from judge_tui.store.schema import SEARCH_INDEX

T = TypeVar("T")

# Copied in this order: each table's references point at tables copied before it.
_TABLES = ("sessions", "templates", "batch_jobs", "batch_chunks", "evaluations")


def is_corruption(exc: BaseException) -> bool:
    if not isinstance(exc, sqlite3.DatabaseError):
        return False
    text = str(exc).lower()
    damaged = ("malformed", "corrupt", "not a database", "fts5", "vtable constructor failed")
    return any(word in text for word in damaged)


def is_sound(conn: sqlite3.Connection) -> bool:
    try:
        rows = conn.execute("PRAGMA quick_check").fetchall()
        conn.execute("INSERT INTO evaluations_fts(evaluations_fts) VALUES ('integrity-check')")
    except sqlite3.DatabaseError:
        return False
    return [tuple(r) for r in rows] == [("ok",)]


def _rebuild_search_index(conn: sqlite3.Connection) -> None:
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.execute("DROP TABLE IF EXISTS evaluations_fts")
        conn.execute("DROP VIEW IF EXISTS evaluations_search_text")
        # Every evaluation goes on the backlog, indexed by the next search or the app.
        for statement in _statements(SEARCH_INDEX):
            conn.execute(statement)
        conn.execute("COMMIT")
    except BaseException:
        with contextlib.suppress(sqlite3.Error):
            conn.execute("ROLLBACK")
        raise


def _copy_readable_rows(old: Path, new: Path) -> tuple[int, int]:
    """Every row of `old` that can be read, into a fresh database at `new`: (copied, lost)."""
    conn = _connect(new)  # the schema, by the same migrations
    copied = lost = 0
    try:
        conn.execute("ATTACH DATABASE ? AS old", (f"file:{old}?mode=ro",))
        for table in _TABLES:
            try:
                ids = [r[0] for r in conn.execute(f"SELECT rowid FROM old.{table}")]
            except sqlite3.DatabaseError:
                continue
            conn.execute("BEGIN")
            for rowid in ids:
                try:
                    conn.execute(
                        f"INSERT OR IGNORE INTO main.{table} SELECT * FROM old.{table} "
                        "WHERE rowid = ?",
                        (rowid,),
                    )
                    copied += 1
                except sqlite3.DatabaseError:
                    lost += 1
            conn.execute("COMMIT")
        conn.execute("DETACH DATABASE old")
    finally:
        conn.close()
    return copied, lost


def repair(db: Database) -> str:
    """Mend `db` in place; returns the sentence that says what was done."""
    with contextlib.suppress(sqlite3.DatabaseError):
        _rebuild_search_index(db.conn)
        if is_sound(db.conn):
            return (
                f"{db.path}: its search index was damaged and has been rebuilt; no judgment "
                "was lost."
            )
    db.conn.close()
    fresh = db.path.with_name(db.path.name + ".salvage")
    for leftover in (
        fresh,
        fresh.with_name(fresh.name + "-wal"),
        fresh.with_name(fresh.name + "-shm"),
    ):
        with contextlib.suppress(FileNotFoundError):
            os.unlink(leftover)
    copied, lost = _copy_readable_rows(db.path, fresh)
    moved = set_aside(db.path)
    for suffix in ("-wal", "-shm"):
        side = db.path.with_name(db.path.name + suffix)
        if side.exists():
            os.replace(side, moved.with_name(moved.name + suffix))
    os.replace(fresh, db.path)
    db.conn = _connect(db.path)
    kept = "" if not lost else f"; {lost} rows could not be read and are only in the old file"
    return (
        f"{db.path} was damaged: {copied} rows were copied into a new database{kept}. The "
        f"damaged file was kept as {moved}."
    )


# Checked at every open below this size. The check reads the whole file and the whole search
# index (about 12 ms a megabyte here: 1.4 s for 120 MB), so a larger database is checked when
# an error says it is damaged, and every command on a big home stays quick.
CHECK_AT_OPEN_BYTES = 1024 * 1024


def check_at_open(db: Database) -> None:
    """A quick check of a small database as it opens; a damaged one is mended (db.notes)."""
    try:
        size = db.path.stat().st_size
    except OSError:
        return
    if size > CHECK_AT_OPEN_BYTES or is_sound(db.conn):
        return
    try:
        db.notes.append(repair(db))
    except (sqlite3.Error, OSError) as failed:
        raise StoreError(
            f"{db.path} is damaged and could not be mended ({failed}); move it aside and run "
            "again (judge-tui paths shows where it is)."
        ) from None


def mended(db: Database, action: Callable[[Database], T], report: Callable[[str], object]) -> T:
    """`action(db)`; if it meets a damaged database, mend it, say so, and do it once more."""
    try:
        return action(db)
    except sqlite3.DatabaseError as exc:
        if not is_corruption(exc):
            raise
        try:
            report(repair(db))
        except (sqlite3.Error, OSError) as failed:
            raise StoreError(
                f"{db.path} is damaged and could not be mended ({failed}); move it aside and "
                "run again (judge-tui paths shows where it is)."
            ) from None
        return action(db)
