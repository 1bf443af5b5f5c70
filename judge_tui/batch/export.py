"""A job's results as CSV (seed 003's columns, the inputs, the verdict) or JSONL (everything),
written as they are read: rows come from the store a page at a time, only the columns an
export needs are read and decoded (with orjson), and each row goes to the file at once, so
memory stays flat whatever the job's size. The file appears whole or not at all."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

import orjson

from judge_tui.api.jsonl import dump_jsonl_line
from judge_tui.store.atomic import atomic_output
from judge_tui.store.batch_jobs import JobRecord
from judge_tui.store.db import Database
from judge_tui.store.records import EvaluationRecord
from judge_tui.store.sessions import row_to_record
from judge_tui.textsafe import spreadsheet_cell

SEED_COLUMNS = (
    "custom_id", "model", "request_id", "status_code", "error_code", "error_message", "created",
    "content", "usage",
)  # fmt: skip
INPUT_COLUMNS = ("question", "answer", "answer1", "answer2", "ref_answer")
VERDICT_COLUMNS = ("score", "max_score", "winner", "parsed")
CSV_COLUMNS = SEED_COLUMNS + INPUT_COLUMNS + VERDICT_COLUMNS
FORMATS = ("csv", "jsonl")
PAGE = 2000  # rows read from the store at a time

# The stored columns each export reads, and the JSON ones among them (decoded per row).
_CSV_READS = (
    "custom_id, model, response_json, content, usage_json, inputs_json, score, max_score, "
    "winner, verdict_json"
)
# An EvaluationRecord's fields, in its order: a JSONL line is exactly its model_dump.
_RECORD_FIELDS = tuple(EvaluationRecord.model_fields)
_JSON_COLUMNS = {
    "inputs": "inputs_json", "params": "params_json", "request": "request_json",
    "response": "response_json", "verdict": "verdict_json", "usage": "usage_json",
}  # fmt: skip


def job_results(db: Database, job: JobRecord) -> list[EvaluationRecord]:
    """Every result as a record (the results screen shows them one by one)."""
    rows = db.conn.execute(
        "SELECT * FROM evaluations WHERE batch_job_id = ? ORDER BY id", (job.id,)
    ).fetchall()
    return [row_to_record(row) for row in rows]


def _rows(db: Database, job: JobRecord, columns: str) -> Iterator[Any]:
    cursor = db.conn.execute(
        f"SELECT {columns} FROM evaluations WHERE batch_job_id = ? ORDER BY id", (job.id,)
    )
    while page := cursor.fetchmany(PAGE):
        yield from page


def _json(text: str | None) -> Any:
    return None if text is None else orjson.loads(text)


def csv_row(row: Any) -> list[Any]:
    """One CSV row, in CSV_COLUMNS order, from the columns `_CSV_READS` names."""
    line = _json(row["response_json"]) or {}
    response = line.get("response") or {}
    body = response.get("body") or {}
    error = line.get("error") or {}
    usage = _json(row["usage_json"])
    inputs = _json(row["inputs_json"]) or {}
    verdict = _json(row["verdict_json"]) or {}
    score = row["score"]
    values = (
        row["custom_id"] or "",
        body.get("model") or row["model"],
        response.get("request_id") or "",
        response.get("status_code", ""),
        error.get("code") or "",
        error.get("message") or "",
        body.get("created", ""),
        row["content"],
        json.dumps(usage, ensure_ascii=False) if usage else "",
        *(str(inputs.get(name, "")) for name in INPUT_COLUMNS),
        "" if score is None else score,
        row["max_score"] or "",
        row["winner"] or "",
        bool(verdict.get("parsed", False)),
    )
    return [spreadsheet_cell(value) for value in values]


def _write_csv(db: Database, job: JobRecord, out: BinaryIO) -> int:
    text = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)
    writer = csv.writer(text)
    writer.writerow(CSV_COLUMNS)
    count = 0
    for row in _rows(db, job, _CSV_READS):
        writer.writerow(csv_row(row))
        count += 1
    text.detach()  # the atomic writer closes the file itself
    return count


def _write_jsonl(db: Database, job: JobRecord, out: BinaryIO) -> int:
    count = 0
    for row in _rows(db, job, "*"):
        record = {
            name: _json(row[_JSON_COLUMNS[name]]) if name in _JSON_COLUMNS else row[name]
            for name in _RECORD_FIELDS
        }
        out.write(dump_jsonl_line(record))
        count += 1
    return count


def export_job(db: Database, job: JobRecord, fmt: str, destination: Path) -> int:
    """Write the job's results to `destination` as `fmt`; returns how many."""
    if fmt not in FORMATS:
        raise ValueError(f"Unknown format {fmt!r}; use csv or jsonl.")
    with atomic_output(destination, mode=0o600) as out:
        return _write_csv(db, job, out) if fmt == "csv" else _write_jsonl(db, job, out)
