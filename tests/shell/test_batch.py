"""Batch jobs end to end against the emulator over loopback HTTP: build, split, submit, track,
collect, export, resubmit; bad datasets; faults; and processes killed at the worst moments."""

from __future__ import annotations

import csv
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from judge_tui.emulator.server import EmulatorServer
from judge_tui.store.batch_jobs import get_job, list_jobs
from judge_tui.store.db import Database
from judge_tui.store.paths import home_paths

from ..cli_helpers import TOKEN_VARS, run_cli
from ..conftest import TOKEN

HOSTILE = "[@click=app.quit]x[/] [b"


def write_dataset(path: Path, count: int, *, answer_bytes: int = 40) -> Path:
    with path.open("w", encoding="utf-8") as out:
        for i in range(count):
            answer = f"It is {2 * i}. " + "x" * answer_bytes
            row = {
                "custom_id": f"q{i}",
                "question": f"What is {i}+{i}? {HOSTILE}",
                "answer": answer,
            }
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    return path


def stats(server: EmulatorServer) -> dict[str, int]:
    return dict(server.emulator.stats)


def batch(
    server: EmulatorServer, *args: str, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    return run_cli("batch", *args, token=TOKEN, timeout=timeout)


def stored(job_ref: str = "1") -> tuple[int, int]:
    """(evaluations stored for the job, distinct custom_ids among them)"""
    db = Database.open(home_paths())
    try:
        job = get_job(db, job_ref)
        rows = db.conn.execute(
            "SELECT count(*), count(DISTINCT custom_id) FROM evaluations WHERE batch_job_id = ?",
            (job.id,),
        ).fetchone()
        return int(rows[0]), int(rows[1])
    finally:
        db.close()


def test_a_dataset_with_problems_sends_nothing_and_names_each_line(
    emulator: EmulatorServer, tmp_path: Path
) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(
        json.dumps({"custom_id": "a", "question": "Q1", "answer": "A1"}) + "\n"
        + "{not json\n"
        + json.dumps({"custom_id": "a", "question": "Q2", "answer": "A2"}) + "\n"
        + json.dumps({"custom_id": "c", "question": "Q3"}) + "\n",
        encoding="utf-8",
    )  # fmt: skip
    result = batch(emulator, "submit", str(path), "--base-url", emulator.base_url)
    assert result.returncode == 2
    message = result.stderr
    assert "line 2: is not JSON" in message
    assert "line 3: custom_id 'a' is also on line 1" in message
    assert "line 4: the answer is empty" in message
    assert "nothing was sent" in message
    assert stats(emulator)["uploads"] == 0 and stats(emulator)["batches_created"] == 0


def test_a_12_mb_dataset_becomes_two_files_tracked_to_the_end_stored_and_exported(
    start_emulator: Callable[..., EmulatorServer], tmp_path: Path
) -> None:
    server = start_emulator(batch_seconds=1.0)
    path = write_dataset(tmp_path / "big.jsonl", 1200, answer_bytes=10_000)
    assert path.stat().st_size > 12_000_000
    result = batch(server, "submit", str(path), "--base-url", server.base_url, "--wait")
    assert result.returncode == 0, result.stderr
    assert "1200 succeeded" in result.stdout
    assert stats(server)["uploads"] == 2 and stats(server)["batches_created"] == 2
    assert stored() == (1200, 1200)
    # Stored, and the indexing not waited for (said); the next search indexes first.
    assert "1200 results are not in the search index yet" in result.stderr
    found = run_cli("sessions", "search", "What is 1199+1199")
    assert found.returncode == 0 and found.stdout.count("What is 1199+1199") == 1, found.stdout
    assert "indexing 1200 stored results for search first" in found.stderr
    again = run_cli("sessions", "search", "What is 1198+1198")
    assert again.stdout.count("What is 1198+1198") == 1 and "indexing" not in again.stderr
    # Counted for analysis at the first analysis command, once, and said.
    first = run_cli("stats", "job:1", "--format", "json")
    assert first.returncode == 0, first.stderr
    assert "counting 1200 stored results for analysis first" in first.stderr
    assert json.loads(first.stdout)["count"] == 1200
    again = run_cli("stats", "job:1", "--format", "json")
    assert "counting" not in again.stderr and json.loads(again.stdout)["count"] == 1200
    out = tmp_path / "results.csv"
    assert batch(server, "export", "1", "--format", "csv", "--output", str(out)).returncode == 0
    with out.open(encoding="utf-8", newline="") as source:
        rows = list(csv.DictReader(source))
    assert list(rows[0])[:9] == [
        "custom_id", "model", "request_id", "status_code", "error_code", "error_message",
        "created", "content", "usage",
    ]  # fmt: skip
    assert {"question", "answer", "score", "max_score", "winner", "parsed"} <= set(rows[0])
    assert len(rows) == 1200 and all(r["status_code"] == "200" for r in rows)
    assert any(HOSTILE in r["question"] for r in rows)
    jsonl = tmp_path / "results.jsonl"
    assert batch(server, "export", "1", "--format", "jsonl", "-o", str(jsonl)).returncode == 0
    assert len(jsonl.read_bytes().split(b"\n")) == 1201


def test_the_bailian_dialect_works_the_same_way(
    start_emulator: Callable[..., EmulatorServer], tmp_path: Path
) -> None:
    server = start_emulator(dialect="dashscope", batch_seconds=0.5)
    path = write_dataset(tmp_path / "d.jsonl", 30)
    home_paths().ensure()
    run_cli("profile", "add", "bailian", "--base-url", server.base_url, "--dialect", "dashscope",
            "--no-token")  # fmt: skip
    result = run_cli(
        "batch", "submit", str(path), "--profile", "bailian", "--wait", token=TOKEN, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert "30 succeeded" in result.stdout
    folder = next(home_paths().batches.iterdir())
    first = json.loads((folder / "input-000.jsonl").read_text().split("\n")[0])
    assert first["method"] == "POST" and first["url"] == "/v1/chat/completions"
    status = run_cli("batch", "status", "1", token=TOKEN)
    assert "completed" in status.stdout  # lower-case statuses, read the same way


def test_with_a_fault_rate_of_0_3_the_job_still_completes(
    start_emulator: Callable[..., EmulatorServer], tmp_path: Path
) -> None:
    server = start_emulator(batch_seconds=0.5, fault_rate=0.3, retry_after_s=0.1, seed=7)
    path = write_dataset(tmp_path / "f.jsonl", 50)
    result = batch(server, "submit", str(path), "--base-url", server.base_url, "--wait")
    assert result.returncode == 0, result.stderr
    assert stored() == (50, 50)
    assert stats(server)["batches_created"] == 1  # never billed twice
    assert stats(server)["uploads"] == 1


def test_results_answered_twice_or_for_no_item_are_said_and_not_stored(
    start_emulator: Callable[..., EmulatorServer], tmp_path: Path
) -> None:
    """The service's output holds one result twice and one for an id no line had: the collect
    keeps the first answer, stores nothing for the stranger, and says both."""
    server = start_emulator(batch_seconds=0.0, stray_results=True)
    path = write_dataset(tmp_path / "s.jsonl", 5)
    result = batch(server, "submit", str(path), "--base-url", server.base_url, "--wait")
    assert result.returncode == 0, result.stderr
    assert (
        "Collected: 5 succeeded, 0 failed, 0 expired, 0 missing, 1 answered twice (the first "
        "answer kept), 1 naming no item of the job (not stored)." in result.stdout
    ), result.stdout
    assert stored() == (5, 5)
    again = batch(server, "collect", "1")  # counted the same from the files, the second time
    assert "1 answered twice (the first answer kept), 1 naming no item" in again.stdout


def test_failed_lines_are_stored_as_failed_and_resubmitted_as_a_linked_job(
    start_emulator: Callable[..., EmulatorServer], tmp_path: Path
) -> None:
    server = start_emulator(batch_seconds=0.5, batch_line_fail_rate=0.3, seed=3)
    path = write_dataset(tmp_path / "r.jsonl", 40)
    result = batch(server, "submit", str(path), "--base-url", server.base_url, "--wait")
    assert result.returncode == 0, result.stderr
    db = Database.open(home_paths())
    failed = db.conn.execute("SELECT count(*) FROM evaluations WHERE status = 'error'").fetchone()[
        0
    ]
    db.close()
    assert failed > 0
    again = batch(server, "resubmit", "1")
    assert again.returncode == 0, again.stderr
    assert f"{failed} items resubmitted" in again.stdout
    db = Database.open(home_paths())
    retry = get_job(db, "2")
    db.close()
    assert retry.parent_job_id == 1 and retry.total_lines == failed


# --- killed at the worst moments ------------------------------------------------------------


def spawn(*args: str) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if k not in TOKEN_VARS}
    env["JUDGE_MODEL_TOKEN"] = TOKEN
    return subprocess.Popen(
        [sys.executable, "-m", "judge_tui", *args],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def wait_until(condition: Callable[[], bool], seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("the moment never came")
        time.sleep(0.005)


@pytest.mark.parametrize("moment", ["uploads", "batches_created"])
def test_killed_right_after_a_post_a_restart_finishes_without_posting_twice(
    start_emulator: Callable[..., EmulatorServer], tmp_path: Path, moment: str
) -> None:
    # The service does the work, then takes a second to answer: the process is killed in
    # that second, so the journal says the POST was sent but not what came of it.
    server = start_emulator(batch_seconds=0.5, answer_delay_ms=1000)
    path = write_dataset(tmp_path / "k.jsonl", 25)
    process = spawn("batch", "submit", str(path), "--base-url", server.base_url)
    try:
        wait_until(lambda: stats(server)[moment] == 1)
        process.send_signal(signal.SIGKILL)
        process.wait(10)
    finally:
        process.kill()
    db = Database.open(home_paths())
    phase = get_job(db, "1").chunks[0].phase.value
    db.close()
    # The journal shows the step was under way: the restart has to ask the service.
    assert phase == {"uploads": "uploading", "batches_created": "creating"}[moment]
    server.emulator.config.answer_delay_ms = 0
    result = batch(server, "status", "1", "--watch")
    assert result.returncode == 0, result.stderr
    assert batch(server, "collect", "1").returncode == 0
    assert stats(server)["uploads"] == 1
    assert stats(server)["batches_created"] == 1
    assert stored() == (25, 25)


def test_killed_while_collecting_a_restart_stores_every_result_once(
    start_emulator: Callable[..., EmulatorServer], tmp_path: Path
) -> None:
    server = start_emulator(batch_seconds=0.3)
    path = write_dataset(tmp_path / "c.jsonl", 3000)
    result = batch(server, "submit", str(path), "--base-url", server.base_url)
    assert result.returncode == 0, result.stderr
    assert batch(server, "status", "1", "--watch").returncode == 0
    process = spawn("batch", "collect", "1")
    try:
        wait_until(lambda: home_paths().database.exists() and 0 < _count() < 3000, 60)
        process.send_signal(signal.SIGKILL)
        process.wait(10)
    finally:
        process.kill()
    partial = _count()
    assert 0 < partial < 3000
    again = batch(server, "collect", "1")
    assert again.returncode == 0, again.stderr
    assert "3000 succeeded" in again.stdout
    assert stored() == (3000, 3000)


def test_a_results_file_the_service_lost_leaves_the_other_chunks_stored(
    start_emulator: Callable[..., EmulatorServer], tmp_path: Path
) -> None:
    server = start_emulator(batch_seconds=0.3)
    path = write_dataset(tmp_path / "two.jsonl", 1200, answer_bytes=10_000)  # two chunks
    assert batch(server, "submit", str(path), "--base-url", server.base_url).returncode == 0
    assert batch(server, "status", "1", "--watch").returncode == 0
    engine = server.emulator.engine
    with engine.lock:
        first = min(engine.batches.values(), key=lambda b: b.seq)
        assert first.output_file_id is not None
        del engine.files[first.output_file_id]  # its results are gone from the service
    result = batch(server, "collect", "1")
    assert result.returncode == 1
    assert "404 Not Found" in result.stderr  # said, with what to check
    count, distinct = stored()
    assert count == distinct == 1200 - first.total  # the other chunk's results, each once


def _count() -> int:
    try:
        db = Database.open(home_paths())
    except Exception:
        return 0
    try:
        return int(
            db.conn.execute(
                "SELECT count(*) FROM evaluations WHERE batch_job_id IS NOT NULL"
            ).fetchone()[0]
        )
    finally:
        db.close()


def test_the_emulator_counts_are_real(emulator: EmulatorServer) -> None:
    # The crash tests rely on the emulator's counters: they must count what arrived over HTTP.
    headers = {"Authorization": f"Bearer {TOKEN}"}
    httpx.post(
        f"{emulator.base_url}/files", headers=headers, data={"purpose": "batch"},
        files={"file": ("x.jsonl", b'{"custom_id":"1","body":{"model":"m","messages":[]}}\n')},
    )  # fmt: skip
    assert stats(emulator)["uploads"] == 1


def test_a_sessions_evaluations_are_judged_again_offline(
    start_emulator: Callable[..., EmulatorServer],
) -> None:
    server = start_emulator(batch_seconds=0.3)
    for n in range(3):
        judged = run_cli(
            "judge", "--base-url", server.base_url, "--question", f"Q{n} {HOSTILE}",
            "--answer", f"A{n}", "--session", "online", token=TOKEN,
        )  # fmt: skip
        assert judged.returncode == 0, judged.stderr
    result = batch(server, "submit", "--from-session", "online", "--base-url", server.base_url,
                   "--wait")  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "3 succeeded" in result.stdout
    assert stats(server)["chat_requests"] == 3  # the online ones; the batch went offline
    neither = batch(server, "submit")
    assert neither.returncode == 2 and "one of the two" in neither.stderr


def test_a_chunk_the_service_refuses_ends_the_job_with_its_items_missing(
    start_emulator: Callable[..., EmulatorServer], tmp_path: Path
) -> None:
    server = start_emulator(batch_seconds=0.3, max_file_bytes=2000)  # every upload is too big
    path = write_dataset(tmp_path / "big.jsonl", 25)
    result = batch(server, "submit", str(path), "--base-url", server.base_url, "--wait")
    assert result.returncode == 1, result.stderr  # nothing got a verdict: a failure
    assert "upload was refused" in result.stderr
    assert "0 succeeded" in result.stdout and "25 missing" in result.stdout
    assert stats(server)["batches_created"] == 0


async def test_a_job_cancelled_before_it_is_sent_is_never_sent(
    emulator: EmulatorServer, tmp_path: Path
) -> None:
    from judge_tui.api.client import JudgeClient
    from judge_tui.api.credentials import Token
    from judge_tui.api.dialects import Dialect
    from judge_tui.batch.dataset import load_dataset
    from judge_tui.batch.runner import BatchRunner, new_job
    from judge_tui.judging.inputs import JudgeParams

    paths = home_paths()
    db = Database.open(paths)
    dataset = load_dataset(write_dataset(tmp_path / "x.jsonl", 5), params=JudgeParams())
    job = new_job(
        db, paths, dataset, name="never", session=None, profile=None,
        base_url=emulator.base_url, dialect=Dialect.PAI,
    )  # fmt: skip
    async with JudgeClient(emulator.base_url, Token(TOKEN, "test")) as client:
        runner = BatchRunner(client, db, paths)
        job = await runner.cancel(job)
        job = await runner.advance(job)  # a later look must not send it after all
        summary = await runner.collect(job)
    db.close()
    assert stats(emulator)["uploads"] == 0 and stats(emulator)["batches_created"] == 0
    assert summary.cancelled == 5


# --- never billed twice (issue 11.4, 11.5) --------------------------------------------------


def test_the_same_submit_run_again_after_a_kill_resumes_the_job(
    start_emulator: Callable[..., EmulatorServer], tmp_path: Path
) -> None:
    server = start_emulator(batch_seconds=0.5, answer_delay_ms=1000)
    path = write_dataset(tmp_path / "again.jsonl", 20)
    process = spawn("batch", "submit", str(path), "--name", "wk", "--base-url", server.base_url)
    try:
        wait_until(lambda: stats(server)["uploads"] == 1)
        process.send_signal(signal.SIGKILL)
        process.wait(10)
    finally:
        process.kill()
    server.emulator.config.answer_delay_ms = 0
    # The user runs the very same command again.
    again = batch(server, "submit", str(path), "--name", "wk", "--base-url", server.base_url)
    assert again.returncode == 0, again.stderr
    assert "resuming it" in again.stderr
    assert stats(server)["uploads"] == 1 and stats(server)["batches_created"] == 1
    # Once more, by file under another name: still the same unfinished job.
    third = batch(server, "submit", str(path), "--name", "other", "--base-url", server.base_url)
    assert "resuming it" in third.stderr
    assert stats(server)["batches_created"] == 1
    db = Database.open(home_paths())
    assert len(list_jobs(db)) == 1
    db.close()
    # --new is the way to bill it again on purpose.
    fresh = batch(
        server, "submit", str(path), "--name", "wk", "--new", "--base-url", server.base_url
    )
    assert fresh.returncode == 0, fresh.stderr
    assert stats(server)["batches_created"] == 2


def test_the_same_submit_run_again_once_the_job_is_done_sends_nothing(
    start_emulator: Callable[..., EmulatorServer], tmp_path: Path
) -> None:
    """A rerun after the job is done (the command run twice, up-arrow and Enter) would bill the
    very same requests again: it sends nothing and says where the results are. Other requests
    (another model) or --new are other work, and are sent."""
    server = start_emulator(batch_seconds=0.2)
    path = write_dataset(tmp_path / "done.jsonl", 6)
    first = batch(server, "submit", str(path), "--wait", "--base-url", server.base_url)
    assert first.returncode == 0, first.stderr
    assert "Job 1 (done): done." in first.stdout
    sent = stats(server)
    again = batch(server, "submit", str(path), "--wait", "--base-url", server.base_url)
    assert again.returncode == 0, again.stderr
    assert "is done and sent these very requests to this service; nothing was sent" in (
        again.stderr
    )
    assert "judge-tui batch export 1" in again.stderr and "Job 1 (done): done." in again.stdout
    assert "judge-tui batch resubmit 1" in again.stderr
    # Another verdict format is a re-read of the same verdicts, not new requests.
    reformat = batch(server, "submit", str(path), "--verdict-format", "mtbench-single",
                     "--base-url", server.base_url)  # fmt: skip
    assert "sessions reread --job 1 --verdict-format F" in reformat.stderr
    assert stats(server)["uploads"] == sent["uploads"] == 1
    assert stats(server)["batches_created"] == sent["batches_created"] == 1
    # The same file under another name is still the same requests.
    renamed = batch(server, "submit", str(path), "--name", "wk2", "--base-url", server.base_url)
    assert "nothing was sent" in renamed.stderr and stats(server)["batches_created"] == 1
    other = batch(server, "submit", str(path), "--model", "pai-judge-plus", "--wait",
                  "--base-url", server.base_url)  # fmt: skip
    assert other.returncode == 0, other.stderr
    assert stats(server)["batches_created"] == 2
    fresh = batch(server, "submit", str(path), "--new", "--base-url", server.base_url)
    assert fresh.returncode == 0, fresh.stderr
    assert stats(server)["batches_created"] == 3
    db = Database.open(home_paths())
    assert len(list_jobs(db)) == 3
    db.close()


def test_a_request_with_an_integer_past_64_bits_is_sent_once(
    start_emulator: Callable[..., EmulatorServer], tmp_path: Path
) -> None:
    """Requests given whole in the file are JSON the service may take, big integers and all:
    planned, sent, and not sent again by a rerun, with no traceback."""
    server = start_emulator(batch_seconds=0.2)
    body = {"model": "pai-judge", "messages": [{"role": "user", "content": "Is 2+2 4?"}],
            "seed": 2**70}  # fmt: skip
    path = tmp_path / "requests.jsonl"
    path.write_text(json.dumps({"custom_id": "big", "body": body}) + "\n")
    for _ in range(2):
        sent = batch(server, "submit", str(path), "--wait", "--base-url", server.base_url)
        assert sent.returncode == 0 and "Traceback" not in sent.stderr, sent.stderr
    assert "nothing was sent" in sent.stderr
    assert stats(server)["batches_created"] == 1


def test_an_upload_reconciled_after_a_crash_is_found_on_a_later_page(
    start_emulator: Callable[..., EmulatorServer], tmp_path: Path
) -> None:
    server = start_emulator(batch_seconds=0.5, answer_delay_ms=1000, files_page_size=2)
    path = write_dataset(tmp_path / "paged.jsonl", 10)
    process = spawn("batch", "submit", str(path), "--base-url", server.base_url)
    try:
        wait_until(lambda: stats(server)["uploads"] == 1)
        process.send_signal(signal.SIGKILL)
        process.wait(10)
    finally:
        process.kill()
    server.emulator.config.answer_delay_ms = 0
    # Other uploads come after ours: the newest-first list puts ours on the third page.
    for n in range(5):
        server.emulator.engine.add_file(f"other-{n}.jsonl", "batch", b"{}\n")
    assert stats(server)["uploads"] == 6
    result = batch(server, "status", "1", "--watch")
    assert result.returncode == 0, result.stderr
    assert "its upload had arrived" in result.stderr
    assert stats(server)["uploads"] == 6  # ours was found, not sent again


def test_a_job_the_service_rejects_says_why_and_exits_non_zero(
    start_emulator: Callable[..., EmulatorServer], tmp_path: Path
) -> None:
    """Issue 11.18: lines in the wrong dialect are rejected line by line by the service; the
    user reads its reasons, and the command fails, until --dialect fixes it."""
    server = start_emulator(batch_seconds=0.2, dialect="dashscope")
    path = write_dataset(tmp_path / "d.jsonl", 4)
    wrong = batch(server, "submit", str(path), "--base-url", server.base_url, "--wait")
    assert wrong.returncode == 1, wrong.stderr
    assert "method/url missing" in wrong.stderr and "--dialect dashscope" in wrong.stderr
    collect = batch(server, "collect", "1")
    assert collect.returncode == 1 and "method/url missing" in collect.stderr
    right = batch(server, "submit", str(path), "--base-url", server.base_url, "--wait",
                  "--dialect", "dashscope", "--new")  # fmt: skip
    assert right.returncode == 0, right.stderr
    assert "4 succeeded" in right.stdout
