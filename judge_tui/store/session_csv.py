"""A session's CSV export: one row per evaluation, oldest first, built a piece at a time (on
every core when the session is large) and written as it comes. Plain Python and SQLite, no
pydantic: the export and its worker process start without the store's records."""

from __future__ import annotations

import itertools
import json
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import orjson

from judge_tui.store import csv_lines
from judge_tui.store.csv_lines import in_pieces, rows_as_csv
from judge_tui.store.db import Database
from judge_tui.store.session_list import session_id_for
from judge_tui.store.verdict_columns import (
    ANSWER_SCORE_COLUMNS,
    VERDICT_FIELDS_SQL,
    Criterion,
    criteria_in,
    criterion_header,
    iso_time,
    verdict_values,
)
from judge_tui.textsafe import spreadsheet_line

CSV_COLUMNS = (
    "session", "uid", "created_at", "mode", "status", "model", "profile", "question", "answer",
    "answer1", "answer2", "ref_answer", "score", "max_score", "winner", "parsed", "finish_reason",
    "latency_ms", "total_tokens", "error", "content", *ANSWER_SCORE_COLUMNS,
)  # fmt: skip


def csv_chunks(db: Database, name: str) -> Iterator[bytes]:
    """The session's CSV: the header, then each piece's lines in order."""
    session_id = session_id_for(db.conn, name, create=False)
    criteria = criteria_in(db, "e.session_id = ? AND e.superseded = 0", (session_id,))
    yield spreadsheet_line([*CSV_COLUMNS, *map(criterion_header, criteria)]).encode()
    # The evaluations' ids, oldest first. Their first rows say whether the session is large
    # enough for a worker; counting them apart read every row of the session once more.
    cursor = db.conn.execute(
        "SELECT id FROM evaluations WHERE session_id = ? AND superseded = 0 "
        "ORDER BY created_at ASC, id ASC",
        (session_id,),
    )
    first = cursor.fetchmany(csv_lines.PARALLEL_MIN_ROWS)
    ids = (row[0] for row in itertools.chain(first, cursor))
    yield from in_pieces(piece_lines, _pieces(db, name, ids, tuple(criteria)), rows=len(first))


@dataclass(frozen=True)
class CsvPiece:
    """What it takes to write the CSV lines of some of a session's evaluations."""

    database: str
    session: str
    ids: str  # the evaluations' ids, oldest first, as a JSON array
    criteria: tuple[Criterion, ...]


def _pieces(
    db: Database, session: str, ids: Iterable[int], criteria: tuple[Criterion, ...]
) -> Iterator[CsvPiece]:
    """The evaluations cut into pieces as their ids come."""
    ids = iter(ids)
    while piece := list(itertools.islice(ids, csv_lines.PIECE_ROWS)):
        yield CsvPiece(str(db.path), session, json.dumps(piece), criteria)


def piece_lines(piece: CsvPiece) -> bytes:
    """The piece's CSV lines, oldest first and encoded (it may run in a worker process)."""
    criteria = list(piece.criteria)
    return rows_as_csv(
        piece.database,
        f"SELECT {_CSV_READS}, {VERDICT_FIELDS_SQL} FROM evaluations "
        "WHERE id IN (SELECT value FROM json_each(?)) ORDER BY created_at ASC, id ASC",
        (piece.ids,),
        lambda row: _csv_values(piece.session, row, criteria),
    )


# What `_csv_values` reads: not the request and the response, a row's largest columns.
# The inputs' answer-side texts are columns of their own (store/evaluation_row.py: the inputs'
# values as text); only the reference answer is taken out of the inputs' JSON, by SQLite.
_CSV_READS = (
    "uid, created_at, mode, status, model, profile, score, max_score, winner, finish_reason, "
    "latency_ms, usage_json, error, content, question, answer, answer1, answer2, "
    "json_extract(inputs_json, '$.ref_answer') AS ref_answer, "
    "json_type(inputs_json, '$.ref_answer') AS ref_type"
)


def _ref_answer_text(value: Any, kind: str | None) -> str:
    """The reference answer as the other input columns are written: the value as Python text
    (`str` of it as the inputs' JSON decodes), "" when there is none."""
    if kind is None:
        return ""
    if kind in ("array", "object"):
        return str(orjson.loads(value))
    decoded = {"null": None, "true": True, "false": False}.get(kind, value)
    return str(decoded)


def _csv_values(session: str, r: sqlite3.Row, criteria: list[Criterion]) -> list[object]:
    """A stored row as the CSV columns. Only the JSON they need is decoded: the request and the
    response, the largest columns of a row, are not."""
    usage = orjson.loads(r["usage_json"]) if r["usage_json"] else {}
    parsed, extras = verdict_values(r["verdict_fields"], criteria)
    row: dict[str, object] = {
        "session": session, "uid": r["uid"], "created_at": iso_time(r["created_at"]),
        "mode": r["mode"],
        "status": r["status"], "model": r["model"], "profile": r["profile"] or "",
        "score": "" if r["score"] is None else r["score"], "max_score": r["max_score"] or "",
        "winner": r["winner"] or "",
        "parsed": parsed, "answer1_score": extras[0], "answer2_score": extras[1],
        "finish_reason": r["finish_reason"] or "", "latency_ms": r["latency_ms"] or "",
        "total_tokens": usage.get("total_tokens", ""), "error": r["error"] or "",
        "content": r["content"],
    }  # fmt: skip
    for field in ("question", "answer", "answer1", "answer2"):
        row[field] = r[field]
    row["ref_answer"] = _ref_answer_text(r["ref_answer"], r["ref_type"])
    return [*(row[c] for c in CSV_COLUMNS), *extras[2:]]
