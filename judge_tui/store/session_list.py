"""Sessions by name: their ids, and the list of them with counts. Plain SQLite and dataclasses:
`judge-tui sessions list` and the batch journal need nothing heavier, and the command starts in
a fraction of the time a pydantic import takes (docs/architecture.md §7)."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from judge_tui.problems import UserProblem
from judge_tui.store.db import Database, now

DEFAULT_SESSION = "scratch"


class SessionNotFound(UserProblem, LookupError):
    pass


@dataclass(frozen=True, slots=True)
class SessionSummary:
    name: str
    evaluations: int
    created_at: float
    updated_at: float


def session_id_for(
    conn: sqlite3.Connection, name: str, *, create: bool, at: float | None = None
) -> int:
    row = conn.execute("SELECT id FROM sessions WHERE name = ?", (name,)).fetchone()
    if row is not None:
        return int(row["id"])
    if not create:
        raise SessionNotFound(f"There is no session named {name!r}; see judge-tui sessions list.")
    stamp = at if at is not None else now()
    cursor = conn.execute(
        "INSERT INTO sessions (name, created_at, updated_at) VALUES (?, ?, ?)", (name, stamp, stamp)
    )
    return int(cursor.lastrowid or 0)


def list_sessions(db: Database) -> list[SessionSummary]:
    rows = db.conn.execute(
        """SELECT s.name, s.created_at, s.updated_at,
                  (SELECT count(*) FROM evaluations e
                    WHERE e.session_id = s.id AND e.superseded = 0) AS n
           FROM sessions s ORDER BY s.updated_at DESC"""
    ).fetchall()
    return [SessionSummary(r["name"], r["n"], r["created_at"], r["updated_at"]) for r in rows]
