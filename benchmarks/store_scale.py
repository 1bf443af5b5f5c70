"""Fill a home with 100,000 evaluations, then time what a user waits for.

Budget (docs/architecture.md §7): listing sessions, opening the largest session and searching a
word each under 150 ms. "Opening" loads the newest page a browser shows (200 rows); loading every
row of the largest session is printed too, for comparison. Medians of several runs.

    python benchmarks/store_scale.py [--evaluations 100000] [--sessions 50] [--runs 7]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from judge_tui.store.db import Database
from judge_tui.store.paths import HomePaths
from judge_tui.store.records import EvaluationRecord
from judge_tui.store.session_list import list_sessions, session_id_for
from judge_tui.store.sessions import (
    evaluations_by_uid,
    insert_evaluation,
    search,
    session_evaluations,
)

WORDS = [
    "couplet",
    "river",
    "mountain",
    "social",
    "media",
    "relationships",
    "accuracy",
    "climate",
    "poetry",
    "社交媒体",
    "人际关系",
    "准确性",
    "下联",
    "登山",
    "過河",
    "評価",
    "回答",
]


def fill(db: Database, evaluations: int, sessions: int) -> str:
    names = [f"session-{n:03d}" for n in range(sessions)]
    largest = names[0]
    with db.transaction() as conn:
        ids = {name: session_id_for(conn, name, create=True) for name in names}
        for i in range(evaluations):
            # A skewed spread: the first session holds a fifth of everything.
            name = largest if i % 5 == 0 else names[i % sessions]
            words = " ".join(WORDS[(i * k) % len(WORDS)] for k in (1, 3, 7))
            record = EvaluationRecord(
                uid=str(uuid.uuid4()), mode="single", status="ok", model="pai-judge",
                inputs={"question": f"Question {i} about {words}?", "answer": f"A{i}: {words}"},
                params={"model": "pai-judge"}, request={"model": "pai-judge"},
                content=f"I think the overall score of the answer is [[{i % 5 + 1}]]. {words}",
                verdict={"parsed": True}, score=i % 5 + 1, max_score=5, created_at=1.7e9 + i,
            )  # fmt: skip
            insert_evaluation(conn, ids[name], record)
    return largest


def median_ms(action: Callable[[], object], runs: int) -> tuple[float, int]:
    times: list[float] = []
    size = 0
    for _ in range(runs):
        started = time.perf_counter()
        result = action()
        times.append((time.perf_counter() - started) * 1000)
        size = len(result) if isinstance(result, list) else 0
    return statistics.median(times), size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--evaluations", type=int, default=100_000)
    parser.add_argument("--sessions", type=int, default=50)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        paths = HomePaths(Path(tmp) / "home")
        db = Database.open(paths)
        started = time.perf_counter()
        largest = fill(db, args.evaluations, args.sessions)
        print(f"filled {args.evaluations} evaluations in {time.perf_counter() - started:.1f} s; "
              f"judge.db {paths.database.stat().st_size / 1e6:.0f} MB")  # fmt: skip
        db.close()
        db = Database.open(paths)  # a fresh start, as when the app opens
        checks = [
            ("list sessions", lambda: list_sessions(db)),
            ("open largest (newest 200)", lambda: session_evaluations(db, largest, limit=200)),
            ("search a word (relationships)", lambda: search(db, "relationships")),
            ("search Chinese (人际关系)", lambda: search(db, "人际关系")),
            ("search 2 characters (登山)", lambda: search(db, "登山")),
            (
                "browser search (hits as records)",
                lambda: evaluations_by_uid(
                    db, [h.uid for h in search(db, "relationships", limit=200)]
                ),
            ),
            ("open largest (every row)", lambda: session_evaluations(db, largest)),
        ]
        for label, action in checks:
            ms, rows = median_ms(action, args.runs)
            verdict = "" if "every row" in label else ("  ok" if ms < 150 else "  OVER BUDGET")
            print(f"{label:32s} {ms:8.1f} ms  ({rows} rows){verdict}")


if __name__ == "__main__":
    main()
