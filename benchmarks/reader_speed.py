"""Microseconds per verdict of the verdict reader, before (a git revision's reader) and after
(this checkout's), alternating in one run on the verdict corpus (tests/fixtures).

    python benchmarks/reader_speed.py [--before REV] [--rounds 7]

The "before" reader is loaded from `git show REV:judge_tui/judging/verdict.py` as a module of
its own; both read every pai-format verdict of the corpus (the formats are new: nothing to
compare them with), in each of the three modes the corpus gives them.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "fixtures" / "verdict_corpus.jsonl"


def load_reader(rev: str) -> Callable[..., Any]:
    source = subprocess.run(
        ["git", "show", f"{rev}:judge_tui/judging/verdict.py"],
        cwd=ROOT, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    path = Path(tempfile.mkdtemp()) / "verdict_before.py"
    path.write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("verdict_before", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["verdict_before"] = module
    spec.loader.exec_module(module)
    return module.verdict_data  # type: ignore[no-any-return]


def per_verdict_us(read: Callable[..., Any], cases: list[dict[str, Any]], repeat: int) -> float:
    started = time.perf_counter()
    for _ in range(repeat):
        for case in cases:
            read(case["text"], case["mode"], case["max_score"])
    return (time.perf_counter() - started) / (repeat * len(cases)) * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--before", default="1ad807b", help="the revision to compare with")
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from judge_tui.judging.verdict import verdict_data as after

    before = load_reader(args.before)
    corpus = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines()]
    sets = {
        "the corpus (short, many forms)": [c for c in corpus if c["format"] == "pai"],
        "emulator verdicts (what a batch collect reads)": emulator_verdicts(),
    }
    for title, cases in sets.items():
        timings: dict[str, list[float]] = {"before": [], "after": []}
        for _ in range(args.rounds):  # alternating: a noisy machine slows both alike
            timings["before"].append(per_verdict_us(before, cases, args.repeat))
            timings["after"].append(per_verdict_us(after, cases, args.repeat))
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
