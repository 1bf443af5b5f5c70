"""Exporting a batch job's results, as the user waits for it, next to the service's own
converter script (seed 003: result.jsonl to result.csv) on the same results.

A job of N results is stored in a fresh home, and the very same results are written as the
service's output file. Then, alternating in one run, each as a process:
- the seed's converter on the output file (the anchor),
- `judge-tui batch export --format csv` and `--format jsonl`,
- `judge-tui sessions export --format csv` and `--format jsonl` (an import's round trip).
Prints median wall time, the ratio to the anchor (under 1.0: faster than the script) and peak
RSS (budget: at least as fast as the script, under 150 MB whatever the size).

    python benchmarks/export_results.py [--results 60000] [--runs 5]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from judge_tui.store.db import Database
from judge_tui.store.paths import HomePaths
from judge_tui.store.records import EvaluationRecord
from judge_tui.store.session_list import session_id_for
from judge_tui.store.sessions import evaluation_row, insert_batch_rows

# Seed 003's converter, as the documentation prints it (reading result.jsonl in the cwd).
SEED_CONVERTER = """
import csv, json
columns = ["custom_id", "model", "request_id", "status_code", "error_code", "error_message",
           "created", "content", "usage"]
def dict_get_string(dict_obj, path):
    obj = dict_obj
    try:
        for element in path:
            obj = obj[element]
        return obj
    except:
        return None
with open("result.jsonl", "r") as fin:
    with open("result.csv", 'w', encoding='utf-8') as fout:
        rows = [columns]
        for line in fin:
            request_result = json.loads(line)
            row = [dict_get_string(request_result, ["custom_id"]),
                   dict_get_string(request_result, ["response", "body", "model"]),
                   dict_get_string(request_result, ["response", "request_id"]),
                   dict_get_string(request_result, ["response", "status_code"]),
                   dict_get_string(request_result, ["error", "error_code"]),
                   dict_get_string(request_result, ["error", "error_message"]),
                   dict_get_string(request_result, ["response", "body", "created"]),
                   dict_get_string(request_result,
                                   ["response", "body", "choices", 0, "message", "content"]),
                   dict_get_string(request_result, ["response", "body", "usage"])]
            rows.append(row)
        writer = csv.writer(fout)
        writer.writerows(rows)
"""

CONTENT = (
    "I think the overall score of the answer is [[4]] due to the following reasons: "
    + "The answer is relevant and accurate. " * 20
)


def build(home: Path, count: int) -> Path:
    """The job in the store, and the same results as the service's output file."""
    output = home.parent / "result.jsonl"
    db = Database.open(HomePaths(home))
    with db.transaction() as conn, output.open("w") as out:
        session_id = session_id_for(conn, "bench", create=True)
        conn.execute(
            "INSERT INTO batch_jobs (uid, name, session_id, status, created_at, updated_at, "
            "model) VALUES ('benchjob', 'bench', ?, 'done', 1, 1, 'pai-judge')",
            (session_id,),
        )
        job_id = conn.execute("SELECT id FROM batch_jobs WHERE uid = 'benchjob'").fetchone()[0]
        rows = []
        for i in range(count):
            line = {
                "id": f"r{i}", "custom_id": f"c{i}", "error": None,
                "response": {"status_code": 200, "request_id": f"r{i}", "body": {
                    "model": "pai-judge", "created": 1700000000, "usage": {"total_tokens": 300},
                    "choices": [{"message": {"content": CONTENT}, "finish_reason": "stop"}]}},
            }  # fmt: skip
            out.write(json.dumps(line, ensure_ascii=False) + "\n")
            record = EvaluationRecord(
                uid=f"benchjob-c{i}", mode="single", status="ok", model="pai-judge",
                inputs={"mode": "single", "question": f"Question {i}: " + "why " * 30,
                        "answer": "Because " * 40},
                params={"model": "pai-judge"}, request={"model": "pai-judge", "messages": []},
                response=line, content=CONTENT, verdict={"parsed": True, "score": 4}, score=4.0,
                max_score=5, usage={"total_tokens": 300}, created_at=1.7e9 + i, custom_id=f"c{i}",
            )  # fmt: skip
            rows.append(evaluation_row(record, session_id, batch_job_id=job_id))
            if len(rows) == 5000:
                insert_batch_rows(conn, rows)
                rows = []
        insert_batch_rows(conn, rows)
    db.close()
    return output


def tree_rss_mb(pid: int) -> float:
    """The RSS of a process and all its descendants (an export's worker processes), now."""
    total, waiting = 0.0, [pid]
    while waiting:
        current = waiting.pop()
        with contextlib.suppress(OSError, StopIteration, ValueError):
            status = Path(f"/proc/{current}/status").read_text()
            total += next(int(x.split()[1]) for x in status.splitlines() if x.startswith("VmRSS"))
            for task in Path(f"/proc/{current}/task").iterdir():
                waiting += [int(child) for child in (task / "children").read_text().split()]
    return total / 1024


def run(command: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, float]:
    """Wall seconds, and the largest RSS the process and its workers held together (sampled
    every 10 ms: getrusage gives one process's peak, not a sum), in MB."""
    started = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    peak = 0.0
    while process.poll() is None:
        peak = max(peak, tree_rss_mb(process.pid))
        time.sleep(0.01)
    wall = time.perf_counter() - started
    if process.returncode != 0:
        raise SystemExit(f"{command} failed ({process.returncode})")
    return wall, peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--results", type=int, default=60000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="judge-tui-export-"))
    home = folder / "home"
    output = build(home, args.results)
    env = {**os.environ, "JUDGE_TUI_HOME": str(home)}
    tool = [sys.executable, "-m", "judge_tui"]
    commands = {
        "seed converter (anchor)": [sys.executable, "-c", SEED_CONVERTER],
        "batch export --format csv": [*tool, "batch", "export", "bench", "--format", "csv",
                                      "--output", str(folder / "job.csv")],
        "batch export --format jsonl": [*tool, "batch", "export", "bench", "--format", "jsonl",
                                        "--output", str(folder / "job.jsonl")],
        "sessions export --format csv": [*tool, "sessions", "export", "bench",
                                         "--output", str(folder / "session.csv")],
        "sessions export --format jsonl": [*tool, "sessions", "export", "bench",
                                           "--output", str(folder / "session.jsonl")],
    }  # fmt: skip
    walls: dict[str, list[float]] = {name: [] for name in commands}
    peaks: dict[str, float] = dict.fromkeys(commands, 0.0)
    for _ in range(args.runs):  # alternating: each round runs every command once
        for name, command in commands.items():
            wall, peak = run(command, folder, env)
            walls[name].append(wall)
            peaks[name] = max(peaks[name], peak)
    size = output.stat().st_size / 1e6
    print(f"{args.results} results, output file {size:.0f} MB, median of {args.runs} rounds")
    anchor = statistics.median(walls["seed converter (anchor)"])
    for name in commands:
        median = statistics.median(walls[name])
        print(
            f"{name:30s} {median:6.2f} s  ratio {median / anchor:4.2f}  peak {peaks[name]:5.0f} MB"
        )


if __name__ == "__main__":
    main()
