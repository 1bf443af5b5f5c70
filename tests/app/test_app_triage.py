"""The triage queue in the app (issue 12): unreadable verdicts, one at a time, repaired in one
key against the emulator or read by hand, each stored with its provenance."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, OptionList
from textual.worker import WorkerFailed

from judge_tui.emulator.server import EmulatorServer
from judge_tui.store.db import Database
from judge_tui.store.paths import home_paths
from judge_tui.ui.app import JudgeTuiApp
from judge_tui.ui.screens.sessions import SessionsScreen
from judge_tui.ui.screens.templates import TemplatesScreen
from judge_tui.ui.screens.triage import TriageScreen
from judge_tui.ui.service import Launch

from ..app_helpers import (
    HOSTILE,
    Notifications,
    connection_to,
    judge_in_form,
    open_job_results,
    rendered,
    settle,
    submit_job,
)
from ..cli_helpers import run_cli
from ..conftest import TOKEN


def provenances() -> dict[str, str]:
    db = Database.open(home_paths())
    try:
        rows = db.conn.execute("SELECT uid, verdict_provenance FROM evaluations").fetchall()
        return {row["uid"]: row["verdict_provenance"] for row in rows}
    finally:
        db.close()


async def open_triage(app: JudgeTuiApp, pilot: Pilot[None]) -> None:
    """From the Judge screen: Sessions (F8), the session list, its triage queue (F7)."""
    await pilot.press("f8")
    await settle(app, pilot)
    app.screen.query_one("#session-list", OptionList).focus()
    await pilot.press("f7")
    await settle(app, pilot)


async def read_by_hand(app: JudgeTuiApp, pilot: Pilot[None], answer: str) -> None:
    """In the queue: m, the reading (and a note) typed, Enter, and what follows settled."""
    await pilot.press("m")
    await pilot.pause()
    app.screen.query_one(Input).value = answer
    await pilot.press("enter")
    await settle(app, pilot)


async def test_an_unreadable_verdict_is_repaired_in_one_key_and_another_read_by_hand(
    start_emulator: Callable[..., EmulatorServer],
) -> None:
    server = start_emulator(unreadable_rate=1.0)
    said = Notifications()
    app = JudgeTuiApp(connection_to(server, session="lab"))
    async with app.run_test(size=(100, 32), message_hook=said) as pilot:
        for question in (f"Capital of France? {HOSTILE}", "Capital of Italy?"):
            await judge_in_form(app, pilot, question=question, answer="Paris.")
        assert "Not readable" in rendered(app, "#verdict-badge")
        await pilot.press("f8")
        await settle(app, pilot)
        assert isinstance(app.screen, SessionsScreen)
        app.screen.query_one("#session-list", OptionList).focus()
        await pilot.press("f7")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, TriageScreen)
        assert len(screen.items) == 2
        title = rendered(app, "#triage-title")
        assert "per session: lab 2/2 (100%)" in title and "per model: pai-judge 2/2 (100%)" in title
        first = screen.items[0].uid

        await pilot.press("r")  # ask the judge again, in the same conversation
        await settle(app, pilot)
        body = server.emulator.last_chat_body
        assert body is not None
        assert [m["role"] for m in body["messages"]] == [
            "user", "assistant", "user",
        ]  # fmt: skip
        assert [item.uid for item in screen.items] != [] and first not in {
            item.uid for item in screen.items
        }
        assert any(m.startswith(first[:8]) and "Score" in m for m in said.messages)

        second = screen.items[0].uid
        await read_by_hand(app, pilot, "4 checked by hand")
        assert screen.items == []
        assert len(screen.query_one("#triage", DataTable).rows) == 0
        # Back in the Sessions screen, each score says where it came from.
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, SessionsScreen)
        listed = app.screen.query_one("#evaluation-list", OptionList)
        listed.focus()
        badges = []
        for index in range(listed.option_count):
            listed.highlighted = index
            await settle(app, pilot)
            badges.append(rendered(app, "#verdict-badge"))
        assert "Score  4/5   by hand" in badges, badges
        assert [b for b in badges if b.endswith("   repaired") and b.startswith("Score")], badges
    stored = provenances()
    assert stored[first] == "repaired" and stored[second] == "manual"
    db = Database.open(home_paths())
    try:
        row = db.conn.execute(
            "SELECT score, content, verdict_json FROM evaluations WHERE uid = ?", (second,)
        ).fetchone()
        note = db.conn.execute("SELECT note FROM verdict_revisions ORDER BY id DESC").fetchone()
    finally:
        db.close()
    assert row["score"] == 4 and "reservations" in row["content"]  # the judge's text is kept
    assert json.loads(row["verdict_json"])["provenance"] == "manual"
    assert note["note"] == "checked by hand"


async def test_back_from_triage_the_sessions_screen_stays_on_the_evaluation_it_was_on(
    start_emulator: Callable[..., EmulatorServer],
) -> None:
    """The queue is opened with an evaluation chosen further down the list; back from it, the
    list and the verdict pane still show that evaluation, with its new reading."""
    server = start_emulator(unreadable_rate=1.0)
    app = JudgeTuiApp(connection_to(server, session="lab"))
    async with app.run_test(size=(100, 32)) as pilot:
        for question in ("Capital of France?", "Capital of Italy?", "Capital of Spain?"):
            await judge_in_form(app, pilot, question=question, answer="Paris.")
        await pilot.press("f8")
        await settle(app, pilot)
        listed = app.screen.query_one("#evaluation-list", OptionList)
        listed.highlighted = 1  # the newest first: Italy
        await settle(app, pilot)
        assert "Capital of Italy?" in rendered(app, "#verdict-inputs")
        app.screen.query_one("#session-list", OptionList).focus()
        await pilot.press("f7")
        await settle(app, pilot)
        assert isinstance(app.screen, TriageScreen)
        for _ in range(3):  # each, by hand
            await read_by_hand(app, pilot, "3")
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, SessionsScreen)
        assert listed.highlighted == 1
        assert "Capital of Italy?" in rendered(app, "#verdict-inputs")
        assert rendered(app, "#verdict-badge").startswith("Score  3/5")


async def test_a_verdict_of_megabytes_shows_its_start_and_says_how_much_more_there_is(
    start_emulator: Callable[..., EmulatorServer],
) -> None:
    """A service sent 4 MB of "4/5 4/5 …" after its verdict (drawn whole, 15 MB held the app
    for most of a minute): the pane shows the start and says how much is left out, the hostile
    tail not drawn; the badge says the verdict was not read."""
    from judge_tui.emulator.config import number_flood
    from judge_tui.ui.widgets.verdict_view import SHOWN_TEXT

    server = start_emulator(verdict_suffix=number_flood(4096) + HOSTILE)
    judged = run_cli("judge", "--base-url", server.base_url, "--question", "Capital of France?",
                     "--answer", "Paris.", "--session", "lab", token=TOKEN)  # fmt: skip
    assert judged.returncode == 0, judged.stderr
    app = JudgeTuiApp(connection_to(server, session="lab"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f8")
        await settle(app, pilot)
        assert isinstance(app.screen, SessionsScreen)
        assert rendered(app, "#verdict-badge").startswith("Not readable")
        text = rendered(app, "#verdict-text")
        assert text.startswith("I think the overall score of the answer is [[")
        total = len(app.screen.records[0].content)
        assert text.endswith(f"… and {total - SHOWN_TEXT:,} more characters, not shown: an "
                             "export has them.")  # fmt: skip
        assert len(text) < SHOWN_TEXT + 100 and "[@click" not in text


async def test_a_batch_jobs_results_show_a_reading_given_in_its_triage_queue(
    start_emulator: Callable[..., EmulatorServer], tmp_path: Path
) -> None:
    """From a job's results, t opens its triage queue; back from it, the results show the
    reading given there, marked as a person's."""
    server = start_emulator(batch_seconds=0.0)
    # Read as Prometheus verdicts ([RESULT] 4), the emulator's [[4]] is not readable.
    row = {"question": "Capital of France?", "answer": "Paris."}
    submit_job(server, tmp_path / "items.jsonl", [row], "--verdict-format", "prometheus")
    app = JudgeTuiApp(connection_to(server))
    async with app.run_test(size=(100, 32)) as pilot:
        results = await open_job_results(app, pilot)
        assert rendered(app, "#verdict-badge").startswith("Not readable")
        await pilot.press("t")
        await settle(app, pilot)
        assert isinstance(app.screen, TriageScreen)
        await read_by_hand(app, pilot, "4 checked")
        await pilot.press("escape")
        await settle(app, pilot)
        back: object = app.screen
        assert back is results
        assert rendered(app, "#verdict-badge") == "Score  4/5   by hand"


async def test_back_from_triage_a_jobs_results_keep_their_order_and_chosen_result(
    start_emulator: Callable[..., EmulatorServer], tmp_path: Path
) -> None:
    """Sorted by score, with a result chosen further down: back from the triage queue, the
    results are still sorted (by the readings given there) and the same result is chosen."""
    server = start_emulator(batch_seconds=0.0)
    rows = [{"question": f"Capital of {c}?", "answer": "Paris."}
            for c in ("France", "Italy", "Spain", "Peru")]  # fmt: skip
    submit_job(server, tmp_path / "items.jsonl", rows, "--verdict-format", "prometheus")
    app = JudgeTuiApp(connection_to(server))
    async with app.run_test(size=(100, 32)) as pilot:
        results = await open_job_results(app, pilot)
        await pilot.press("s")  # highest first: none has a score yet
        await pilot.press("down", "down")
        await settle(app, pilot)
        assert "Capital of Spain?" in rendered(app, "#verdict-inputs")
        await pilot.press("t")
        await settle(app, pilot)
        assert isinstance(app.screen, TriageScreen)
        for score in (1, 2, 3, 4):  # in the queue's order
            await read_by_hand(app, pilot, str(score))
        await pilot.press("escape")
        await settle(app, pilot)
        back: object = app.screen
        assert back is results
        scores = [record.score or 0.0 for record in results.shown]
        assert scores == [4.0, 3.0, 2.0, 1.0], scores
        table = results.query_one("#results", DataTable)
        assert results.shown[table.cursor_row].question == "Capital of Spain?"
        assert "Capital of Spain?" in rendered(app, "#verdict-inputs")
        assert rendered(app, "#verdict-badge").endswith("by hand")


async def test_a_queue_longer_than_what_is_listed_says_how_long_it_is(
    start_emulator: Callable[..., EmulatorServer], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The queue lists its oldest verdicts (2,000 in the app; 2 here): the title gives the
    whole count, and that only the first are listed; read one and the next comes up."""
    from judge_tui.ui.screens import triage

    monkeypatch.setattr(triage, "QUEUE_LISTED", 2)
    server = start_emulator(unreadable_rate=1.0)
    app = JudgeTuiApp(connection_to(server, session="lab"))
    async with app.run_test(size=(100, 32)) as pilot:
        for question in ("Capital of France?", "Capital of Italy?", "Capital of Spain?"):
            await judge_in_form(app, pilot, question=question, answer="Paris.")
        await open_triage(app, pilot)
        screen = app.screen
        assert isinstance(screen, TriageScreen) and len(screen.items) == 2
        assert rendered(app, "#triage-title").startswith(
            "Triage, session 'lab': 3 to read, the first 2 listed. "
        )
        await read_by_hand(app, pilot, "3")
        assert len(screen.items) == 2
        assert rendered(app, "#triage-title").startswith("Triage, session 'lab': 2 to read. ")


async def test_a_jobs_queue_names_each_result_by_its_custom_id(
    start_emulator: Callable[..., EmulatorServer], tmp_path: Path
) -> None:
    """A batch result's uid starts with its job's, the same for all: the queue lists each by
    its custom_id, and the note after a hand reading names it, a hostile one as text."""
    server = start_emulator(batch_seconds=0.0)
    rows = [{"custom_id": n, "question": "Capital of France?", "answer": "Paris."}
            for n in ("paris-1", f"odd {HOSTILE}")]  # fmt: skip
    submit_job(server, tmp_path / "items.jsonl", rows, "--verdict-format", "prometheus")
    said = Notifications()
    app = JudgeTuiApp(connection_to(server))
    async with app.run_test(size=(100, 32), message_hook=said) as pilot:
        await open_job_results(app, pilot)
        await pilot.press("t")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, TriageScreen)
        table = screen.query_one("#triage", DataTable)
        shown = {str(table.get_row_at(row)[0]) for row in range(table.row_count)}
        assert "paris-1" in shown and any(s.startswith("odd [@click=app.quit]") for s in shown)
        assert not any("\x1b" in s for s in shown)
        hostile_row = next(i for i, item in enumerate(screen.items) if item.label() != "paris-1")
        table.move_cursor(row=hostile_row)
        await settle(app, pilot)
        await read_by_hand(app, pilot, "2")
        note = next(m for m in said.messages if "Score" in m)
        assert note.startswith("odd [@click=app.quit]") and "\x1b" not in note, note
        assert app.is_running


async def test_a_wrong_hand_reading_is_one_sentence_and_changes_nothing(
    start_emulator: Callable[..., EmulatorServer],
) -> None:
    server = start_emulator(unreadable_rate=1.0)
    said = Notifications()
    app = JudgeTuiApp(connection_to(server, session="lab"))
    async with app.run_test(size=(80, 24), message_hook=said) as pilot:
        await judge_in_form(app, pilot)
        await open_triage(app, pilot)
        await pilot.press("m")
        await pilot.pause()
        app.screen.query_one(Input).value = "[b]9"
        await pilot.click("#ok")
        await settle(app, pilot)
        assert isinstance(app.screen, TriageScreen) and len(app.screen.items) == 1
        assert any("is not a score" in m for m in said.of("error"))
        assert app.is_running
    assert set(provenances().values()) == {"reader"}


async def open_templates(app: JudgeTuiApp, pilot: Pilot[None]) -> TemplatesScreen:
    """F9, settled: the Templates screen of an app with no service behind it."""
    await pilot.press("f9")
    await settle(app, pilot)
    screen = app.screen
    assert isinstance(screen, TemplatesScreen)
    return screen


async def test_the_templates_screen_reads_a_pasted_sample_verdict_live() -> None:
    """Pick a built-in template, paste a verdict: the reading follows the template's format,
    changes as the format is edited, and a hostile sample stays text."""
    from textual.widgets import Input, OptionList, Static

    from judge_tui.ui.service import Connection
    from judge_tui.ui.widgets.data_text_area import DataTextArea

    app = JudgeTuiApp(Connection("http://127.0.0.1:9/v1", None, session=None))
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await open_templates(app, pilot)
        names = [t[0] for t in screen.templates]
        screen.query_one(OptionList).highlighted = names.index("built-in: Arena-Hard")
        await pilot.pause()
        assert screen.query_one("#template-format", Input).value == "arena"
        sample = screen.query_one("#template-sample", DataTextArea)
        sample.insert(f"My final verdict is [[B>>A]] {HOSTILE}")
        await pilot.pause()
        reading = str(screen.query_one("#template-reading", Static).render())
        assert "Winner: Answer 2 (clearly)" in reading
        screen.query_one("#template-format", Input).value = "mtbench-pair"
        await pilot.pause()
        reading = str(screen.query_one("#template-reading", Static).render())
        assert "Not readable" in reading and "[[A]]" in reading
        screen.query_one("#template-format", Input).value = "regex:("
        await pilot.pause()
        assert "fix the regex" in str(screen.query_one("#template-reading", Static).render())
        svg = app.export_screenshot()
        assert "\x1b" not in svg  # drawn as a symbol: nothing reaches the terminal
        assert "\x1b[31m" in sample.text  # and the text itself is kept as pasted
        assert app.is_running


async def test_at_80x24_the_templates_screen_shows_the_sample_and_its_reading() -> None:
    """The smallest size we draw for: the format, the pasted sample and what the reader takes
    from it all have room on screen, the reading below the sample."""
    from textual.widgets import Input, Static

    from judge_tui.ui.service import Connection
    from judge_tui.ui.widgets.data_text_area import DataTextArea

    app = JudgeTuiApp(Connection("http://127.0.0.1:9/v1", None, session=None))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_templates(app, pilot)
        screen.query_one("#template-sample", DataTextArea).insert("Overall score: [[3]]")
        await pilot.pause()
        reading = screen.query_one("#template-reading", Static)
        assert "Score 3/5" in str(reading.render())
        fmt = screen.query_one("#template-format", Input).region
        sample = screen.query_one("#template-sample", DataTextArea).region
        assert fmt.height == 1 and sample.height >= 3
        assert reading.region.height >= 2 and reading.region.y >= sample.bottom
        assert reading.region.bottom <= 23  # above the footer


async def test_a_screen_worker_that_fails_is_told_in_one_sentence(
    start_emulator: Callable[..., EmulatorServer],
) -> None:
    """The evaluation went away (another process deleted its session) between listing and
    asking: the Triage screen's worker fails, and the app's one worker-error path says so."""
    server = start_emulator(unreadable_rate=1.0)
    said = Notifications()
    app = JudgeTuiApp(connection_to(server, session="lab"))
    async with app.run_test(size=(100, 32), message_hook=said) as pilot:
        await judge_in_form(app, pilot)
        await open_triage(app, pilot)
        db = Database.open(home_paths())
        db.conn.execute("DELETE FROM evaluations")
        db.conn.commit()
        db.close()
        await pilot.press("r")
        with contextlib.suppress(WorkerFailed):
            await app.workers.wait_for_complete()
        await pilot.pause()
        assert any("There is no evaluation" in m for m in said.of("error")), said.messages
        assert app.is_running


async def test_asking_again_in_the_browser_with_no_service_says_how_to_start_with_one(
    start_emulator: Callable[..., EmulatorServer],
) -> None:
    """`judge-tui --browse` with no profile opens the store and no service: `r` and `j` in the
    triage queue say in one sentence how to start with one, and the queue is unchanged."""
    server = start_emulator(unreadable_rate=1.0)
    app = JudgeTuiApp(connection_to(server, session="lab"))
    async with app.run_test(size=(100, 32)) as pilot:
        await judge_in_form(app, pilot)
    said = Notifications()
    browser = JudgeTuiApp(Launch(None, start_in="sessions"))
    async with browser.run_test(size=(100, 32), message_hook=said) as pilot:
        await settle(browser, pilot)
        browser.screen.query_one("#session-list", OptionList).focus()
        await pilot.press("f7")
        await settle(browser, pilot)
        for key in ("r", "j"):
            await pilot.press(key)
            with contextlib.suppress(WorkerFailed):
                await browser.workers.wait_for_complete()
            await pilot.pause()
        assert (
            said.messages
            == [
                "There is no judge service to ask: start judge-tui with --profile NAME, --base-url "
                "URL or --demo, then ask again."
            ]
            * 2
        ), said.messages
        screen = browser.screen
        assert isinstance(screen, TriageScreen) and len(screen.items) == 1
        assert browser.last_error is None  # nothing more to show under ctrl+l
    assert server.emulator.stats["chat_requests"] == 1  # the first judgment only


async def test_at_80x24_the_triage_title_shows_both_shares_whole(
    start_emulator: Callable[..., EmulatorServer],
) -> None:
    server = start_emulator(unreadable_rate=1.0)
    app = JudgeTuiApp(connection_to(server, session="lab"))
    async with app.run_test(size=(80, 24)) as pilot:
        await judge_in_form(app, pilot)
        await open_triage(app, pilot)
        title = app.screen.query_one("#triage-title")
        assert title.region.width == 80 and title.region.height == 2
        assert "per model: pai-judge 1/1 (100%)" in rendered(app, "#triage-title")


async def test_judging_again_as_json_is_sent_with_the_json_option_and_a_reread_is_one_key(
    start_emulator: Callable[..., EmulatorServer],
) -> None:
    server = start_emulator(unreadable_rate=1.0)
    said = Notifications()
    app = JudgeTuiApp(connection_to(server, session="lab"))
    async with app.run_test(size=(100, 32), message_hook=said) as pilot:
        await judge_in_form(app, pilot)
        await pilot.press("f8")
        await settle(app, pilot)
        app.screen.query_one("#session-list", OptionList).focus()
        await pilot.press("ctrl+e")  # re-read the session's verdicts
        await settle(app, pilot)
        assert any(m.startswith("Re-read 1 verdicts of 'lab'") for m in said.messages)
        await pilot.press("f7")
        await settle(app, pilot)
        await pilot.press("j")  # judge again with the JSON verdict option
        await settle(app, pilot)
        body = server.emulator.last_chat_body
        assert body is not None and body["response_format"] == {"type": "json_object"}
        # This emulator answers without a score whatever it is asked: said, and kept in the queue.
        assert any("cannot be read either" in m for m in said.of("warning"))
        screen = app.screen
        assert isinstance(screen, TriageScreen) and len(screen.items) == 1


async def test_a_repair_asked_of_a_silent_judge_says_what_it_waits_for(
    start_emulator: Callable[..., EmulatorServer], monkeypatch: pytest.MonkeyPatch
) -> None:
    import judge_tui.ui.waiting

    monkeypatch.setattr(judge_tui.ui.waiting, "EVERY_S", 0.1)  # the note's pace, not the wait
    server = start_emulator(unreadable_rate=1.0)
    app = JudgeTuiApp(connection_to(server, session="quiet"))
    async with app.run_test(size=(100, 32)) as pilot:
        await judge_in_form(app, pilot, question="Capital of France?", answer="Paris.")
        await open_triage(app, pilot)
        assert isinstance(app.screen, TriageScreen)
        server.config.silent = True  # the judge takes the repair and says nothing
        await pilot.press("r")
        for _ in range(100):
            await pilot.pause(0.05)
            if "Waiting for" in rendered(app, "#verdict-badge"):
                break
        assert "Waiting for the judge's answer from 127.0.0.1" in rendered(app, "#verdict-badge")
        assert "gives up after 600 s" in rendered(app, "#verdict-badge")
        app.screen.workers.cancel_group(app.screen, "triage-ask")  # leaving the screen does this
        await pilot.pause(0.3)  # several of the note's beats: none may come back
        assert "Waiting for" not in rendered(app, "#verdict-badge")
