"""`judge-tui batch collect` as the user waits for it (download, read every verdict, store),
next to the service's own converter script (seed 003: result.jsonl to result.csv) on the very
same output, alternating in one run, each as a process; then the search indexing that follows
a collect, timed on its own.

A job of N items is submitted to the emulator (in its own process) and left to finish; its home
is copied before each round, so every round collects the job afresh, downloading its output as
a user's collect does. The seed's converter reads the same output, concatenated into one file.
Budget (issue 13): collect at least as fast as the converter (ratio <= 1.0), peak RSS under
250 MB (the collect and its worker processes together); indexing at least 20 MB/s.

    python benchmarks/collect_results.py [--items 50000] [--rounds 3]

`benchmarks/collect_breakdown.py` splits a collect's time into its steps, in-process.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _emulator_process import emulator_process
from collect_breakdown import children, rss_mb
from export_results import SEED_CONVERTER

TOKEN = "bench-token"


class TreeRss(threading.Thread):
    """The largest sum, seen at one moment, of a process's RSS and its children's."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.peak = 0.0
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.wait(0.02):
            total = rss_mb(self.pid) + sum(rss_mb(child) for child in children(self.pid))
            self.peak = max(self.peak, total)


def timed(command: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, float]:
    started = time.perf_counter()
    proc = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)  # fmt: skip
    sampler = TreeRss(proc.pid)
    sampler.start()
    _, err = proc.communicate()
    elapsed = time.perf_counter() - started
    sampler.stopped.set()
    sampler.join()
    if proc.returncode != 0:
        sys.exit(f"{' '.join(command[:4])} failed: {err.decode()[-400:]}")
    return elapsed, sampler.peak


def cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "judge_tui", *args]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=50_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--think-chars", type=int, default=0,
        help="verdicts open with this much thinking, as reasoning models write theirs",
    )  # fmt: skip
    args = parser.parse_args()
    flags = ("--batch-seconds", "1", "--think-chars", str(args.think_chars))
    with tempfile.TemporaryDirectory() as tmp, emulator_process(*flags) as url:
        root = Path(tmp)
        template = root / "home"
        env = dict(os.environ, JUDGE_TUI_HOME=str(template), JUDGE_MODEL_TOKEN=TOKEN)
        items = root / "items.jsonl"
        with items.open("w", encoding="utf-8") as out:
            for i in range(args.items):
                answer = f"It is {2 * i}, because adding {i} to itself doubles it."
                row = {"custom_id": f"q{i}", "question": f"What is {i} + {i}?", "answer": answer}
                out.write(json.dumps(row) + "\n")
        subprocess.run(cli("batch", "submit", str(items), "--base-url", url, "--name", "bench"),
                       env=env, check=True, stdout=subprocess.DEVNULL)  # fmt: skip
        while (
            b"finished"
            not in subprocess.run(
                cli("batch", "status", "1"), env=env, capture_output=True, check=True
            ).stdout
            + subprocess.run(cli("batch", "list"), env=env, capture_output=True).stdout
        ):
            time.sleep(1)
        collect_times: list[float] = []
        collect_peaks: list[float] = []
        seed_times: list[float] = []
        result = root / "result.jsonl"
        for round_ in range(args.rounds):  # alternating: a noisy machine slows both alike
            home = root / f"home-{round_}"
            shutil.copytree(template, home)
            # The job's files stay where it was submitted (the template's folder): the outputs
            # a round downloaded there are removed, so each round downloads them again.
            kept = sorted(template.rglob("output-*.jsonl"))
            if kept and not result.exists():
                with result.open("wb") as out:
                    for part in kept:
                        out.write(part.read_bytes())
            for part in kept:
                part.unlink()
            round_env = dict(env, JUDGE_TUI_HOME=str(home))
            elapsed, peak = timed(cli("batch", "collect", "1"), root, round_env)
            collect_times.append(elapsed)
            collect_peaks.append(peak)
            if not result.exists():
                with result.open("wb") as out:
                    for part in sorted(template.rglob("output-*.jsonl")):
                        out.write(part.read_bytes())
            seed_times.append(timed([sys.executable, "-c", SEED_CONVERTER], root, round_env)[0])
            if round_ < args.rounds - 1:
                shutil.rmtree(home)
        size_mb = result.stat().st_size / 1e6
        # The indexing a collect leaves: `sessions search` does it first, then searches.
        last = root / f"home-{args.rounds - 1}"
        text_mb = result.stat().st_size / 1e6
        index_env = dict(env, JUDGE_TUI_HOME=str(last))
        stored_mb = (last / "judge.db").stat().st_size / 1e6
        index_s, _ = timed(cli("sessions", "search", "nothing matches this"), root, index_env)
    collect = statistics.median(collect_times)
    seed = statistics.median(seed_times)
    print(
        f"{args.items} items, output {size_mb:.0f} MB, median of {args.rounds} alternating rounds"
    )
    print(f"  seed converter (anchor)   {seed:6.2f} s")
    print(f"  batch collect             {collect:6.2f} s   ratio {collect / seed:.2f}   "
          f"peak RSS {max(collect_peaks):.0f} MB (with its workers)")  # fmt: skip
    print(f"  search indexing after it  {index_s:6.2f} s   {text_mb / index_s:.0f} MB/s of output")
    print(f"  judge.db after the collect {stored_mb:5.0f} MB  for {size_mb:.0f} MB of output")
    print("Budget: ratio <= 1.00, peak under 250 MB, indexing at least 20 MB/s.")


if __name__ == "__main__":
    main()
