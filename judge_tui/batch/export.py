"""A job's results as CSV (seed 003's columns, the inputs, the verdict) or JSONL (everything),
written as they are read: rows come from the store a page at a time, only the columns an
export needs are read and decoded (with orjson), and each row goes to the file at once, so
memory stays flat whatever the job's size. The file appears whole or not at all."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, NamedTuple

import orjson

from judge_tui.api.jsonl import dump_jsonl_line
from judge_tui.store import csv_lines
from judge_tui.store.atomic import atomic_output
from judge_tui.store.batch_jobs import JobRecord
from judge_tui.store.csv_lines import in_pieces, rows_as_csv
from judge_tui.store.db import Database
from judge_tui.store.evaluation_row import RECORD_SELECT, record_for_line
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

# The CSV export reads plain columns: the store's pydantic records are imported only by the
# JSONL export, so `batch export --format csv` starts without them.

SEED_COLUMNS = (
    "custom_id", "model", "request_id", "status_code", "error_code", "error_message", "created",
    "content", "usage",
)  # fmt: skip
INPUT_COLUMNS = ("question", "answer", "answer1", "answer2", "ref_answer")
VERDICT_COLUMNS = ("score", "max_score", "winner", "parsed")
# Then each answer's score (pairwise), when it was judged (ISO 8601), and one column per
# criterion the job's verdicts name (store/verdict_columns.py).
CSV_COLUMNS = SEED_COLUMNS + INPUT_COLUMNS + VERDICT_COLUMNS + (*ANSWER_SCORE_COLUMNS, "judged_at")
FORMATS = ("csv", "jsonl")
PAGE = 2000  # rows read from the store at a time

# The stored columns each export reads, and the JSON ones among them (decoded per row).
# The inputs' answer-side texts are columns of their own (store/evaluation_row.py); the rest is
# taken from the JSON in SQLite, which costs less than decoding it here.
_CSV_READS = (
    "custom_id, model, json_extract(response_json, '$.response.body.model', "
    "'$.response.request_id', '$.response.status_code', '$.error.code', '$.error.message', "
    "'$.response.body.created') AS response_fields, "
    "content, usage_json, question, answer, answer1, answer2, "
    "json_extract(inputs_json, '$.ref_answer') AS ref_answer, score, max_score, winner, "
    f"created_at, {VERDICT_FIELDS_SQL}"
)


class ResultLine(NamedTuple):
    """What the results screen lists of one result: no text but the question's start. The
    screen reads the whole evaluation of the one it shows (every record of a 50,000-result job,
    built at once, took 16 s and 980 MB before the list appeared)."""

    uid: str
    custom_id: str | None
    status: str
    score: float | None
    max_score: int
    winner: str | None
    question: str  # its first QUESTION_START characters


QUESTION_START = 80


def result_lines(db: Database, job: JobRecord) -> list[ResultLine]:
    """Every result of the job, in the order they were stored."""
    columns = (
        f"uid, custom_id, status, score, max_score, winner, substr(question, 1, {QUESTION_START})"
    )
    return [ResultLine(*row) for row in _rows(db, job, columns)]


def _id_range(db: Database, job: JobRecord) -> tuple[int | None, int | None, int]:
    """The job's first and last row ids and how many rows it has (from its index alone)."""
    first, last, count = db.conn.execute(
        "SELECT min(id), max(id), count(*) FROM evaluations WHERE batch_job_id = ?", (job.id,)
    ).fetchone()
    return first, last, int(count)


def _stored_order(columns: str) -> str:
    """The query of a job's rows with ids from the first parameter to the second, in the order
    they were stored, read along the table itself. (The job's index is in custom_id order:
    sorting its wide rows by id held the first one back 0.3 s per 60,000 results.)"""
    return (
        f"SELECT {columns} FROM evaluations NOT INDEXED WHERE id BETWEEN ? AND ? "
        "AND batch_job_id = ? ORDER BY id"
    )


def _in_order(db: Database, job: JobRecord, columns: str) -> tuple[str, tuple[Any, ...]]:
    """The query of all the job's rows in the order they were stored, and its parameters."""
    first, last, _ = _id_range(db, job)
    return _stored_order(columns), (first, last, job.id)


def _rows(db: Database, job: JobRecord, columns: str) -> Iterator[Any]:
    cursor = db.conn.execute(*_in_order(db, job, columns))
    while page := cursor.fetchmany(PAGE):
        yield from page


def _json(text: str | None) -> Any:
    return None if text is None else orjson.loads(text)


def usage_text(usage: Any) -> str:
    """The usage cell, as the seed's converter writes it (`json.dumps`, spaces and all). Token
    counts are whole numbers under plain keys, which a join writes the same at half the cost;
    anything else goes through json.dumps."""
    if isinstance(usage, dict) and all(
        type(value) is int and key.isascii() and key.isidentifier() for key, value in usage.items()
    ):
        return "{" + ", ".join([f'"{key}": {value}' for key, value in usage.items()]) + "}"
    return json.dumps(usage, ensure_ascii=False)


def csv_row(row: Any, criteria: list[Criterion]) -> list[Any]:
    """One CSV row, in CSV_COLUMNS order and then the criteria's, from the columns
    `_CSV_READS` names."""
    # The service's result line's few fields, taken out by SQLite (a missing one is null):
    # decoding the whole line here took a third of the time spent building a row.
    fields = row["response_fields"]
    model, request_id, status, code, message, created = (
        [None] * 6 if fields is None else orjson.loads(fields)
    )
    usage = _json(row["usage_json"])
    score = row["score"]
    parsed, extras = verdict_values(row["verdict_fields"], criteria)
    values = (
        row["custom_id"] or "",
        model or row["model"],
        request_id or "",
        "" if status is None else status,
        code or "",
        message or "",
        "" if created is None else created,
        row["content"],
        usage_text(usage) if usage else "",
        *(row[name] for name in INPUT_COLUMNS[:4]),
        "" if row["ref_answer"] is None else str(row["ref_answer"]),
        "" if score is None else score,
        row["max_score"] or "",
        row["winner"] or "",
        parsed,
        *extras[:2],
        iso_time(row["created_at"]),
        *extras[2:],
    )
    return list(values)


# A job's CSV lines are built a range of ids at a time, on every core when the job is large
# (store/csv_lines.py).


@dataclass(frozen=True)
class CsvPiece:
    """What it takes to write the CSV lines of a job's rows with ids `first` to `last`."""

    database: str
    job_id: int
    first: int
    last: int
    criteria: tuple[Criterion, ...]


def piece_lines(piece: CsvPiece) -> bytes:
    """The piece's CSV lines, in id order and encoded (it may run in a worker process; the
    writer only writes what it gets)."""
    criteria = list(piece.criteria)
    return rows_as_csv(
        piece.database,
        _stored_order(_CSV_READS),
        (piece.first, piece.last, piece.job_id),
        lambda row: csv_row(row, criteria),
    )


def _write_csv(db: Database, job: JobRecord, out: BinaryIO) -> int:
    criteria = criteria_in(db, "e.batch_job_id = ?", (job.id,))
    out.write(spreadsheet_line([*CSV_COLUMNS, *map(criterion_header, criteria)]).encode())
    first, last, count = _id_range(db, job)
    if first is None or last is None:
        return 0
    size = csv_lines.PIECE_ROWS
    pieces = [
        CsvPiece(str(db.path), job.id, start, min(last, start + size - 1), tuple(criteria))
        for start in range(first, last + 1, size)
    ]
    for lines in in_pieces(piece_lines, pieces, rows=count):
        out.write(lines)
    return count


def _write_jsonl(db: Database, job: JobRecord, out: BinaryIO) -> int:
    count = 0
    for row in _rows(db, job, RECORD_SELECT):
        # A line is exactly the record's model_dump: its fields in order, its JSON as stored.
        out.write(dump_jsonl_line(record_for_line(row)))
        count += 1
    return count


def export_job(db: Database, job: JobRecord, fmt: str, destination: Path) -> int:
    """Write the job's results to `destination` as `fmt`; returns how many."""
    if fmt not in FORMATS:
        raise ValueError(f"Unknown format {fmt!r}; use csv or jsonl.")
    with atomic_output(destination, mode=0o600) as out:
        return _write_csv(db, job, out) if fmt == "csv" else _write_jsonl(db, job, out)
