"""The Sessions screen (judge-tui --browse) driven by Pilot over a filled home."""

from __future__ import annotations

import contextlib
import threading

import pytest
from textual.widgets import OptionList
from textual.worker import WorkerCancelled

from judge_tui.api.credentials import Token
from judge_tui.store.db import Database
from judge_tui.store.paths import home_paths
from judge_tui.store.sessions import save_evaluation
from judge_tui.ui.app import JudgeTuiApp
from judge_tui.ui.screens.sessions import SessionsScreen
from judge_tui.ui.service import Connection

from ..store_helpers import add_batch_results, make_record

HOSTILE = "[@click=app.quit]x[/] [b"


def fill_home() -> None:
    db = Database.open(home_paths())
    for i in range(3):
        save_evaluation(db, "couplets", make_record(i, question=f"Couplet {HOSTILE}"))
    save_evaluation(db, "social", make_record(7, question="社交媒体对人际关系的影响"))
    db.close()


def browse_app() -> JudgeTuiApp:
    return JudgeTuiApp(Connection("http://127.0.0.1:9/v1", None, session=None), start_in="sessions")


def rendered(app: JudgeTuiApp, selector: str) -> str:
    return str(app.screen.query_one(selector).render())


async def test_browse_lists_sessions_and_opens_the_newest_evaluation() -> None:
    fill_home()
    app = browse_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, SessionsScreen)
        sessions = app.screen.query_one("#session-list", OptionList)
        assert sessions.option_count == 2
        await pilot.click("#session-list")
        await pilot.press("down", "up")  # highlight a session by keyboard
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen.records, "a highlighted session shows its evaluations"
        assert "Score" in rendered(app, "#verdict-badge")
        assert app.is_running


async def test_search_as_you_type_finds_chinese_and_keeps_markup_literal() -> None:
    fill_home()
    app = browse_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.press(*"人际关系")
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SessionsScreen)
        assert [r.inputs["question"] for r in screen.records] == ["社交媒体对人际关系的影响 #7"]
        assert "1 found" in rendered(app, "#evaluations-title")
        await pilot.press(*["backspace"] * 4)
        await pilot.press(*"click=app")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert len(screen.records) == 3
        prompt = str(screen.query_one("#evaluation-list", OptionList).get_option_at_index(0).prompt)
        assert HOSTILE in prompt
        assert app.is_running


async def test_f4_and_f8_switch_between_judge_and_sessions() -> None:
    app = JudgeTuiApp(Connection("http://127.0.0.1:9/v1", Token("t", "test"), session=None))
    async with app.run_test(size=(80, 24)) as pilot:
        assert type(app.screen).__name__ == "JudgeScreen"
        await pilot.press("f8")
        await pilot.pause()
        assert isinstance(app.screen, SessionsScreen)
        await pilot.press("f4")
        await pilot.pause()
        assert type(app.screen).__name__ == "JudgeScreen"


async def test_a_late_answer_to_an_older_search_does_not_replace_newer_results(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """An older search whose thread is slow finishes after a newer one: its answer is dropped
    (the searches are exclusive workers; a cancelled one posts nothing)."""
    from judge_tui.ui.screens import sessions as sessions_module

    fill_home()
    gate = threading.Event()
    real_search = sessions_module.search  # type: ignore[attr-defined]

    def slow_for_the_old_one(db, text, limit):  # type: ignore[no-untyped-def]
        if text == "capital":
            gate.wait(10)  # held until the newer search has been shown
        return real_search(db, text, limit=limit)

    monkeypatch.setattr(sessions_module, "search", slow_for_the_old_one)
    app = browse_app()
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(3):  # the list, then the first session's evaluations, are read first
            await app.workers.wait_for_complete()
            await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SessionsScreen)
        old = screen.run_search("capital")
        new = screen.run_search("人际关系")
        await new.wait()
        await pilot.pause()
        newest = list(screen.records)
        assert len(newest) == 1
        gate.set()  # the old search's thread now finishes, last
        with contextlib.suppress(WorkerCancelled):
            await old.wait()
        await pilot.pause()
        assert screen.records == newest
        assert "capital" not in rendered(app, "#evaluations-title")


async def test_a_search_says_when_batch_results_are_still_being_indexed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from judge_tui.store.search_index import index_backlog
    from judge_tui.ui import app as app_module

    monkeypatch.setattr(app_module, "WARM_UP_DELAY_S", 3600.0)  # no background indexing here
    db = Database.open(home_paths())
    add_batch_results(db, "week 47", ["Which planet is red?"])
    db.close()
    app = browse_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.press(*"planet")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "0 found" in rendered(app, "#evaluations-title")
        assert "still being indexed" in rendered(app, "#evaluations-title")
        db = Database.open(home_paths())
        index_backlog(db)
        db.close()
        await pilot.press("backspace", "t")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "1 found" in rendered(app, "#evaluations-title")
        assert "still being indexed" not in rendered(app, "#evaluations-title")


async def test_a_search_finds_words_by_their_start_and_says_so_when_nothing_is_found() -> None:
    fill_home()
    app = browse_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.press(*"uplet")  # the middle of "Couplet"
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "0 found" in rendered(app, "#evaluations-title")
        assert "words are found by their start" in rendered(app, "#evaluations-title")
        for _ in range(5):
            await pilot.press("backspace")
        await pilot.press(*"COUP")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "3 found" in rendered(app, "#evaluations-title")
        assert "by their start" not in rendered(app, "#evaluations-title")
