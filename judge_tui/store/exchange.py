"""Export a session (JSONL, CSV, Markdown) and import a JSONL export back without loss."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from judge_tui.api.jsonl import dump_jsonl_line, split_jsonl
from judge_tui.in_order import in_order
from judge_tui.store.atomic import atomic_output
from judge_tui.store.csv_lines import csv_lines as rows_as_csv
from judge_tui.store.db import Database
from judge_tui.store.evaluation_row import RECORD_SELECT, record_for_line
from judge_tui.store.export_formats import EXPORT_FORMATS
from judge_tui.store.records import EvaluationRecord, SessionRecord
from judge_tui.store.session_list import session_id_for
from judge_tui.store.sessions import (
    get_session,
    insert_evaluation,
    iter_session_evaluations,
    iter_session_rows,
)
from judge_tui.store.verdict_columns import (
    ANSWER_SCORE_COLUMNS,
    VERDICT_FIELDS_SQL,
    Criterion,
    criteria_in,
    criterion_header,
    iso_time,
    verdict_values,
)
from judge_tui.textsafe import spreadsheet_line, visible_controls

CSV_COLUMNS = (
    "session", "uid", "created_at", "mode", "status", "model", "profile", "question", "answer",
    "answer1", "answer2", "ref_answer", "score", "max_score", "winner", "parsed", "finish_reason",
    "latency_ms", "total_tokens", "error", "content", *ANSWER_SCORE_COLUMNS,
)  # fmt: skip
# Then one column per criterion the session's verdicts name (store/verdict_columns.py).


class ImportProblem(ValueError):
    pass


def export_chunks(db: Database, name: str, fmt: str) -> Iterator[bytes]:
    """A session's export, a piece at a time: evaluations are read from the store a page at a
    time and each is written as it comes, so memory stays flat whatever the session's size."""
    session = get_session(db, name)
    # JSONL and CSV from the stored rows' values: a record is exactly these values (a test
    # keeps EvaluationRecord's fields the row's), without validating each again.
    if fmt == "jsonl":
        yield dump_jsonl_line({"type": "session", **session.model_dump()})
        for row in iter_session_rows(db, name, columns=RECORD_SELECT):
            yield dump_jsonl_line({"type": "evaluation", **record_for_line(row)})
    elif fmt == "csv":
        session_id = session_id_for(db.conn, name, create=False)
        criteria = criteria_in(db, "e.session_id = ? AND e.superseded = 0", (session_id,))
        yield spreadsheet_line([*CSV_COLUMNS, *map(criterion_header, criteria)]).encode()
        count = db.conn.execute(
            "SELECT count(*) FROM evaluations WHERE session_id = ? AND superseded = 0",
            (session_id,),
        ).fetchone()[0]
        pieces = _csv_pieces(db, session.name, session_id, tuple(criteria))
        yield from in_order(csv_lines, pieces, parallel=count >= PARALLEL_MIN_ROWS, share=True)
    elif fmt == "markdown":
        records = iter_session_evaluations(db, name)
        head = [f"# {session.name}\n"]
        if session.notes:
            head.append(f"{session.notes}\n")
        yield "\n".join(visible_controls(part) for part in head).encode("utf-8")
        for r in records:
            yield ("\n" + evaluation_markdown(r)).encode("utf-8")
    else:
        raise ValueError(f"Unknown format {fmt!r}; use one of {', '.join(EXPORT_FORMATS)}.")


# A session's CSV lines are built a few thousand evaluations at a time: on every core when the
# session is large (in_order.py). Below this many, starting the processes costs more than it saves.
PARALLEL_MIN_ROWS = 20_000
PIECE_ROWS = 2_000


@dataclass(frozen=True)
class CsvPiece:
    """What it takes to write the CSV lines of some of a session's evaluations."""

    database: str
    session: str
    ids: str  # the evaluations' ids, oldest first, as a JSON array
    criteria: tuple[Criterion, ...]


def _csv_pieces(
    db: Database, session: str, session_id: int, criteria: tuple[Criterion, ...]
) -> Iterator[CsvPiece]:
    """The session's evaluations, oldest first, cut into pieces as they are read."""
    cursor = db.conn.execute(
        "SELECT id FROM evaluations WHERE session_id = ? AND superseded = 0 "
        "ORDER BY created_at ASC, id ASC",
        (session_id,),
    )
    while ids := cursor.fetchmany(PIECE_ROWS):
        yield CsvPiece(str(db.path), session, json.dumps([row[0] for row in ids]), criteria)


def csv_lines(piece: CsvPiece) -> bytes:
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


def export_session(db: Database, name: str, fmt: str) -> bytes:
    """The whole export in memory (an import round trip, a small session)."""
    return b"".join(export_chunks(db, name, fmt))


def export_session_to(db: Database, name: str, fmt: str, destination: Path) -> None:
    """The export written to `destination` as it is made; the file appears whole or not at all."""
    with atomic_output(destination, mode=0o600) as out:
        for chunk in export_chunks(db, name, fmt):
            out.write(chunk)


def evaluation_markdown(r: EvaluationRecord) -> str:
    """One evaluation as Markdown: a heading with the result, the inputs, the verdict text."""
    headline = (
        f"score {r.score:g}/{r.max_score}" if r.score is not None else
        f"winner {r.winner}" if r.winner else
        f"not readable: {r.verdict.get('reason')}"
    )  # fmt: skip
    out = [f"## {r.mode} · {r.model} · {headline}\n"]
    out.append(f"**Question**\n\n{_fence(str(r.inputs.get('question', '')))}\n")
    for field in ("answer", "answer1", "answer2", "ref_answer"):
        value = str(r.inputs.get(field, ""))
        if value:
            label = "Reference answer" if field == "ref_answer" else field.capitalize()
            out.append(f"**{label}**\n\n{_fence(value)}\n")
    out.append(f"**Verdict**\n\n{_fence(r.content)}\n")
    # Read in a terminal as often as in an editor: no control sequence in it.
    return visible_controls("\n".join(out))


def _fence(text: str) -> str:
    # Text is data: fence it so nothing in it renders as Markdown.
    fence = "```"
    while fence in text:
        fence += "`"
    return f"{fence}text\n{text}\n{fence}"


def import_jsonl(db: Database, data: bytes) -> tuple[list[str], int, int]:
    """Sessions named, evaluations added, evaluations already there (same uid) skipped.

    The whole file is checked first; one transaction adds it, so a bad file adds nothing."""
    current: SessionRecord | None = None
    plan: list[tuple[SessionRecord, list[EvaluationRecord]]] = []
    for line in split_jsonl(data):
        try:
            obj = json.loads(line.raw)
            kind = obj.pop("type")
            if kind == "session":
                current = SessionRecord.model_validate(obj)
                plan.append((current, []))
            elif kind == "evaluation":
                if current is None:
                    raise ImportProblem(f"line {line.number}: an evaluation before any session")
                plan[-1][1].append(EvaluationRecord.model_validate(obj))
            else:
                raise ImportProblem(f"line {line.number}: unknown type {kind!r}")
        except ImportProblem:
            raise
        except Exception as exc:
            raise ImportProblem(
                f"line {line.number} is not a judge-tui JSONL export line ({type(exc).__name__}); "
                "nothing was imported."
            ) from None
    added = skipped = 0
    with db.transaction() as conn:
        for session, records in plan:
            exists = conn.execute(
                "SELECT 1 FROM sessions WHERE name = ?", (session.name,)
            ).fetchone()
            session_id = session_id_for(conn, session.name, create=True, at=session.created_at)
            if not exists:
                conn.execute(
                    "UPDATE sessions SET notes = ?, updated_at = ? WHERE id = ?",
                    (session.notes, session.updated_at, session_id),
                )
            for record in records:
                if conn.execute(
                    "SELECT 1 FROM evaluations WHERE uid = ?", (record.uid,)
                ).fetchone():
                    skipped += 1
                    continue
                insert_evaluation(conn, session_id, record)
                added += 1
    return [s.name for s, _ in plan], added, skipped
