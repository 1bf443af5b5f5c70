"""A job's results as CSV (seed 003's columns, the inputs, the verdict) or JSONL (everything)."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from judge_tui.api.jsonl import dump_jsonl_line
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


def job_results(db: Database, job: JobRecord) -> list[EvaluationRecord]:
    rows = db.conn.execute(
        "SELECT * FROM evaluations WHERE batch_job_id = ? ORDER BY id", (job.id,)
    ).fetchall()
    return [row_to_record(row) for row in rows]


def csv_row(record: EvaluationRecord) -> dict[str, Any]:
    line = record.response or {}
    response = line.get("response") or {}
    body = response.get("body") or {}
    error = line.get("error") or {}
    return {
        "custom_id": record.custom_id or "",
        "model": body.get("model") or record.model,
        "request_id": response.get("request_id") or "",
        "status_code": response.get("status_code", ""),
        "error_code": error.get("code") or "",
        "error_message": error.get("message") or "",
        "created": body.get("created", ""),
        "content": record.content,
        "usage": json.dumps(record.usage, ensure_ascii=False) if record.usage else "",
        **{name: str(record.inputs.get(name, "")) for name in INPUT_COLUMNS},
        "score": "" if record.score is None else record.score,
        "max_score": record.max_score or "",
        "winner": record.winner or "",
        "parsed": bool(record.verdict.get("parsed", False)),
    }


def export_job(db: Database, job: JobRecord, fmt: str) -> bytes:
    records = job_results(db, job)
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS)
        writer.writeheader()
        for record in records:
            writer.writerow({k: spreadsheet_cell(v) for k, v in csv_row(record).items()})
        return buffer.getvalue().encode("utf-8")
    if fmt == "jsonl":
        return b"".join(dump_jsonl_line(r.model_dump(mode="json")) for r in records)
    raise ValueError(f"Unknown format {fmt!r}; use csv or jsonl.")
