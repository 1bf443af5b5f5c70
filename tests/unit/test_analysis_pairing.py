"""Which judgment of one run is which of another's (analysis/pairing.py), through the store:
judgments made one by one in the app have no custom_id and join on identical inputs, else on a
question asked once on each side."""

from __future__ import annotations

from judge_tui.analysis.compare import compare_runs
from judge_tui.analysis.runs import load_run
from judge_tui.analysis.scope import parse_scope
from judge_tui.store.db import Database
from judge_tui.store.paths import home_paths
from judge_tui.store.sessions import save_evaluation

from ..store_helpers import make_record


def judged(session: str, answers: dict[int, str], score_shift: int = 0) -> None:
    db = Database.open(home_paths())
    try:
        for i, answer in answers.items():
            record = make_record(i)
            score = 1 + (i + score_shift) % 5
            save_evaluation(db, session, record.model_copy(update={
                "inputs": {**record.inputs, "answer": answer}, "score": score,
                "verdict": {"parsed": True, "score": score},
            }))  # fmt: skip
    finally:
        db.close()


def compare(a: str, b: str) -> tuple[dict[str, int], list[tuple[str, str]], int]:
    db = Database.open(home_paths())
    try:
        result = compare_runs(
            load_run(db, parse_scope(f"session:{a}")), load_run(db, parse_scope(f"session:{b}"))
        )
    finally:
        db.close()
    return result.pairing.joined_by, [(c.a, c.b) for c in result.changed], result.compared


def test_identical_inputs_join_without_a_custom_id() -> None:
    judged("first", {i: f"answer {i}" for i in range(6)})
    judged("second", {i: f"answer {i}" for i in range(6)}, score_shift=1)
    joined_by, changed, compared = compare("first", "second")
    assert joined_by == {"inputs": 6} and compared == 6
    assert len(changed) == 6


def test_other_answers_to_the_same_questions_join_on_the_question() -> None:
    judged("model-a", {i: f"model A says {i}" for i in range(5)})
    judged("model-b", {i: f"model B says {i}" for i in range(5)})
    joined_by, _, compared = compare("model-a", "model-b")
    assert joined_by == {"question": 5} and compared == 5


def test_a_question_asked_twice_on_one_side_is_not_guessed() -> None:
    judged("once", {0: "x", 1: "y"})
    judged("twice", {0: "p", 1: "q"})
    judged("twice", {0: "r"})  # question #0 twice in "twice": which one is meant is unknown
    joined_by, _, _ = compare("once", "twice")
    assert joined_by == {"question": 1}
