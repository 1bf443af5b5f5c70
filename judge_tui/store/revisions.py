"""An evaluation's readings after its first (verdict_revisions, schema 6): a repair's reply, a
person's reading and note, a re-read, each with its time. A JSONL export writes them as
`revision` lines after their evaluation and an import puts them back, so a session comes back
whole: a reading by hand is still a person's (a re-read keeps it) and a repaired one still has
the reply it was read from. Plain sqlite3 and orjson: exports start without the reader."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from typing import Any

import orjson

from judge_tui.store.evaluation_row import dump_json


def revised_ids(conn: sqlite3.Connection, session_id: int) -> set[int]:
    """The evaluations of a session that have had a reading after their first: most have none,
    so an export asks for revisions only where there are some."""
    rows = conn.execute(
        """SELECT DISTINCT r.evaluation_id FROM verdict_revisions r
           JOIN evaluations e ON e.id = r.evaluation_id WHERE e.session_id = ?""",
        (session_id,),
    )
    return {int(row[0]) for row in rows}


def revision_lines(conn: sqlite3.Connection, evaluation_id: int, uid: str) -> list[dict[str, Any]]:
    """An evaluation's revisions, oldest first, as a JSONL export writes them (the reading's
    JSON as stored, not decoded and encoded again)."""
    rows = conn.execute(
        """SELECT provenance, text, note, created_at, verdict_json FROM verdict_revisions
           WHERE evaluation_id = ? ORDER BY id""",
        (evaluation_id,),
    )
    return [
        {"type": "revision", "uid": uid, "provenance": provenance, "text": text, "note": note,
         "created_at": created_at, "verdict": orjson.Fragment(verdict_json)}
        for provenance, text, note, created_at, verdict_json in rows
    ]  # fmt: skip


def restore_revisions(
    conn: sqlite3.Connection, evaluation_id: int, provenance: str, revisions: Iterable[Any]
) -> None:
    """An imported evaluation's readings: its revisions as they were, and the provenance and
    time of the reading it holds now (what a re-read and the triage queue go by)."""
    rows = [
        (evaluation_id, r.provenance, r.text, dump_json(r.verdict), r.note, r.created_at)
        for r in revisions
    ]
    conn.executemany(
        """INSERT INTO verdict_revisions
               (evaluation_id, provenance, text, verdict_json, note, created_at)
           VALUES (?, ?, ?, ?, ?, ?)""",
        rows,
    )
    latest = max((row[5] for row in rows), default=None)
    if provenance != "reader" or latest is not None:
        conn.execute(
            "UPDATE evaluations SET verdict_provenance = ?, verdict_at = ? WHERE id = ?",
            (provenance, latest, evaluation_id),
        )
