"""The sessions store: SQLite in WAL mode, foreign keys on, every write in one transaction.

Two processes may write to one home at once: SQLite's locking serialises them, and a busy
timeout makes each wait its turn instead of failing.
"""

from __future__ import annotations

import contextlib
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

from judge_tui.problems import UserProblem
from judge_tui.store import search_words
from judge_tui.store.atomic import set_aside
from judge_tui.store.paths import HomePaths
from judge_tui.store.schema import MIGRATIONS, SCHEMA_VERSION

BUSY_TIMEOUT_MS = 30_000
DEFAULT_CHECKPOINT_PAGES = 1000  # SQLite's own
BULK_CHECKPOINT_PAGES = 10_000


class StoreError(UserProblem):
    """The store cannot be used; the message says what happened and what to do."""


class NewerSchemaError(StoreError):
    pass


def _connect(path: Path) -> sqlite3.Connection:
    """A ready connection. Two processes opening a new file at once race to switch it to WAL,
    and that switch answers "locked" at once rather than waiting on the busy timeout, so a
    locked open is tried again until the timeout has passed."""
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            return _connect_once(path)
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def _connect_once(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    conn.row_factory = sqlite3.Row
    search_words.register(conn)  # the search index's triggers call it
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    try:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")  # with WAL: durable at checkpoints
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        migrate(conn)
    except BaseException:
        conn.close()
        raise
    return conn


def migrate(conn: sqlite3.Connection) -> int:
    """Apply every migration after the database's version; returns the version it started at."""
    start = int(conn.execute("PRAGMA user_version").fetchone()[0])
    if start > SCHEMA_VERSION:
        raise NewerSchemaError(
            f"The database was written by a newer judge-tui (schema {start}, this one knows "
            f"{SCHEMA_VERSION}); upgrade judge-tui."
        )
    # What a migration drops is derived (an index, the search index and its old copy of the
    # text), all of it still in the tables it came from. Python's SQLite zeroes every freed page
    # (secure_delete), which made dropping a 1.5 GB home's search index take 8 s; FAST leaves
    # the freed pages as they are, to be reused.
    secure_delete = int(conn.execute("PRAGMA secure_delete").fetchone()[0])
    conn.execute("PRAGMA secure_delete = FAST")
    try:
        for version in range(start + 1, SCHEMA_VERSION + 1):
            _migrate_to(conn, version)
    finally:
        conn.execute(f"PRAGMA secure_delete = {secure_delete}")
    return start


def _migrate_to(conn: sqlite3.Connection, version: int) -> None:
    # BEGIN IMMEDIATE: a second process opening at the same moment waits, then sees it done.
    conn.execute("BEGIN IMMEDIATE")
    try:
        current = int(conn.execute("PRAGMA user_version").fetchone()[0])
        if current < version:
            for statement in _statements(MIGRATIONS[version - 1]):
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {version}")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def _statements(script: str) -> Iterator[str]:
    buffer = ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            if buffer.strip():
                yield buffer.strip()
            buffer = ""


class Database:
    """One connection to judge.db. Open with `Database.open(paths)`; notes say what was repaired."""

    def __init__(self, conn: sqlite3.Connection, path: Path, notes: list[str]) -> None:
        self.conn = conn
        self.path = path
        self.notes = notes

    @classmethod
    def open(cls, paths: HomePaths) -> Database:
        paths.ensure()
        path = paths.database
        notes: list[str] = []
        try:
            conn = _connect(path)
        except NewerSchemaError:
            raise
        except sqlite3.OperationalError as exc:
            # Locked, unreadable or out of space: the file may be fine, so it is left alone.
            raise StoreError(
                f"{path} cannot be opened ({exc}); check its permissions and free space, or "
                "close the other program using it."
            ) from None
        except sqlite3.DatabaseError as exc:
            # "file is not a database", "malformed": corrupt. Keep it for the user, start anew.
            moved = set_aside(path)
            for suffix in ("-wal", "-shm"):
                side = path.with_name(path.name + suffix)
                if side.exists():
                    side.rename(moved.with_name(moved.name + suffix))
            notes.append(
                f"{path} could not be read ({exc}); it was moved to {moved} and a new, empty "
                "database was started."
            )
            conn = _connect(path)
        db = cls(conn, path, notes)
        from judge_tui.store.repair import check_at_open  # it builds on this module

        check_at_open(db)
        return db

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    @contextlib.contextmanager
    def bulk_writes(self) -> Iterator[None]:
        """For writing hundreds of megabytes at once (a batch collect): the WAL is copied into
        the database every 40 MB instead of SQLite's 4 MB, a tenth of the checkpoints and their
        fsyncs. Every transaction is as durable as before; the WAL file grows that much more."""
        self.conn.execute(f"PRAGMA wal_autocheckpoint = {BULK_CHECKPOINT_PAGES}")
        try:
            yield
        finally:
            self.conn.execute(f"PRAGMA wal_autocheckpoint = {DEFAULT_CHECKPOINT_PAGES}")

    def close(self) -> None:
        self.conn.close()


def now() -> float:
    return time.time()
