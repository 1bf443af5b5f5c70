"""Whole screens as SVG snapshots at fixed sizes: 80x24, 120x40, and the 16-colour theme.

They show saved evaluations (fixed text and times), so nothing in them depends on the clock or
on the emulator. Update on purpose with `pytest tests/test_snapshots.py --snapshot-update`.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import TextArea

from judge_tui.judging.verdict import read_verdict
from judge_tui.store.db import Database
from judge_tui.store.paths import home_paths
from judge_tui.store.records import EvaluationRecord
from judge_tui.store.sessions import save_evaluation
from judge_tui.ui.app import JudgeTuiApp
from judge_tui.ui.service import Connection, Launch
from judge_tui.ui.widgets.verdict_view import VerdictView

HOSTILE = "[@click=app.quit]x[/] [b"
STAMP = 1_790_000_000.0  # a fixed time, so the dates shown never change

SINGLE_TEXT = (
    "Relevance: the answer addresses the question directly [[4]]\n"
    "Accuracy: correct [[5]]\n"
    f"It quotes {HOSTILE} literally.\n"
    "I think the overall score of the answer is [[4]]."
)
PAIRWISE_TEXT = (
    "Answer 1 overall score: [[2]]\nAnswer 2 overall score: [[4]]\n"
    "Answer 2 is more complete. [[Answer 2]]"
)


def record(uid: str, mode: str, text: str, inputs: dict[str, Any]) -> EvaluationRecord:
    verdict = read_verdict(text, mode, 5)
    return EvaluationRecord(
        uid=uid, mode=mode, status="ok", model="pai-judge", inputs={"mode": mode, **inputs},
        params={"model": "pai-judge", "stream": True}, request={}, content=text,
        verdict=verdict.model_dump(mode="json"), score=verdict.score, max_score=5,
        winner=None if verdict.winner is None else str(verdict.winner),
        usage={"total_tokens": 321}, latency_ms=842, finish_reason="stop", created_at=STAMP,
    )  # fmt: skip


SINGLE = record(
    "11111111-0000-0000-0000-000000000001",
    "single",
    SINGLE_TEXT,
    {"question": f"What is the capital of France? {HOSTILE}", "answer": "Paris."},
)
PAIRWISE = record(
    "11111111-0000-0000-0000-000000000002",
    "pairwise",
    PAIRWISE_TEXT,
    {"question": "Explain recursion", "answer1": "It calls itself.", "answer2": "A longer one."},
)


def fill_home() -> None:
    db = Database.open(home_paths())
    save_evaluation(db, "capitals", SINGLE)
    save_evaluation(db, "compare", PAIRWISE)
    with db.transaction() as conn:
        conn.execute("UPDATE sessions SET created_at = ?, updated_at = ?", (STAMP, STAMP))
    db.close()


def offline(theme: str | None = None, start_in: str = "judge") -> JudgeTuiApp:
    connection = Connection("http://127.0.0.1:9/v1", None, session=None)
    return JudgeTuiApp(Launch(connection, start_in=start_in, theme=theme))


def showing(shown: EvaluationRecord, question: str, answer_field: str, answer: str) -> Any:
    async def run_before(pilot: Pilot[None]) -> None:
        app = pilot.app
        if shown.mode == "pairwise":
            await pilot.press("f3")
        app.screen.query_one("#question", TextArea).insert(question)
        app.screen.query_one(f"#{answer_field}").insert(answer)  # type: ignore[attr-defined]
        app.screen.query_one(VerdictView).show_record(shown)
        await pilot.pause()

    return run_before


def test_judge_screen_with_a_verdict_at_80x24(snap_compare: Any) -> None:
    before = showing(SINGLE, SINGLE.inputs["question"], "answer", "Paris.")
    assert snap_compare(offline(), terminal_size=(80, 24), run_before=before)


def test_pairwise_verdict_at_120x40(snap_compare: Any) -> None:
    before = showing(PAIRWISE, "Explain recursion", "answer1", "It calls itself.")
    assert snap_compare(offline(), terminal_size=(120, 40), run_before=before)


def test_judge_screen_in_16_colours(snap_compare: Any) -> None:
    before = showing(SINGLE, SINGLE.inputs["question"], "answer", "Paris.")
    assert snap_compare(offline(theme="judge-16"), terminal_size=(80, 24), run_before=before)


@pytest.fixture
def utc(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("TZ", "UTC")  # the dates shown are local dates
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.mark.usefixtures("utc")
def test_sessions_screen_at_120x40(snap_compare: Any) -> None:
    fill_home()

    async def run_before(pilot: Pilot[None]) -> None:
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    app = offline(start_in="sessions")
    assert snap_compare(app, terminal_size=(120, 40), run_before=run_before)


def fill_analysis_home() -> None:
    """Twelve fixed judgments with criteria: the Analysis screen's figures never change."""
    db = Database.open(home_paths())
    for n in range(12):
        score, accuracy = 1 + n % 5, 1 + (n * 3) % 5
        text = (
            f"Relevance: on topic [[{score}]]\nAccuracy: checked [[{accuracy}]]\n"
            f"I think the overall score of the answer is [[{score}]]."
        )
        shown = record(f"22222222-0000-0000-0000-{n:012d}", "single", text,
                       {"question": f"Question {n} {HOSTILE}", "answer": "x" * (10 + n)})  # fmt: skip
        save_evaluation(db, "analysed", shown.model_copy(update={"custom_id": f"q{n:02d}"}))
    with db.transaction() as conn:
        conn.execute("UPDATE sessions SET created_at = ?, updated_at = ?", (STAMP, STAMP))
    db.close()


def test_analysis_screen_at_80x24(snap_compare: Any) -> None:
    fill_analysis_home()

    async def run_before(pilot: Pilot[None]) -> None:
        await pilot.press("f11")
        for _ in range(3):
            await pilot.app.workers.wait_for_complete()
            await pilot.pause()

    assert snap_compare(offline(), terminal_size=(80, 24), run_before=run_before)
