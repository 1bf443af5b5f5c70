"""How long the small commands take, as processes, next to `httpx --help` (click, rich and
httpx's own command line, installed with httpx) in the same environment, alternating in one run.

Budget (issue 13): `judge-tui --help`, `judge-tui sessions list` and `judge-tui batch list` at
most half the time of `httpx --help`. The home is a fresh one with one session and one job, so
the listing commands do their real work.

    python benchmarks/cli_start.py [--runs 15]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _as_installed import compile_bytecode

COMMANDS = {
    "httpx --help (anchor)": ["httpx", "--help"],
    "judge-tui --help": ["judge-tui", "--help"],
    "judge-tui sessions list": ["judge-tui", "sessions", "list"],
    "judge-tui batch list": ["judge-tui", "batch", "list"],
}


def seeded_home(home: Path) -> None:
    """One session with one evaluation and one batch job, written as the app writes them."""
    env = dict(os.environ, JUDGE_TUI_HOME=str(home))
    code = (
        "from judge_tui.store.db import Database\n"
        "from judge_tui.store.paths import home_paths\n"
        "from judge_tui.store.sessions import save_evaluation\n"
        "from judge_tui.store.batch_jobs import create_job\n"
        "import sys; sys.path.insert(0, 'tests')\n"
        "from store_helpers import make_record\n"
        "db = Database.open(home_paths())\n"
        "save_evaluation(db, 'couplets', make_record(1))\n"
        "db.close()\n"
    )
    subprocess.run([sys.executable, "-c", code], env=env, check=True, cwd=Path(__file__).parents[1])


def timed(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True
    )
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    missing = [c[0] for c in COMMANDS.values() if shutil.which(c[0]) is None]
    if missing:
        sys.exit(
            f"cli_start: {', '.join(missing)} not found; install the project (pip install -e .)"
        )
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp) / "home"
        seeded_home(home)
        env = dict(os.environ, JUDGE_TUI_HOME=str(home))
        compile_bytecode()  # from bytecode, as installed (about 25 ms of `sessions list`)
        for command in COMMANDS.values():  # once first, as after any run: files in the cache
            timed(command, env)
        times: dict[str, list[float]] = {name: [] for name in COMMANDS}
        for _ in range(args.runs):  # alternating: a noisy machine slows each alike
            for name, command in COMMANDS.items():
                times[name].append(timed(command, env))
    anchor = statistics.median(times["httpx --help (anchor)"])
    print(f"{args.runs} alternating runs, median wall time as a process:")
    for name, values in times.items():
        median = statistics.median(values)
        print(f"  {name:26} {median * 1000:6.0f} ms  {median / anchor:4.2f}x the anchor")
    print("Budget: judge-tui's at most 0.50x the anchor.")


if __name__ == "__main__":
    main()
