"""Statistics counted by the store (analysis/tallies.py over schema V7's figure tables) are the
statistics of the loaded run: on random sessions of every shape, with filters, after a verdict
changes, and after evaluations are deleted."""

from __future__ import annotations

import math
import random
import uuid
from typing import Any

import pytest

from judge_tui.analysis.runs import load_run
from judge_tui.analysis.scope import Filters, parse_scope
from judge_tui.analysis.summary import summarize, summarize_scope
from judge_tui.store.db import Database
from judge_tui.store.paths import home_paths
from judge_tui.store.records import EvaluationRecord
from judge_tui.store.sessions import save_evaluation

from ..store_helpers import add_batch_records

REASONS = ["no overall score found", "[@click=app.quit] \x1b]52;c;aGk=\x07", "两个分数"]
CRITERIA = ["Accuracy", "Relevance", "[b", "总体"]


def random_record(rng: random.Random, i: int) -> EvaluationRecord:
    pairwise = rng.random() < 0.3
    scale = rng.choice([5, 5, 5, 10]) if not pairwise else 5
    readable = rng.random() < 0.85
    criteria: list[dict[str, Any]] = []
    for name in rng.sample(CRITERIA, rng.randint(0, 3)):
        value: Any = rng.choice([rng.randint(1, scale), rng.randint(1, scale) + 0.5, "N/A", True])
        criteria.append(
            {"name": name, "score": value, "answer": rng.choice([1, 2]) if pairwise else None}
        )
    verdict: dict[str, Any] = {"parsed": readable, "max_score": scale, "criteria": criteria}
    score: float | None = None
    winner: str | None = None
    if not readable:
        verdict["reason"] = rng.choice(REASONS)
    elif pairwise:
        winner = rng.choice(["1", "2", "tie"])
        verdict |= {"winner": winner if winner == "tie" else int(winner),
                    "answer_scores": {"1": rng.randint(1, 5), "2": rng.randint(1, 5)}}  # fmt: skip
    else:
        score = rng.choice([rng.randint(1, scale), rng.randint(1, scale) + 0.5])
        verdict["score"] = score
    answer = "word " * rng.randint(0, 60)
    inputs = (
        {
            "mode": "pairwise",
            "question": f"q{i}",
            "answer1": answer,
            "answer2": "x" * rng.randint(0, 200),
        }
        if pairwise
        else {"mode": "single", "question": f"q{i}", "answer": answer}
    )
    usage = rng.choice([None, {"prompt_tokens": rng.randint(10, 900), "completion_tokens":
                                rng.randint(1, 300), "total_tokens": rng.randint(20, 1200)}])  # fmt: skip
    return EvaluationRecord(
        uid=str(uuid.uuid4()), mode=inputs["mode"], status="ok" if readable else "unparsed",
        model=rng.choice(["pai-judge", "pai-judge-plus"]), profile=None, inputs=inputs,
        params={}, request={}, response=None, content="text", verdict=verdict, score=score,
        max_score=scale, winner=winner, usage=usage,
        latency_ms=rng.choice([None, rng.randint(100, 4000)]), finish_reason="stop",
        created_at=1.7e9 + i * 3600, custom_id=None if rng.random() < 0.2 else f"item-{i}",
    )  # fmt: skip


def same(a: Any, b: Any, where: str = "") -> None:
    """Equal, floats to 1e-9 (a sum in SQLite and one in Python round alike but for the last
    bits)."""
    if isinstance(a, float) or isinstance(b, float):
        assert math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12), where
    elif isinstance(a, dict):
        assert isinstance(b, dict) and list(a) == list(b), where
        for key in a:
            same(a[key], b[key], f"{where}.{key}")
    elif isinstance(a, list):
        assert isinstance(b, list) and len(a) == len(b), where
        for n, (x, y) in enumerate(zip(a, b, strict=True)):
            same(x, y, f"{where}[{n}]")
    else:
        assert a == b, where


@pytest.mark.parametrize("seed", range(6))
def test_counted_in_the_store_is_what_the_loaded_run_gives(seed: int) -> None:
    rng = random.Random(seed)
    db = Database.open(home_paths())
    try:
        for i in range(rng.randint(0, 300)):
            save_evaluation(db, "mixed", random_record(rng, i))
        for filters in (Filters(), Filters(model="pai-judge"), Filters(readable=False),
                        Filters(since=1.7e9 + 50 * 3600), Filters(mode="pairwise")):  # fmt: skip
            scope = parse_scope("session:mixed", filters)
            counted = summarize_scope(db, scope).as_json()
            loaded = summarize(load_run(db, scope)).as_json()
            same(counted, loaded, str(filters))
    finally:
        db.close()


def test_the_figures_follow_a_changed_verdict_and_a_deleted_session() -> None:
    db = Database.open(home_paths())
    try:
        rng = random.Random(7)
        records = [random_record(rng, i) for i in range(40)]
        for record in records:
            save_evaluation(db, "followed", record)
        scope = parse_scope("session:followed")
        with db.transaction() as conn:  # what a re-read or a hand score does to a row
            conn.execute(
                "UPDATE evaluations SET score = 3, winner = NULL, max_score = 5, "
                'verdict_json = \'{"parsed": true, "score": 3, "criteria": '
                '[{"name": "Hand", "score": 2}]}\' WHERE uid = ?',
                (records[0].uid,),
            )
        counted = summarize_scope(db, scope).as_json()
        same(counted, summarize(load_run(db, scope)).as_json())
        assert counted["criteria"]["Hand"] == 2
        with db.transaction() as conn:
            conn.execute("DELETE FROM sessions WHERE name = 'followed'")  # cascades
        left = db.conn.execute("SELECT count(*) FROM evaluation_figures").fetchone()[0]
        criteria = db.conn.execute("SELECT count(*) FROM evaluation_criteria").fetchone()[0]
        assert (left, criteria) == (0, 0)
        for rollup in ("figure_counts", "latency_counts", "criteria_sums"):  # nor their sums
            assert db.conn.execute(f"SELECT count(*) FROM {rollup}").fetchone()[0] == 0, rollup
    finally:
        db.close()


def test_batch_results_are_counted_when_analysis_first_reads_them() -> None:
    from judge_tui.store.figures import figures_waiting

    from ..store_helpers import add_batch_results

    db = Database.open(home_paths())
    try:
        add_batch_results(db, "collected", [f"Question {n}? [b \x1b[2J" for n in range(30)])
        assert figures_waiting(db) == 30  # the collect did not count them
        counted = db.conn.execute("SELECT count(*) FROM evaluation_figures").fetchone()[0]
        assert counted == 0
        scope = parse_scope("job:collected")
        summary = summarize_scope(db, scope).as_json()
        assert figures_waiting(db) == 0 and summary["count"] == 30
        same(summary, summarize(load_run(db, scope)).as_json())
    finally:
        db.close()


def _rollups_are_fresh_sums(db: Database) -> None:
    """Every rollup holds what grouping its narrow table afresh gives, and no empty group."""
    from judge_tui.store.rollups import ROLLUPS

    for rollup in ROLLUPS:
        keys = ", ".join(rollup.keys)
        kept = db.conn.execute(f"SELECT * FROM {rollup.table} ORDER BY {keys}").fetchall()
        fresh = db.conn.execute(f"SELECT * FROM ({rollup.fresh_sums()}) ORDER BY {keys}").fetchall()
        same([list(row) for row in kept], [list(row) for row in fresh], rollup.table)


@pytest.mark.parametrize("seed", range(4))
def test_the_summed_figures_follow_every_change_to_the_store(seed: int) -> None:
    """Online judgments, batch results counted later, re-reads, retries that supersede a
    judgment, deletions: a whole session's, job's or store's statistics (read from the rollups)
    stay those of its loaded run, and the rollups those of their tables."""
    from judge_tui.store.figures import catch_up_figures

    rng = random.Random(seed)
    db = Database.open(home_paths())
    try:
        n = 0
        for _ in range(6):
            step = rng.choice(["online", "batch", "reread", "supersede", "delete", "catch-up"])
            uids = [r[0] for r in db.conn.execute("SELECT uid FROM evaluations")]
            if step == "online":
                for _ in range(rng.randint(1, 40)):
                    save_evaluation(db, rng.choice(["a", "b"]), random_record(rng, n))
                    n += 1
            elif step == "batch":
                records = [random_record(rng, n + k) for k in range(rng.randint(1, 60))]
                n += len(records)
                add_batch_records(db, rng.choice(["a", "b"]), records)
            elif step == "catch-up":
                catch_up_figures(db)
            elif uids:
                picked = rng.sample(uids, min(len(uids), rng.randint(1, 8)))
                with db.transaction() as conn:
                    for uid in picked:
                        if step == "reread":  # what a re-read or a hand score writes
                            conn.execute(
                                "UPDATE evaluations SET score = ?, winner = NULL, max_score = 5,"
                                " verdict_json = ? WHERE uid = ?",
                                (rng.randint(1, 5), '{"parsed": true, "criteria": '
                                 '[{"name": "Hand", "score": 2.5}]}', uid),
                            )  # fmt: skip
                        elif step == "supersede":  # a retry's answer replaces it
                            conn.execute(
                                "UPDATE evaluations SET superseded = 1 WHERE uid = ?", (uid,)
                            )
                        else:
                            conn.execute("DELETE FROM evaluations WHERE uid = ?", (uid,))
            _rollups_are_fresh_sums(db)
        jobs = [r[0] for r in db.conn.execute("SELECT name FROM batch_jobs")]
        for spec in ["session:a", "session:b", "all", *(f"job:{job}" for job in jobs)]:
            try:
                scope = parse_scope(spec)
                counted = summarize_scope(db, scope).as_json()
            except Exception as error:  # a session the steps never made
                assert "no session" in str(error).lower(), spec
                continue
            same(counted, summarize(load_run(db, scope)).as_json(), spec)
        _rollups_are_fresh_sums(db)
    finally:
        db.close()


def test_a_version_7_home_has_its_figures_summed_when_first_opened() -> None:
    """The figures a home counted before schema 8 are summed by the migration: its statistics
    are the same as its loaded run's, and so are the batch results counted after."""
    import sqlite3

    from judge_tui.store.db import migrate
    from judge_tui.store.schema import MIGRATIONS
    from judge_tui.store.session_list import session_id_for
    from judge_tui.store.sessions import evaluation_row, insert_batch_rows

    paths = home_paths()
    paths.ensure()
    rng = random.Random(11)
    conn = sqlite3.connect(paths.database)
    for script in MIGRATIONS[:7]:  # the home as judge-tui with schema 7 left it
        conn.executescript(script)
    conn.execute("PRAGMA user_version = 7")
    session_id = session_id_for(conn, "before", create=True)
    online = [evaluation_row(random_record(rng, i), session_id) for i in range(120)]
    insert_batch_rows(conn, online)  # no job: counted in the narrow tables as written
    conn.commit()
    conn.close()
    db = Database.open(paths)
    try:
        assert migrate(db.conn) == len(MIGRATIONS)
        _rollups_are_fresh_sums(db)
        assert db.conn.execute("SELECT sum(n) FROM figure_counts").fetchone()[0] == 120
        add_batch_records(db, "before", [random_record(rng, 200 + k) for k in range(30)])
        scope = parse_scope("session:before")
        same(summarize_scope(db, scope).as_json(), summarize(load_run(db, scope)).as_json())
        _rollups_are_fresh_sums(db)
    finally:
        db.close()


@pytest.mark.parametrize("seed", range(4))
def test_a_plans_games_are_counted_in_the_store_and_read_together_as_the_run_reads_them(
    seed: int,
) -> None:
    """Items judged in both orders, by two judges, repeated: the counts come from the store,
    what the games say together from the games alone, and the whole is the loaded run's."""
    from judge_tui.judging.plans import GameKey

    rng = random.Random(seed)
    db = Database.open(home_paths())
    try:
        n = 0
        judge_sets: list[list[str | None]] = [[None], ["pai-judge", "themis-plus"]]
        for item in range(rng.randint(1, 40)):
            for judge in rng.choice(judge_sets):
                for swapped in (False, True):
                    for repeat in range(1, rng.choice([1, 1, 3]) + 1):
                        record = random_record(rng, n)
                        game = GameKey(f"item-{item}", judge, swapped, repeat).custom_id
                        save_evaluation(db, "plan", record.model_copy(update={"custom_id": game}))
                        n += 1
        for filters in (Filters(), Filters(model="pai-judge"), Filters(mode="pairwise")):
            scope = parse_scope("session:plan", filters)
            for policy in ("tie", "inconsistent"):
                counted = summarize_scope(db, scope, swap_policy=policy).as_json()
                loaded = summarize(load_run(db, scope), swap_policy=policy).as_json()
                same(counted, loaded, f"{filters} {policy}")
        assert counted["swap"] is not None or counted["count"] == 0
    finally:
        db.close()
