"""Analysis at scale (issue 15): `judge-tui stats` of a 100,000-evaluation session (one of plain
judgments, one of a plan's games: pairwise items judged in both orders) and
`judge-tui compare` of two such runs (with the 1,000-resample bootstrap), next to the mean alone
by a plain SQL query and by pandas, on the same home.

Budgets: stats under 300 ms, compare under 1 s "on this machine". Two figures for each:
  * in-process: what the Analysis screen's worker waits for (stats: counted by SQLite over the
    narrow figure tables, analysis/tallies.py; compare: both runs loaded, then every statistic),
    the median of --runs;
  * as processes, alternating in one run with the anchors: the command a user types, start-up
    included (Python, the store, numpy), and the anchors' own start-up likewise.

The verdicts stored are the emulator's (five criteria each, with their spans), read by our
reader, so the JSON each row carries is the size a real session's is.

    python benchmarks/analysis_scale.py [--evaluations 100000] [--runs 7]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from judge_tui.analysis.compare import compare_runs
from judge_tui.analysis.runs import load_run
from judge_tui.analysis.scope import parse_scope
from judge_tui.analysis.summary import summarize, summarize_scope
from judge_tui.emulator.verdicts import generate_verdict, parse_task
from judge_tui.judging.verdict import verdict_data
from judge_tui.store.db import Database
from judge_tui.store.evaluation_row import EvaluationRow, dump_json, row_of
from judge_tui.store.paths import HomePaths
from judge_tui.store.session_list import session_id_for
from judge_tui.store.sessions import insert_batch_rows

PANDAS_MEAN = (
    "import sqlite3, sys, pandas as pd\n"
    "c = sqlite3.connect(sys.argv[1])\n"
    "sid = c.execute('SELECT id FROM sessions WHERE name = ?', (sys.argv[2],)).fetchone()[0]\n"
    "frame = pd.read_sql_query('SELECT score FROM evaluations WHERE session_id = ?', c, "
    "params=(sid,))\n"
    "print(frame['score'].mean())\n"
)
SQL_MEAN = (
    "import sqlite3, sys\n"
    "c = sqlite3.connect(sys.argv[1])\n"
    "print(c.execute('SELECT avg(e.score) FROM evaluations e JOIN sessions s ON s.id = "
    "e.session_id WHERE s.name = ?', (sys.argv[2],)).fetchone()[0])\n"
)


def verdict_texts(count: int) -> list[tuple[str, dict[str, object]]]:
    """A few hundred distinct emulator verdicts, read once, reused across the rows."""
    out = []
    for n in range(count):
        body = {
            "model": "pai-judge",
            "messages": [{"role": "user", "content": [{"mode": "single", "type": "json", "json": {
                "question": f"What is the capital of country {n}?",
                "answer": "The capital is " + "x" * (n % 200),
                "ref_answer": "The capital",
            }}]}],
        }  # fmt: skip
        text = generate_verdict(parse_task(body), "pai-judge", n)
        out.append((text, verdict_data(text, "single", 5, "pai")))
    return out


def pairwise_verdicts(count: int) -> list[tuple[str, dict[str, object]]]:
    out = []
    for n in range(count):
        body = {
            "model": "pai-judge",
            "messages": [{"role": "user", "content": [{"mode": "pairwise", "type": "json",
                "json": {"question": f"Which capital, country {n}?", "answer1": "x" * (n % 90 + 1),
                         "answer2": "y" * (n % 70 + 1)}}]}],
        }  # fmt: skip
        text = generate_verdict(parse_task(body), "pai-judge", n)
        out.append((text, verdict_data(text, "pairwise", 5, "pai")))
    return out


def store(db: Database, session: str, rows_of: Callable[[int], Iterator[EvaluationRow]]) -> None:
    """The rows `rows_of(session_id)` gives, stored as a collect stores them: 5,000 at a time."""
    with db.transaction() as conn:
        session_id = session_id_for(conn, session, create=True)
        rows: list[EvaluationRow] = []
        for row in rows_of(session_id):
            rows.append(row)
            if len(rows) == 5000:
                insert_batch_rows(conn, rows)
                rows.clear()
        insert_batch_rows(conn, rows)


def fill_swap(db: Database, session: str, evaluations: int) -> None:
    """A plan's games: pairwise items each judged in both orders (judging/plans.py), half as
    many items as games."""
    verdicts = pairwise_verdicts(300)

    def rows_of(session_id: int) -> Iterator[EvaluationRow]:
        for i in range(evaluations):
            item, swapped = divmod(i, 2)
            text, verdict = verdicts[(i * 7) % len(verdicts)]
            answers = ("A" * (item % 300), "B" * (item % 170))
            inputs = {"mode": "pairwise", "question": f"Question {item}?",
                      "answer1": answers[swapped], "answer2": answers[1 - swapped]}  # fmt: skip
            usage = {"prompt_tokens": 500, "completion_tokens": 160, "total_tokens": 660}
            yield row_of(
                inputs, uid=str(uuid.uuid4()), session_id=session_id, mode="pairwise",
                status="ok", model="pai-judge", profile=None,
                inputs_json=dump_json(inputs) or "{}", params_json="{}", request_json="{}",
                response_json=None, content=text, verdict_json=dump_json(verdict) or "{}",
                score=None, max_score=5, winner=verdict["winner"], usage_json=dump_json(usage),
                latency_ms=200 + i % 2800, finish_reason="stop", error=None,
                created_at=1.7e9 + i, template_name=None, template_version=None,
                custom_id=f"item-{item}" + ("#swap" if swapped else ""), batch_job_id=None,
            )  # fmt: skip

    store(db, session, rows_of)


def fill(db: Database, session: str, evaluations: int, seed: int) -> None:
    rng = random.Random(seed)
    verdicts = verdict_texts(300)

    def rows_of(session_id: int) -> Iterator[EvaluationRow]:
        for i in range(evaluations):
            text, verdict = verdicts[(i * 7 + seed) % len(verdicts)]
            inputs = {"mode": "single", "question": f"Question {i}?", "answer": "A" * (i % 300)}
            usage = {"prompt_tokens": 300 + i % 50, "completion_tokens": 120, "total_tokens": 0}
            yield row_of(
                inputs, uid=str(uuid.uuid4()), session_id=session_id, mode="single",
                status="ok", model="pai-judge", profile=None,
                inputs_json=dump_json(inputs) or "{}", params_json="{}", request_json="{}",
                response_json=None, content=text, verdict_json=dump_json(verdict) or "{}",
                score=verdict["score"], max_score=5, winner=None,
                usage_json=dump_json(usage), latency_ms=rng.randint(200, 3000),
                finish_reason="stop", error=None, created_at=1.7e9 + i,
                template_name=None, template_version=None, custom_id=f"item-{i}",
                batch_job_id=None,
            )  # fmt: skip

    store(db, session, rows_of)


def median_ms(action: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--evaluations", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        paths = HomePaths(Path(tmp) / "home")
        db = Database.open(paths)
        started = time.perf_counter()
        fill(db, "run-a", args.evaluations, 1)
        fill(db, "run-b", args.evaluations, 2)
        fill_swap(db, "run-swap", args.evaluations)
        size = paths.database.stat().st_size / 1e6
        print(f"filled 3 x {args.evaluations} evaluations (two runs, one plan) in "
              f"{time.perf_counter() - started:.1f} s; judge.db {size:.0f} MB")  # fmt: skip
        db.close()
        db = Database.open(paths)
        a, b = parse_scope("session:run-a"), parse_scope("session:run-b")
        print("\nin-process (what the Analysis screen's worker waits for), median:")
        load_ms = median_ms(lambda: load_run(db, a, criteria=False), args.runs)
        stats_ms = median_ms(lambda: summarize_scope(db, a), args.runs)
        loaded_ms = median_ms(lambda: summarize(load_run(db, a)), args.runs)
        swap = parse_scope("session:run-swap")
        swap_ms = median_ms(lambda: summarize_scope(db, swap), args.runs)
        compare_ms = median_ms(
            lambda: compare_runs(
                load_run(db, a, criteria=False, figures=False),
                load_run(db, b, criteria=False, figures=False),
            ),
            args.runs,
        )
        sql_ms = median_ms(
            lambda: db.conn.execute(
                "SELECT avg(score) FROM evaluations WHERE session_id = "
                "(SELECT id FROM sessions WHERE name = 'run-a')"
            ).fetchone(),
            args.runs,
        )
        print(f"  load one run (no criteria){load_ms:8.1f} ms")
        print(f"  stats (counted in SQLite) {stats_ms:8.1f} ms  budget 300 ms  "
              f"{'ok' if stats_ms < 300 else 'OVER'}")  # fmt: skip
        print(f"  stats of the loaded run   {loaded_ms:8.1f} ms  (a labels file is read so)")
        print(f"  stats of a plan's games   {swap_ms:8.1f} ms  budget 300 ms  "
              f"{'ok' if swap_ms < 300 else 'OVER'}  (both orders: {args.evaluations // 2} "
              "items)")  # fmt: skip
        print(f"  compare (two loads + all) {compare_ms:8.1f} ms  budget 1000 ms  "
              f"{'ok' if compare_ms < 1000 else 'OVER'}")  # fmt: skip
        print(f"  SQL avg(score) alone      {sql_ms:8.1f} ms")
        db.close()

        env = dict(os.environ, JUDGE_TUI_HOME=str(paths.root))
        database = str(paths.database)
        commands = {
            "SQL mean (python + sqlite3)": [sys.executable, "-c", SQL_MEAN, database, "run-a"],
            "pandas mean (read_sql + mean)": [sys.executable, "-c", PANDAS_MEAN, database, "run-a"],
            "judge-tui stats": ["judge-tui", "stats", "session:run-a", "--format", "json"],
            "judge-tui stats (both orders)": ["judge-tui", "stats", "session:run-swap",
                                              "--format", "json"],
            "judge-tui compare": ["judge-tui", "compare", "session:run-a", "session:run-b",
                                  "--format", "json"],
        }  # fmt: skip
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.runs):  # alternating: the machine's noise falls on all alike
            for name, command in commands.items():
                started = time.perf_counter()
                subprocess.run(command, env=env, stdout=subprocess.DEVNULL, check=True)
                times[name].append((time.perf_counter() - started) * 1000)
        anchor = statistics.median(times["pandas mean (read_sql + mean)"])
        print("\nas processes, alternating, median (ratio to the pandas mean):")
        for name, values in times.items():
            ms = statistics.median(values)
            print(f"  {name:32s} {ms:8.1f} ms  {ms / anchor:5.2f}x")


if __name__ == "__main__":
    main()
