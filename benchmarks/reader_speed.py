"""Microseconds per verdict of the verdict reader, before (a git revision's reader) and after
(this checkout's), alternating in one run, on the verdict corpus (tests/fixtures) and on
verdicts as the emulator writes them (what a batch collect reads).

    python benchmarks/reader_speed.py [--before REV] [--rounds 7]

The "before" reader is the whole `judge_tui` package at REV (`git archive`), not one file of it:
the reader is several modules, and a file loaded alone imports the others from this checkout.
Each side reads in a child process of its own, started with the package on its path, in turn:
a noisy machine slows both alike. Both read the same verdicts: every pai-format verdict of this
checkout's corpus, in the mode the corpus gives it, and the emulator's single and pairwise
verdicts in three languages (written once, by this checkout's emulator).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "fixtures" / "verdict_corpus.jsonl"

# What a child runs: read every verdict of a file `repeat` times, print microseconds per verdict.
_CHILD = """
import json, sys, time
from judge_tui.judging.verdict import verdict_data
cases = [json.loads(line) for line in open(sys.argv[1], encoding="utf-8")]
repeat = int(sys.argv[2])
for case in cases:  # once first: the patterns compile on first use
    verdict_data(case["text"], case["mode"], case["max_score"])
started = time.perf_counter()
for _ in range(repeat):
    for case in cases:
        verdict_data(case["text"], case["mode"], case["max_score"])
print((time.perf_counter() - started) / (repeat * len(cases)) * 1e6)
"""


def package_at(rev: str, into: Path) -> Path:
    """The `judge_tui` package as it was at `rev`, written under `into` (by git and tar: the
    `filter` argument of `tarfile.extractall` is newer than some Python 3.11 releases)."""
    into.mkdir(parents=True)
    archive = subprocess.run(
        ["git", "archive", "--format=tar", rev, "judge_tui"], cwd=ROOT, capture_output=True,
        check=True,
    ).stdout  # fmt: skip
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    return into


def per_verdict_us(package_root: Path, cases_path: Path, repeat: int) -> float:
    # Both sides alike, from source: this checkout may hold bytecode another run left, the other
    # side never does. A bytecode prefix of its own, empty, and nothing written to it: each
    # child compiles what it imports. (Run against itself, --before HEAD, the emulator set still
    # reads 0.93x to 1.12x on this machine: differences under 15% there are noise.)
    env = dict(
        os.environ, PYTHONPATH=str(package_root), PYTHONDONTWRITEBYTECODE="1",
        PYTHONPYCACHEPREFIX=str(cases_path.parent / "no-bytecode"),
    )  # fmt: skip
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, str(cases_path), str(repeat)], env=env, cwd=package_root,
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return float(done.stdout.strip())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--before", default="15bab2a", help="the revision to compare with")
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    work = Path(tempfile.mkdtemp(prefix="reader-speed-"))
    before = package_at(args.before, work / "before")
    corpus = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines()]
    sets = {
        "the corpus (short, many forms)": [c for c in corpus if c["format"] == "pai"],
        "emulator verdicts (what a batch collect reads)": emulator_verdicts(),
    }
    for title, cases in sets.items():
        cases_path = work / "cases.jsonl"
        cases_path.write_text("".join(json.dumps(c) + "\n" for c in cases), encoding="utf-8")
        timings: dict[str, list[float]] = {"before": [], "after": []}
        for _ in range(args.rounds):
            timings["before"].append(per_verdict_us(before, cases_path, args.repeat))
            timings["after"].append(per_verdict_us(ROOT, cases_path, args.repeat))
        b, a = statistics.median(timings["before"]), statistics.median(timings["after"])
        print(f"{title}: {len(cases)} verdicts x {args.repeat}, {args.rounds} rounds (median)")
        print(f"  before ({args.before}): {b:.1f} us per verdict")
        print(f"  after  (this checkout): {a:.1f} us per verdict  ({a / b:.2f}x)")


def emulator_verdicts() -> list[dict[str, Any]]:
    """Single and pairwise verdicts in three languages, as the emulator writes them."""
    from judge_tui.emulator.verdicts import complete

    questions = {"en": "What is the capital of France?", "zh": "法国的首都是哪里?",
                 "ja": "フランスの首都はどこですか?"}  # fmt: skip
    cases: list[dict[str, Any]] = []
    for n in range(60):
        for lang, question in questions.items():
            answer = f"{question} answer {n} " * (1 + n % 5)
            single = {"question": question, "answer": answer}
            pair = {"question": question, "answer1": answer, "answer2": answer[::-1]}
            for mode, data in (("single", single), ("pairwise", pair)):
                part = {"mode": mode, "json": data}
                message = {"role": "user", "content": [part]}
                body = {"model": "pai-judge", "seed": n, "messages": [message]}
                text = complete(body).text
                cases.append({"text": text, "mode": mode, "max_score": 5, "lang": lang})
    return cases


if __name__ == "__main__":
    main()
