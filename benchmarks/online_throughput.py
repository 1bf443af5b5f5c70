"""200 online judgments at concurrency 16 against the emulator at 200 ms latency.

Budget (docs/architecture.md §7): wall time within 1.15x of the ideal. 200/16 rounds up to 13 waves,
so 2.6 s is the floor; the issue states the ideal as 200 x 0.2 / 16 = 2.5 s, and we use that.
Prints the engine's time (JudgeClient + judge) and the CLI's (`judge-tui judge --input`,
process start included), each as the median of several runs, and their ratio to the ideal.

    python benchmarks/online_throughput.py [--runs 5]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._as_installed import compile_bytecode
from benchmarks._emulator_process import emulator_process
from judge_tui.api.client import JudgeClient
from judge_tui.judging.inputs import JudgeInputs, JudgeParams
from judge_tui.judging.run import JudgeStatus, judge

N, CONCURRENCY, LATENCY_S = 200, 16, 0.2
IDEAL = N * LATENCY_S / CONCURRENCY


async def engine_run(base_url: str) -> float:
    async with JudgeClient(base_url, None, max_connections=CONCURRENCY) as client:
        semaphore = asyncio.Semaphore(CONCURRENCY)

        async def one(i: int) -> JudgeStatus:
            async with semaphore:
                inputs = JudgeInputs(question=f"Question {i}?", answer=f"Answer number {i}.")
                return (await judge(client, inputs, JudgeParams())).status

        started = time.perf_counter()
        statuses = await asyncio.gather(*(one(i) for i in range(N)))
        elapsed = time.perf_counter() - started
    assert all(s is JudgeStatus.OK for s in statuses), statuses
    return elapsed


def cli_run(base_url: str, folder: Path) -> float:
    items = folder / "items.jsonl"
    items.write_text(
        "".join(json.dumps({"question": f"Q{i}?", "answer": f"A{i}."}) + "\n" for i in range(N))
    )
    output = folder / f"out-{time.monotonic_ns()}.jsonl"
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "judge_tui", "judge", "--base-url", base_url, "--input", str(items),
         "--output", str(output), "--concurrency", str(CONCURRENCY)],
        check=True, stderr=subprocess.DEVNULL, env={**os.environ, "JUDGE_TUI_HOME": str(folder)},
    )  # fmt: skip
    return time.perf_counter() - started


def startup_run() -> float:
    """Process start and imports alone, to tell them apart from judging in the CLI figure."""
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "judge_tui", "judge", "--help"],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    engine: list[float] = []
    shell: list[float] = []
    start: list[float] = []
    with (
        emulator_process("--latency-ms", str(LATENCY_S * 1000)) as base_url,
        tempfile.TemporaryDirectory() as tmp,
    ):
        asyncio.run(engine_run(base_url))  # warm up the emulator process
        compile_bytecode()  # the CLI from bytecode, as installed
        for _ in range(args.runs):  # alternate, so both see the same machine noise
            engine.append(asyncio.run(engine_run(base_url)))
            shell.append(cli_run(base_url, Path(tmp)))
            start.append(startup_run())
    for name, times in (
        ("engine (JudgeClient + judge)", engine),
        ("judge-tui judge --input", shell),
    ):
        median = statistics.median(times)
        print(
            f"{name:32s} median {median:.3f} s over {len(times)} runs "
            f"(min {min(times):.3f}, max {max(times):.3f}); ideal {IDEAL:.3f} s; "
            f"ratio {median / IDEAL:.3f} (budget 1.15)"
        )
    startup = statistics.median(start)
    judging = statistics.median(shell) - startup
    print(
        f"{'CLI process start (--help)':32s} median {startup:.3f} s; CLI judging without it "
        f"{judging:.3f} s, ratio {judging / IDEAL:.3f}"
    )


if __name__ == "__main__":
    main()
