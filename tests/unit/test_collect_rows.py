"""Collecting a large result file with worker processes stores exactly what one process would:
every result once, the first of a duplicated id, failures from the errors file, and nothing
for an unknown id or a torn line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from judge_tui import in_order
from judge_tui.api.dialects import Dialect
from judge_tui.batch import result_rows
from judge_tui.batch.dataset import BatchItem, Dataset
from judge_tui.batch.runner import BatchRunner, new_job
from judge_tui.store.batch_jobs import Phase, get_job, update_chunk
from judge_tui.store.db import Database
from judge_tui.store.paths import home_paths

COUNT = 600


def _item(i: int) -> BatchItem:
    question = f"Question {i} [@click=app.quit]x[/] [b"
    return BatchItem(
        custom_id=f"item-{i:04d}", line=i + 1, mode="single", max_score=5,
        body={"model": "pai-judge", "messages": [{"role": "user", "content": question}]},
        inputs={"mode": "single", "question": question, "answer": f"Answer {i}"},
        params={"model": "pai-judge"},
    )  # fmt: skip


def _line(custom_id: str, i: int) -> bytes:
    content = f"The overall score of the answer is [[{i % 5 + 1}]]. " + "Because. " * 20
    body = {
        "model": "pai-judge", "usage": {"total_tokens": 9},
        "choices": [{"finish_reason": "stop", "message": {"content": content}}],
    }  # fmt: skip
    line = {"custom_id": custom_id, "response": {"status_code": 200, "body": body}}
    return json.dumps(line).encode() + b"\n"


def _collect(home: Path, monkeypatch: pytest.MonkeyPatch, workers: int) -> list[Any]:
    monkeypatch.setenv("JUDGE_TUI_HOME", str(home))
    monkeypatch.setattr(in_order, "worker_count", lambda: workers)
    monkeypatch.setattr(result_rows, "PARALLEL_MIN_BYTES", 0)
    monkeypatch.setattr(result_rows, "PIECE_BYTES", 16_384)  # many pieces, each a few lines
    paths = home_paths()
    db = Database.open(paths)
    job = new_job(
        db, paths, Dataset(items=[_item(i) for i in range(COUNT)], source="test"),
        name="p", session="p", profile=None, base_url="http://127.0.0.1:9/v1",
        dialect=Dialect.PAI,
    )  # fmt: skip
    chunk = job.chunks[0]
    folder = Path(chunk.input_path).parent
    with (folder / "output-000.jsonl").open("wb") as out:
        for i in range(COUNT - 10):
            out.write(_line(f"item-{i:04d}", i))
        out.write(_line("item-0003", 99))  # a duplicate: the first is kept
        out.write(_line("nobody", 1))  # not an item of the job
        out.write(b'{"custom_id": "item-0590", "resp')  # torn
        out.write(b"\n")
    with (folder / "errors-000.jsonl").open("wb") as out:
        for i in range(COUNT - 10, COUNT - 5):
            error = {"code": "InternalError", "message": "try later"}
            out.write(json.dumps({"custom_id": f"item-{i:04d}", "error": error}).encode() + b"\n")
    update_chunk(db, chunk.id, phase=Phase.FINISHED, status="completed", raw_status="completed")
    runner = BatchRunner(None, db, paths)  # type: ignore[arg-type]  # nothing is downloaded
    job = get_job(db, str(job.id))
    read = runner.store_results(job, job.chunks)
    rows = db.conn.execute(
        "SELECT custom_id, status, score, question, content, response_json, error "
        "FROM evaluations ORDER BY custom_id"
    ).fetchall()
    summary = runner.summarise(get_job(db, str(job.id)))
    # What the collect read as it stored, counted without reading the files again, says the
    # same: the duplicate, the unknown id, the missing ones.
    assert runner.summarise(get_job(db, str(job.id)), read) == summary
    db.close()
    return [tuple(row) for row in rows] + [(summary.sentence(),)]


def test_worker_processes_store_what_one_process_would(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    alone = _collect(tmp_path / "one", monkeypatch, workers=1)
    shared = _collect(tmp_path / "two", monkeypatch, workers=2)
    assert shared == alone
    stored = alone[:-1]
    assert len(stored) == COUNT - 5  # all but the 5 with no result (one of them torn)
    assert sum(1 for row in stored if row[1] == "error") == 5
    first = next(row for row in stored if row[0] == "item-0003")
    assert first[2] == 4  # from its first line (score 3 % 5 + 1), not the duplicate's
    assert "[@click=app.quit]x[/] [b" in first[3]
    assert alone[-1] == (
        "590 succeeded, 5 failed, 0 expired, 5 missing, 1 answered twice (the first answer kept), "
        "1 naming no item of the job (not stored).",
    )
