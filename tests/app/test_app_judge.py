"""The Judge screen driven by Pilot against the emulator over loopback HTTP."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.widgets import TextArea

from judge_tui.api.credentials import Token
from judge_tui.emulator.server import EmulatorServer
from judge_tui.store.db import Database
from judge_tui.store.paths import home_paths
from judge_tui.store.session_list import list_sessions
from judge_tui.store.sessions import session_evaluations
from judge_tui.ui.app import JudgeTuiApp
from judge_tui.ui.service import Connection

from ..app_helpers import Notifications, judge_in_form, settle
from ..conftest import TOKEN

HOSTILE = "[@click=app.quit]x[/] [b \x1b[31mred"


def make_app(server: EmulatorServer, session: str | None = "demo") -> JudgeTuiApp:
    return JudgeTuiApp(
        Connection(server.base_url, Token(TOKEN, "test"), demo=True, session=session)
    )


def rendered(app: JudgeTuiApp, widget_id: str) -> str:
    return str(app.screen.query_one(widget_id).render())


async def test_single_judgment_shows_a_score_badge_and_keeps_markup_literal(
    emulator: EmulatorServer,
) -> None:
    app = make_app(emulator)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.focused is not None and app.focused.id == "question"
        app.screen.query_one("#question", TextArea).insert(f"What is 2+2? {HOSTILE}")
        await pilot.press("tab")
        assert app.focused.id == "answer"
        await pilot.press(*"It is 4.")
        await pilot.press("f5")
        await app.workers.wait_for_complete()
        await pilot.pause()
        badge = rendered(app, "#verdict-badge")
        assert "Score" in badge and "/5" in badge
        assert app.is_running  # the [@click=app.quit] in the question did nothing
        assert emulator.emulator.stats["chat_requests"] == 1
        assert "overall score of the answer is [[" in rendered(app, "#verdict-text")


async def test_a_verdict_whose_token_counts_are_written_wrongly_shows_no_made_up_count(
    start_emulator: Callable[..., EmulatorServer],
) -> None:
    wrong = start_emulator(wrong_fields=True)  # counts null, -3 and "many"; model a number
    app = make_app(wrong)
    async with app.run_test(size=(80, 24)) as pilot:
        app.screen.query_one("#question", TextArea).insert("What is 2+2?")
        app.screen.query_one("#answer", TextArea).insert("It is 4.")
        await pilot.press("f5")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "/5" in rendered(app, "#verdict-badge")  # the verdict is kept and read
        meta = rendered(app, "#verdict-meta")
        assert "? tokens" in meta and "None" not in meta and "pai-judge" in meta


async def test_pairwise_judgment_names_the_winner(emulator: EmulatorServer) -> None:
    app = make_app(emulator)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f3")
        screen = app.screen
        screen.query_one("#question", TextArea).insert("Which is better?")
        screen.query_one("#answer1", TextArea).insert(HOSTILE)
        screen.query_one("#answer2", TextArea).insert("A careful, complete answer with reasons.")
        await pilot.press("ctrl+r")
        await app.workers.wait_for_complete()
        await pilot.pause()
        badge = rendered(app, "#verdict-badge")
        assert "Winner" in badge and ("Answer 1" in badge or "Answer 2" in badge or "Tie" in badge)


async def test_a_missing_answer_is_named_and_nothing_is_sent(emulator: EmulatorServer) -> None:
    app = make_app(emulator)
    said = Notifications()
    async with app.run_test(size=(80, 24), message_hook=said) as pilot:
        app.screen.query_one("#question", TextArea).insert("A question")
        await pilot.press("f5")
        await pilot.pause()
        assert said.messages == ["The answer is empty; give the answer to judge."]
        assert emulator.emulator.stats["chat_requests"] == 0


async def test_a_dropped_stream_says_so_and_keeps_the_text(start_emulator) -> None:  # type: ignore[no-untyped-def]
    server = start_emulator(stream_drop_rate=1.0)
    app = make_app(server)
    async with app.run_test(size=(80, 24)) as pilot:
        await judge_in_form(app, pilot)
        badge = rendered(app, "#verdict-badge")
        assert "Service error" in badge and "incomplete" in badge and "/5" not in badge
        assert "I think the overall score" in rendered(app, "#verdict-text")


async def test_every_judgment_is_kept_in_the_session(emulator: EmulatorServer) -> None:
    app = make_app(emulator, session="tui-work")
    async with app.run_test(size=(80, 24)) as pilot:
        for n in range(2):
            question = app.screen.query_one("#question", TextArea)
            question.text = f"Question {n} [b"
            app.screen.query_one("#answer", TextArea).text = "An answer"
            await pilot.press("f5")
            await app.workers.wait_for_complete()
            await pilot.pause()
        await app.workers.wait_for_complete()
        assert "session tui-work" in app.sub_title
    db = Database.open(home_paths())
    records = session_evaluations(db, "tui-work")
    assert [r.inputs["question"] for r in records] == ["Question 1 [b", "Question 0 [b"]
    assert all(
        r.status == "ok" and r.score is not None and r.request and r.content for r in records
    )


async def test_no_save_keeps_nothing(emulator: EmulatorServer) -> None:
    app = make_app(emulator, session=None)
    async with app.run_test(size=(80, 24)) as pilot:
        app.screen.query_one("#question", TextArea).insert("q")
        app.screen.query_one("#answer", TextArea).insert("a")
        await pilot.press("f5")
        await app.workers.wait_for_complete()
        assert "not saving" in app.sub_title
    assert list_sessions(Database.open(home_paths())) == []


async def test_switching_mode_from_an_answer_keeps_the_keyboard_in_the_form(
    emulator: EmulatorServer,
) -> None:
    app = make_app(emulator, session=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("tab")  # question -> answer
        await pilot.press("f3")
        await pilot.pause()
        await pilot.press(*"first")
        assert app.screen.query_one("#answer1", TextArea).text == "first"
        await pilot.press("f2")
        await pilot.pause()
        await pilot.press(*"single")
        assert app.screen.query_one("#answer", TextArea).text == "single"


async def test_a_streaming_verdict_shows_its_latest_lines_as_they_arrive(
    emulator: EmulatorServer,
) -> None:
    from judge_tui.ui.widgets.verdict_view import VerdictView

    app = make_app(emulator)
    lines = [f"line {n:03d} {HOSTILE}" for n in range(200)]
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        view = app.screen.query_one(VerdictView)
        view.start()
        await pilot.pause()
        for line in lines:
            view.append(line + "\n")
        view.flush()
        await pilot.pause()
        streaming = rendered(app, "#verdict-stream")
        # The end of the text is on screen as it arrives, markup and all, the start is not.
        assert "line 199 [@click=app.quit]x[/] [b" in streaming
        assert "line 000" not in streaming
        assert not app.screen.query_one("#verdict-text").display
        view.append("The overall score is [[4]].")
        view.flush()
        await pilot.pause()
        assert "The overall score is [[4]]." in rendered(app, "#verdict-stream")
        for _ in range(20_000):  # a stream of tiny pieces: only its end is joined to draw
            view.append("4/5 ")
        view.append("END")
        view.flush()
        await pilot.pause()
        assert rendered(app, "#verdict-stream").endswith("4/5 4/5 END")
        assert view.text.startswith("line 000") and view.text.endswith("4/5 END")


async def test_the_mode_switch_is_before_the_question_and_chooses_by_arrow_or_click(
    emulator: EmulatorServer,
) -> None:
    app = make_app(emulator, session=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        form = app.screen.query_one("#compose-form")
        # Focus starts in Question (under load, one pause was not always enough to see it there)
        assert app.focused is not None and app.focused.id == "question"
        await pilot.press("shift+tab")  # reading order: the mode switch comes before Question
        assert app.focused is not None and app.focused.id == "mode"
        assert "(•) Single" in rendered(app, "#mode")
        await pilot.press("right")
        await pilot.pause()
        assert form.has_class("-pairwise")
        assert app.screen.query_one("#answer1", TextArea).region.height > 0  # the two answers show
        assert "(•) Pairwise" in rendered(app, "#mode")
        # A click on a name chooses it: "Custom" starts after "( ) Single  ( ) Pairwise  ".
        await pilot.click("#mode", offset=(len("( ) Single  ( ) Pairwise  ") + 1, 0))
        await pilot.pause()
        assert form.has_class("-custom") and "(•) Custom" in rendered(app, "#mode")
        await pilot.press("f2")  # the keys and the switch agree
        await pilot.pause()
        assert form.has_class("-single") and "(•) Single" in rendered(app, "#mode")


async def test_the_footer_shows_the_screens_keys_and_a_click_presses_one(
    emulator: EmulatorServer,
) -> None:
    app = make_app(emulator, session=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        line = rendered(app, "KeyFooter")
        for shown in ("f5 Judge", "esc Cancel", "f2 Single", "f3 Pairwise", "f1 Help"):
            assert shown in line
        assert line.rstrip().endswith("^p palette")  # the palette's key at the right end
        await pilot.click("KeyFooter", offset=(line.index("f3 Pairwise"), 0))
        await pilot.pause()
        assert app.screen.query_one("#compose-form").has_class("-pairwise")
        await pilot.press("f8")  # another screen, its own keys
        await pilot.pause()
        line = rendered(app, "KeyFooter")
        assert "f2 Rename" in line and "f5 Judge" not in line


async def test_escape_says_cancelled_in_the_badge_and_retries_show_where_the_eye_is(
    start_emulator: Callable[..., EmulatorServer],
) -> None:
    """Issue 11.16: the state of a judgment is in the badge line at the top, not below."""
    server = start_emulator(latency_ms=3000)
    app = make_app(server)
    async with app.run_test(size=(80, 24)) as pilot:
        app.screen.query_one("#question", TextArea).insert("2+2?")
        app.screen.query_one("#answer", TextArea).insert("4")
        await pilot.press("f5")
        await pilot.pause()
        assert "Judging" in rendered(app, "#verdict-badge")
        await pilot.press("escape")
        await app.workers.wait_for_complete()
        await pilot.pause()
        badge = rendered(app, "#verdict-badge")
        assert "Cancelled" in badge and "Judging" not in badge
    retrying = start_emulator(fault_rate=1.0, fault_kinds=("429",), retry_after_s=30)
    app = make_app(retrying)
    async with app.run_test(size=(80, 24)) as pilot:
        app.screen.query_one("#question", TextArea).insert("2+2?")
        app.screen.query_one("#answer", TextArea).insert("4")
        await pilot.press("f5")
        for _ in range(2000):  # until the first 429 has been answered (no fixed sleep)
            if "retrying" in rendered(app, "#verdict-badge"):
                break
            await pilot.pause()
        assert "429" in rendered(app, "#verdict-badge")
        await pilot.press("escape")
        await app.workers.wait_for_complete()


async def test_a_service_failure_is_headlined_as_one_everywhere(
    start_emulator: Callable[..., EmulatorServer],
    tmp_path: Path,
) -> None:
    """Issue 11.19: a 401 is "Service error: … 401 …" in the pane, and in the stored verdict
    an export reads, never "Not readable: the verdict is empty"."""
    server = start_emulator(token="another-token")  # the app's token is refused
    app = make_app(server, session="failing")
    async with app.run_test(size=(80, 24)) as pilot:
        await judge_in_form(app, pilot)
        badge = rendered(app, "#verdict-badge")
        assert badge.startswith("Service error") and "401" in badge
        assert "empty" not in badge
    from ..cli_helpers import run_cli

    out = tmp_path / "failing.md"
    assert (
        run_cli(
            "sessions", "export", "failing", "--format", "markdown", "--output", str(out)
        ).returncode
        == 0
    )
    text = out.read_text()
    assert "the service failed" in text and "401" in text and "verdict is empty" not in text


async def test_keys_typed_in_one_burst_after_tab_go_to_the_next_field(
    emulator: EmulatorServer,
) -> None:
    """Issue 11.20: a paste or a fast typist over SSH sends "abc<Tab>def" in one read; every
    key after the Tab belongs to the next field. The keys are queued all at once, before the
    app handles any, as the terminal driver does with one read."""
    from textual import events

    app = make_app(emulator)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for ch in "What?\tIt is 4.\t":
            app.post_message(events.Key("tab" if ch == "\t" else ch, ch))
        await pilot.pause()
        await pilot.pause()
        screen = app.screen
        assert screen.query_one("#question", TextArea).text == "What?"
        assert screen.query_one("#answer", TextArea).text == "It is 4."
        await pilot.press("shift+tab")
        assert app.focused is not None and app.focused.id == "answer"


async def test_f6_shows_a_pairwise_verdicts_answers_word_by_word(emulator: EmulatorServer) -> None:
    from textual.widgets import Static

    said = Notifications()
    app = make_app(emulator)
    async with app.run_test(size=(100, 40), message_hook=said) as pilot:
        await pilot.press("f6")  # nothing judged yet: said, nothing shown
        assert any("Show a pairwise verdict first" in m for m in said.messages)
        await pilot.press("f3")
        app.screen.query_one("#question", TextArea).insert("Capital of France?")
        app.screen.query_one("#answer1", TextArea).insert(f"Paris is the capital. {HOSTILE}")
        app.screen.query_one("#answer2", TextArea).insert("Lyon is the capital.")
        await pilot.press("f5")
        await app.workers.wait_for_complete()
        await pilot.pause()
        app.screen.query_one("#answer1", TextArea).focus()  # F6 is not the text area's here
        await pilot.press("f6")
        await pilot.pause()
        diff = app.screen.query_one("#verdict-diff", Static)
        assert diff.display
        shown = str(diff.render())
        assert "[-Paris -]" in shown and "{+Lyon +}" in shown
        assert "[@click=app.quit]" in shown and "\x1b" not in shown and app.is_running
        await pilot.press("f6")
        assert not diff.display


async def test_a_request_over_its_models_input_limit_is_refused_before_sending(
    emulator: EmulatorServer,
) -> None:
    from textual.widgets import Input

    said = Notifications()
    app = make_app(emulator)
    async with app.run_test(size=(100, 40), message_hook=said) as pilot:
        await app.screen.whole_form()  # type: ignore[attr-defined]
        app.screen.query_one("#question", TextArea).insert("Summarise this.")
        app.screen.query_one("#answer", TextArea).insert("word " * 40000)
        app.screen.query_one("#model", Input).value = "themis-turbo"
        await pilot.press("f5")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert any("over the 8192 themis-turbo takes" in m for m in said.of("error"))
        assert emulator.emulator.stats["chat_requests"] == 0


async def test_both_orders_in_the_form_judges_the_swapped_game_and_says_if_they_agree(
    start_emulator: Callable[..., EmulatorServer],
) -> None:
    from textual.widgets import Checkbox, Static

    from judge_tui.judging.plans import game_of

    biased = start_emulator(position_bias=1.0)  # slot 1 always wins: the orders disagree
    app = make_app(biased, session="orders")
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("f3")
        await app.screen.whole_form()  # type: ignore[attr-defined]
        app.screen.query_one("#question", TextArea).insert("Capital of France?")
        app.screen.query_one("#answer1", TextArea).insert("Paris.")
        app.screen.query_one("#answer2", TextArea).insert("Lyon.")
        app.screen.query_one("#swap", Checkbox).value = True
        await pilot.press("f5")
        await settle(app, pilot)
        assert biased.emulator.stats["chat_requests"] == 2
        line = str(app.screen.query_one("#verdict-plan", Static).render())
        assert "Answer 1 as given, Answer 2 with the answers exchanged" in line
        assert "They disagree: the item counts as a tie" in line
    db = Database.open(home_paths())
    try:
        stored = session_evaluations(db, "orders")
    finally:
        db.close()
    keys = sorted((game_of(r.custom_id or "") for r in stored), key=lambda k: k.swapped)
    assert len(keys) == 2 and keys[0].item == keys[1].item and keys[1].swapped


async def test_a_plan_in_the_form_shows_its_preflight_then_judges_every_game_and_links_them(
    start_emulator: Callable[..., EmulatorServer],
) -> None:
    from textual.widgets import Input, Static

    from judge_tui.judging.plans import game_of

    noisy = start_emulator(judge_noise=0.5)
    app = make_app(noisy, session="plan")
    async with app.run_test(size=(100, 40)) as pilot:
        screen = app.screen
        await screen.whole_form()  # type: ignore[attr-defined]
        screen.query_one("#question", TextArea).insert("Capital of France?")
        screen.query_one("#answer", TextArea).insert("Paris is the capital of France.")
        screen.query_one("#judges", Input).value = "pai-judge, pai-judge-plus"
        screen.query_one("#repeats", Input).value = "3"
        screen.refresh_plan()  # type: ignore[attr-defined]  # what the pause after typing does
        line = str(screen.query_one("#plan-line", Static).render())
        assert "1 item · 6 requests (3 to pai-judge, 3 to pai-judge-plus)" in line
        assert "input tokens" in line and "estimates" in line
        assert noisy.emulator.stats["chat_requests"] == 0  # counted, nothing sent
        await pilot.press("f5")
        await settle(app, pilot)
        assert noisy.emulator.stats["chat_requests"] == 6
        said = str(screen.query_one("#verdict-plan", Static).render())
        assert "Judges: pai-judge " in said and "pai-judge-plus " in said
        assert "Repeats of pai-judge: " in said and "of 3 the same" in said
    db = Database.open(home_paths())
    try:
        stored = session_evaluations(db, "plan")
    finally:
        db.close()
    keys = [game_of(r.custom_id or "") for r in stored]
    assert len({k.item for k in keys}) == 1  # one item, its six games linked by it
    assert sorted((k.judge or "", k.repeat) for k in keys) == sorted(
        (judge, repeat) for judge in ("pai-judge", "pai-judge-plus") for repeat in (1, 2, 3)
    )
    assert {r.model for r in stored} == {"pai-judge", "pai-judge-plus"}


async def test_a_wrong_plan_in_the_form_gets_one_sentence_and_sends_nothing(
    emulator: EmulatorServer,
) -> None:
    from textual.widgets import Input, Static

    said = Notifications()
    app = make_app(emulator)
    async with app.run_test(size=(100, 40), message_hook=said) as pilot:
        screen = app.screen
        await screen.whole_form()  # type: ignore[attr-defined]
        screen.query_one("#question", TextArea).insert("Q?")
        screen.query_one("#answer", TextArea).insert("A.")
        for judges, repeats, expected in (
            ("pai-judge,pai-judge", "", "name a model twice"),
            ("pai#judge", "", "is not a judge model name"),
            (HOSTILE, "", "is not a judge model name"),
            ("", "99", "from 1 to 20"),
            ("", "two", "is not a whole number"),
        ):
            screen.query_one("#judges", Input).value = judges
            screen.query_one("#repeats", Input).value = repeats
            screen.refresh_plan()  # type: ignore[attr-defined]
            assert expected in str(screen.query_one("#plan-line", Static).render())
            await pilot.press("f5")
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert expected in said.of("error")[-1]
        assert app.is_running
        assert "\x1b" not in str(screen.query_one("#plan-line", Static).render())
    assert emulator.emulator.stats["chat_requests"] == 0


async def test_a_profile_judge_in_the_form_is_sent_to_that_profiles_service(
    start_emulator: Callable[..., EmulatorServer], monkeypatch: pytest.MonkeyPatch
) -> None:
    from textual.widgets import Input, Static

    from judge_tui.store.config import Profile, load_config, save_config

    near, far = start_emulator(), start_emulator()
    monkeypatch.setenv("JUDGE_MODEL_TOKEN", TOKEN)  # the profile's token, as the shell finds it
    paths = home_paths().ensure()
    config = load_config(paths)
    config.profiles["far"] = Profile(base_url=far.base_url, model="pai-judge-plus")
    save_config(paths, config)
    said = Notifications()
    app = make_app(near, session="two")
    async with app.run_test(size=(100, 40), message_hook=said) as pilot:
        screen = app.screen
        await screen.whole_form()  # type: ignore[attr-defined]
        screen.query_one("#question", TextArea).insert("Capital of France?")
        screen.query_one("#answer", TextArea).insert("Paris.")
        screen.query_one("#judges", Input).value = "pai-judge,profile:nowhere"
        screen.refresh_plan()  # type: ignore[attr-defined]
        assert "no profile named 'nowhere'" in str(screen.query_one("#plan-line", Static).render())
        screen.query_one("#judges", Input).value = "pai-judge,profile:far"
        screen.refresh_plan()  # type: ignore[attr-defined]
        line = str(screen.query_one("#plan-line", Static).render())
        assert "2 requests (1 to pai-judge, 1 to profile:far)" in line
        await pilot.press("f5")
        await settle(app, pilot)
        said_now = str(screen.query_one("#verdict-plan", Static).render())
        assert "Judges: pai-judge " in said_now and "profile:far " in said_now
    assert near.emulator.stats["chat_requests"] == 1
    assert far.emulator.stats["chat_requests"] == 1
    db = Database.open(home_paths())
    try:
        stored = session_evaluations(db, "two")
    finally:
        db.close()
    assert sorted((r.model, r.profile) for r in stored) == [
        ("pai-judge", None),
        ("pai-judge-plus", "far"),
    ]


async def test_a_silent_judge_gets_a_running_note_that_escape_ends(
    start_emulator: Callable[..., EmulatorServer], monkeypatch: pytest.MonkeyPatch
) -> None:
    import judge_tui.ui.waiting

    monkeypatch.setattr(judge_tui.ui.waiting, "EVERY_S", 0.1)  # the note's pace, not the wait
    silent = start_emulator(silent=True)
    app = make_app(silent)
    async with app.run_test(size=(100, 40)) as pilot:
        await app.screen.whole_form()  # type: ignore[attr-defined]
        app.screen.query_one("#question", TextArea).insert("Q?")
        app.screen.query_one("#answer", TextArea).insert("A.")
        await pilot.press("f5")
        for _ in range(100):  # until the note is drawn (each pause lets the timer run)
            await pilot.pause(0.05)
            if "Waiting for the verdict" in rendered(app, "#verdict-badge"):
                break
        badge = rendered(app, "#verdict-badge")
        assert "Waiting for the verdict from 127.0.0.1" in badge
        assert "s so far; gives up after 600 s; Escape cancels" in badge
        await pilot.press("escape")
        await app.workers.wait_for_complete()
        await pilot.pause(0.3)  # several of the note's beats: none may come back
        assert "Waiting for" not in rendered(app, "#verdict-badge")
