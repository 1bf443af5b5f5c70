"""Collecting a batch job's results: parse the output, join each line to its item by
custom_id, read the verdict and store it (docs/architecture.md §7: at least 50 MB/s, peak RSS under
250 MB).

The collect stores every result; adding them to the full-text index follows as its own step
(store/search_index.py), timed and reported separately.

A synthetic job is built in a temporary home (chunks of 50,000 items, as judge-tui splits
them), its output files written as the service would (shuffled order, one line per item, a
verdict in the documented format), then `BatchRunner.store_results` runs on all the chunks, in a
child process so its peak RSS is its own (and that of the worker processes it starts).

    python benchmarks/collect_breakdown.py [--mb 500]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from judge_tui.api.dialects import Dialect
from judge_tui.batch.build import MAX_LINES
from judge_tui.batch.dataset import BatchItem, Dataset
from judge_tui.batch.result_rows import Piece, cut, item_offsets, piece_rows
from judge_tui.batch.runner import BatchRunner, items_path, new_job
from judge_tui.in_order import worker_count
from judge_tui.store.batch_jobs import Phase, get_job, update_chunk
from judge_tui.store.db import Database
from judge_tui.store.evaluation_row import EvaluationRow
from judge_tui.store.paths import home_paths
from judge_tui.store.search_index import index_backlog
from judge_tui.store.session_list import session_id_for
from judge_tui.store.sessions import insert_batch_rows

VERDICT = (
    "I think the overall score of the answer is [[{score}]] due to the following reasons:\n"
    "Advantages of the answer:\n1. Relevance: The answer addresses the question directly. [[4]]\n"
    "2. Completeness: The answer covers the main points of the question. [[3]]\n"
    "Shortcomings of the answer:\n1. Accuracy: some points are left unexplained. [[2]]\n"
    "In summary, this results in an overall rating of {score}. " + "Details follow. " * 40
)


def output_line(custom_id: str, i: int) -> bytes:
    body = {
        "id": f"chatcmpl-{i}", "object": "chat.completion", "created": 1_790_000_000,
        "model": "pai-judge",
        "choices": [{"index": 0, "finish_reason": "stop",
                     "message": {"role": "assistant", "content": VERDICT.format(score=i % 5 + 1)}}],
        "usage": {"prompt_tokens": 200, "completion_tokens": 300, "total_tokens": 500},
    }  # fmt: skip
    response = {"status_code": 200, "request_id": f"req-{i}", "body": body}
    line = {"id": f"line-{i}", "custom_id": custom_id, "response": response, "error": None}
    return json.dumps(line).encode() + b"\n"


def build(mb: int) -> tuple[int, int]:
    """A job whose output files add up to `mb` MB; returns (job id, output bytes)."""
    per_line = len(output_line("item-000000", 0))
    count = mb * 1024 * 1024 // per_line
    items = [
        BatchItem(
            custom_id=f"item-{i:06d}",
            line=i + 1,
            mode="single",
            max_score=5,
            body={"model": "pai-judge", "messages": [{"role": "user", "content": f"q{i}"}]},
            inputs={"mode": "single", "question": f"Question {i}", "answer": f"Answer {i}"},
            params={"model": "pai-judge"},
        )
        for i in range(count)
    ]
    paths = home_paths()
    db = Database.open(paths)
    job = new_job(
        db, paths, Dataset(items=items, source="synthetic"), name="bench", session="bench",
        profile=None, base_url="http://127.0.0.1:9/v1", dialect=Dialect.DASHSCOPE,
    )  # fmt: skip
    total = 0
    for chunk in job.chunks:
        start = chunk.seq * MAX_LINES
        ids = [f"item-{i:06d}" for i in range(start, start + chunk.lines)]
        random.shuffle(ids)  # results come in any order
        out = Path(chunk.input_path).with_name(f"output-{chunk.seq:03d}.jsonl")
        with out.open("wb") as sink:
            for n, custom_id in enumerate(ids):
                line = output_line(custom_id, start + n)
                total += len(line)
                sink.write(line)
        update_chunk(db, chunk.id, phase=Phase.FINISHED, status="completed", raw_status="completed")
    db.close()
    return job.id, total


def peak_rss_mb() -> float:
    """This process's own high-water mark. Not getrusage's ru_maxrss: that one keeps the
    parent's peak across fork and exec, and the parent built a job of several hundred MB."""
    status = Path("/proc/self/status").read_text()
    kb = next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM"))
    return kb / 1024


def rss_mb(pid: int) -> float:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:  # the process ended meanwhile
        return 0.0
    kb = next((int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS")), 0)
    return kb / 1024


def children(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        with contextlib.suppress(OSError):
            found += [int(child) for child in (task / "children").read_text().split()]
    return found


class TotalRss(threading.Thread):
    """The largest sum, seen at one moment, of this process's RSS and its worker processes'
    (sampled every 20 ms): getrusage cannot give it, and a worker's ru_maxrss starts from its
    parent's at fork."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.peak = 0.0
        self.stopped = threading.Event()

    def run(self) -> None:
        me = os.getpid()
        while not self.stopped.wait(0.02):
            total = rss_mb(me) + sum(rss_mb(child) for child in children(me))
            self.peak = max(self.peak, total)


def collect(job_id: int) -> None:
    paths = home_paths()
    db = Database.open(paths)
    job = get_job(db, str(job_id))
    runner = BatchRunner(None, db, paths)  # type: ignore[arg-type]  # nothing is downloaded
    sampler = TotalRss()
    sampler.start()
    started = time.perf_counter()
    runner.store_results(job, job.chunks)
    elapsed = time.perf_counter() - started
    sampler.stopped.set()
    sampler.join()
    stored = db.conn.execute(
        "SELECT count(*) FROM evaluations WHERE batch_job_id = ?", (job_id,)
    ).fetchone()[0]
    peak = peak_rss_mb()
    # Then what every collect is followed by: its results added to the search index.
    started = time.perf_counter()
    indexed = index_backlog(db)
    indexing = time.perf_counter() - started
    result = {"seconds": elapsed, "stored": stored, "peak_rss_mb": peak}
    result |= {"total_peak_rss_mb": sampler.peak, "workers": worker_count()}
    print(json.dumps(result | {"index_seconds": indexing, "indexed": indexed}))


def per_result_costs(job_id: int, pieces: int = 30) -> None:
    """What bounds the collect, per result, measured on some of this job's own results in a
    process of its own (not to add to the collect's memory): the CPU to read one and build its
    row, and the time to store it (SQLite has one writer) into a database of its own with the
    same settings."""
    db = Database.open(home_paths())
    job = get_job(db, str(job_id))
    with db.transaction() as conn:
        session_id = session_id_for(conn, "bench", create=True)
    chunk = job.chunks[0]
    output = Path(chunk.input_path).with_name(f"output-{chunk.seq:03d}.jsonl")
    items = str(items_path(chunk))
    item_offsets(items)  # built once per chunk in a collect: not a cost per result
    started = time.perf_counter()
    built = [
        piece_rows(Piece(job, session_id, items, str(output), *c)).rows
        for c in cut(output)[:pieces]
    ]
    count = sum(map(len, built))
    read_us = (time.perf_counter() - started) / count * 1e6
    home = os.environ["JUDGE_TUI_HOME"]
    with tempfile.TemporaryDirectory() as elsewhere:
        os.environ["JUDGE_TUI_HOME"] = elsewhere
        fresh = Database.open(home_paths())
        os.environ["JUDGE_TUI_HOME"] = home
        fresh.conn.execute(
            "INSERT INTO sessions (id, name, created_at, updated_at) VALUES (?, 'bench', 0, 0)",
            (session_id,),
        )
        fresh.conn.execute(
            "INSERT INTO batch_jobs (id, uid, name, status, created_at, updated_at) "
            "VALUES (?, 'bench', 'bench', 'done', 0, 0)",
            (job.id,),
        )
        started = time.perf_counter()
        with fresh.bulk_writes():
            for rows in built:
                with fresh.transaction() as conn:
                    insert_batch_rows(conn, rows)
        store_us = (time.perf_counter() - started) / count * 1e6
        fresh.close()
        floor_us = plain_table_us(Path(elsewhere) / "floor.db", built, count)
    print(json.dumps({"read_us": read_us, "store_us": store_us, "floor_us": floor_us}))


def plain_table_us(path: Path, built: list[list[EvaluationRow]], count: int) -> float:
    """SQLite's own floor on this disk for these rows: the same values, in the same
    transactions, into a table with no index, trigger or constraint (WAL, synchronous NORMAL,
    as the home). What storing costs above it is the home's indexes and triggers."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute(f"CREATE TABLE plain ({', '.join(EvaluationRow._fields)})")
    insert = f"INSERT INTO plain VALUES ({', '.join('?' * len(EvaluationRow._fields))})"
    started = time.perf_counter()
    for rows in built:
        with conn:
            conn.executemany(insert, rows)
    floor_us = (time.perf_counter() - started) / count * 1e6
    conn.close()
    return floor_us


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=int, default=500)
    parser.add_argument("--collect-job", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--costs-job", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.collect_job is not None:
        collect(args.collect_job)
        return
    if args.costs_job is not None:
        per_result_costs(args.costs_job)
        return
    with tempfile.TemporaryDirectory() as home:
        os.environ["JUDGE_TUI_HOME"] = home
        job_id, size = build(args.mb)
        child = subprocess.run(
            [sys.executable, __file__, "--collect-job", str(job_id)],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
        result = json.loads(child.stdout)
        costs = subprocess.run(
            [sys.executable, __file__, "--costs-job", str(job_id)],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
        result |= json.loads(costs.stdout)
        rate = size / 1024 / 1024 / result["seconds"]
        print(
            f"collected {size / 1024 / 1024:.0f} MB ({result['stored']} results) in "
            f"{result['seconds']:.1f} s: {rate:.1f} MB/s (budget 50); peak RSS "
            f"{result['peak_rss_mb']:.0f} MB; with its {result['workers']} worker processes "
            f"{result['total_peak_rss_mb']:.0f} MB at most together (budget 250)"
        )
        per_result = size / result["stored"]
        read, store = result["read_us"], result["store_us"]
        # Two cores: the writer stores while the workers read; each result costs both.
        bound = per_result / max(store, (read + store) / 2) * 1e6 / 1024 / 1024
        print(
            f"per result ({per_result / 1024:.1f} KB): reading it and building its row "
            f"{read:.0f} us of CPU, storing it {store:.0f} us in one writer; with "
            f"{result['workers']} cores and nothing else the collect could reach at most "
            f"{bound:.0f} MB/s"
        )
        print(
            f"SQLite alone stores the same rows into a table with no index or trigger at "
            f"{result['floor_us']:.0f} us a row: the floor of any collect that keeps them in "
            "the home"
        )
        total = result["seconds"] + result["index_seconds"]
        print(
            f"then indexed for search ({result['indexed']} results) in "
            f"{result['index_seconds']:.1f} s; collect and index together "
            f"{size / 1024 / 1024 / total:.1f} MB/s"
        )


if __name__ == "__main__":
    main()
