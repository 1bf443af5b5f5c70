"""Each screen's main path, driven by Pilot against a private home (and the emulator over
loopback HTTP where a screen judges)."""

from __future__ import annotations

import contextlib
import os
import stat
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from textual.widgets import Checkbox, DataTable, Input, OptionList, Select, TextArea
from textual.worker import WorkerFailed

from judge_tui.emulator.server import EmulatorServer
from judge_tui.store.config import Profile, load_config
from judge_tui.store.db import Database
from judge_tui.store.paths import home_paths
from judge_tui.store.profiles import put_profile
from judge_tui.store.session_list import list_sessions
from judge_tui.store.sessions import save_evaluation, session_evaluations
from judge_tui.store.templates import list_templates, save_template
from judge_tui.ui.app import JudgeTuiApp
from judge_tui.ui.screens.first_run import FirstRunScreen
from judge_tui.ui.screens.judge import JudgeScreen
from judge_tui.ui.screens.sessions import SessionsScreen
from judge_tui.ui.screens.settings import SettingsScreen
from judge_tui.ui.screens.templates import TemplatesScreen
from judge_tui.ui.service import Connection, Launch

from ..app_helpers import HOSTILE, Notifications, connection_to, rendered, settle
from ..conftest import TOKEN
from ..store_helpers import make_record

T = TypeVar("T")


def with_db(action: Callable[[Database], T]) -> T:
    db = Database.open(home_paths())
    try:
        return action(db)
    finally:
        db.close()


def type_into(app: JudgeTuiApp, selector: str, text: str) -> None:
    app.screen.query_one(selector).insert(text)  # type: ignore[attr-defined]


# --- Judge screen -----------------------------------------------------------------------------


async def test_missing_answer_is_named_and_nothing_is_sent(emulator: EmulatorServer) -> None:
    app = JudgeTuiApp(connection_to(emulator))
    said = Notifications()
    async with app.run_test(size=(80, 24), notifications=True, message_hook=said) as pilot:
        type_into(app, "#question", "What is 2+2?")
        await pilot.press("f5")
        await settle(app, pilot)
        assert any("answer is empty" in m for m in said.messages)
        assert emulator.emulator.stats["chat_requests"] == 0


async def test_custom_template_mode_judges_with_a_stored_template_and_variables(
    emulator: EmulatorServer,
) -> None:
    with_db(
        lambda db: save_template(
            db,
            "tone check",
            "You judge tone.",
            "Rate the {tone} tone of: {answer}\nQuestion: {question}\nScale of 1 to 5.",
        )
    )
    app = JudgeTuiApp(connection_to(emulator))
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+t")
        screen = app.screen
        assert isinstance(screen, JudgeScreen)
        screen.query_one("#template", Select).value = "tone check"
        type_into(app, "#question", "Greet me")
        type_into(app, "#answer", f"Hello there {HOSTILE}")
        await pilot.pause()
        assert "{tone}" in rendered(app, "#template-check")  # flagged: no value yet
        await pilot.press("f5")
        await settle(app, pilot)
        assert emulator.emulator.stats["chat_requests"] == 0  # the variable is missing
        type_into(app, "#variables", "tone=formal")
        await pilot.pause()
        assert "ready" in rendered(app, "#template-check")
        await pilot.press("f5")
        await settle(app, pilot)
        assert emulator.emulator.stats["chat_requests"] == 1
        records = with_db(lambda db: session_evaluations(db, "demo"))
        assert records[0].mode == "custom"
        assert records[0].template_name == "tone check"
        sent = records[0].request["messages"][-1]["content"]
        assert "Rate the formal tone of: Hello there [@click=app.quit]x[/]" in sent
        assert app.is_running


async def test_session_list_beside_the_form_reruns_and_loads_into_the_form(
    emulator: EmulatorServer,
) -> None:
    app = JudgeTuiApp(connection_to(emulator))
    async with app.run_test(size=(120, 40)) as pilot:
        type_into(app, "#question", "What is the capital of France?")
        type_into(app, "#answer", "Paris.")
        await pilot.press("f5")
        await settle(app, pilot)
        side = app.screen.query_one("#session-evaluations", OptionList)
        assert side.option_count == 1
        assert "capital of France" in str(side.get_option_at_index(0).prompt)
        side.focus()
        await pilot.press("down" if side.highlighted is None else "home")
        await pilot.press("r")
        await settle(app, pilot)
        assert emulator.emulator.stats["chat_requests"] == 2
        assert side.option_count == 2
        # Clear the form, then load the saved evaluation back into it to edit.
        app.screen.query_one("#question", TextArea).load_text("")
        side.focus()
        await pilot.press("e")
        await pilot.pause()
        assert app.screen.query_one("#question", TextArea).text == "What is the capital of France?"
        assert app.focused is not None and app.focused.id == "question"


async def test_advanced_fields_and_parameters_reach_the_request(emulator: EmulatorServer) -> None:
    app = JudgeTuiApp(connection_to(emulator))
    async with app.run_test(size=(120, 40)) as pilot:
        type_into(app, "#question", "Write a couplet")
        type_into(app, "#answer", "Spring wind, green hills")
        await pilot.press("ctrl+o")  # open the advanced group
        await pilot.pause()
        assert app.focused is not None and app.focused.id == "scene"
        await pilot.press(*"poetry")
        app.screen.query_one("#max_score", Input).value = "10"
        app.screen.query_one("#temperature", Input).value = "0.2"
        app.screen.query_one("#stream", Checkbox).value = False
        await pilot.press("f5")
        await settle(app, pilot)
        record = with_db(lambda db: session_evaluations(db, "demo"))[0]
        judged = record.request["messages"][0]["content"][0]["json"]
        assert judged["scene"] == "poetry" and judged["max_score"] == 10
        assert record.request["temperature"] == 0.2
        assert record.params["stream"] is False
        assert "/10" in rendered(app, "#verdict-badge")


async def test_save_verdict_writes_a_file_in_the_exports_folder(emulator: EmulatorServer) -> None:
    app = JudgeTuiApp(connection_to(emulator))
    async with app.run_test(size=(80, 24)) as pilot:
        type_into(app, "#question", "Q?")
        type_into(app, "#answer", HOSTILE)
        await pilot.press("f5")
        await settle(app, pilot)
        await pilot.press("ctrl+s")
        await pilot.pause()
        saved = list(home_paths().exports.glob("verdict-*.md"))
        assert len(saved) == 1
        text = saved[0].read_text(encoding="utf-8")
        assert "[@click=app.quit]x[/]" in text and "[[" in text
        assert stat.S_IMODE(saved[0].stat().st_mode) == 0o600


# --- Templates screen -------------------------------------------------------------------------


async def test_templates_screen_creates_previews_and_deletes_a_template() -> None:
    app = JudgeTuiApp(Connection("http://127.0.0.1:9/v1", None, session=None))
    async with app.run_test(size=(120, 40)) as pilot:
        # Something in the Judge form, for the preview to render with.
        type_into(app, "#question", "What is 2+2?")
        type_into(app, "#answer", "4")
        await pilot.press("f9")
        await settle(app, pilot)
        assert isinstance(app.screen, TemplatesScreen)
        assert "built-in: single" in rendered(app, "#template-name")
        preview = rendered(app, "#template-preview")
        assert "user:" in preview and "What is 2+2?" in preview  # rendered from the form
        await pilot.press("ctrl+n")
        type_into(app, "#template-user", "Judge {answer} to {question} in a {mood} mood")
        await pilot.pause()
        assert "{mood}" in rendered(app, "#template-preview")  # unknown: flagged
        await pilot.press("ctrl+s")
        await pilot.pause()
        app.screen.query_one("#prompt-input", Input).value = "moody"
        await pilot.press("enter")
        await settle(app, pilot)
        stored = with_db(list_templates)
        assert [t.name for t in stored] == ["moody"]
        assert "{mood}" in stored[0].user_template
        # Delete asks first; Cancel keeps it, Delete removes it.
        app.screen.query_one("#template-list", OptionList).focus()
        await pilot.press("delete")
        await pilot.pause()
        await pilot.press("enter")  # the focused button is Cancel
        await settle(app, pilot)
        assert [t.name for t in with_db(list_templates)] == ["moody"]
        app.screen.query_one("#template-list", OptionList).focus()
        await pilot.press("delete")
        await pilot.pause()
        await pilot.click("#confirm")
        await settle(app, pilot)
        assert with_db(list_templates) == []


# --- Sessions screen --------------------------------------------------------------------------


async def test_sessions_screen_renames_exports_and_deletes_with_confirmation(
    tmp_path: Path,
) -> None:
    db = Database.open(home_paths())
    for i in range(2):
        save_evaluation(db, "alpha", make_record(i, HOSTILE))
    db.close()
    app = JudgeTuiApp(Connection("http://127.0.0.1:9/v1", None, session=None), start_in="sessions")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, SessionsScreen)
        await pilot.press("f2")
        await pilot.pause()
        app.screen.query_one("#prompt-input", Input).value = "beta"
        await pilot.press("enter")
        await settle(app, pilot)
        assert [s.name for s in with_db(list_sessions)] == ["beta"]
        target = tmp_path / "beta.csv"
        await pilot.press("f3")
        await pilot.pause()
        app.screen.query_one("#prompt-input", Input).value = str(target)
        await pilot.press("enter")
        await settle(app, pilot)
        assert target.read_text(encoding="utf-8").startswith("session,")
        await pilot.press("f6")
        await pilot.pause()
        await pilot.click("#confirm")
        await settle(app, pilot)
        assert with_db(list_sessions) == []
        assert app.is_running


# --- Settings and the first run ---------------------------------------------------------------


async def test_settings_adds_a_profile_keeps_the_token_out_of_config_and_masks_it() -> None:
    secret = "sk-verysecret-0123456789abcdef"
    app = JudgeTuiApp(Connection("http://127.0.0.1:9/v1", None, session=None))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f12")
        await settle(app, pilot)
        assert isinstance(app.screen, SettingsScreen)
        await pilot.press("ctrl+n")
        await pilot.pause()
        form = app.screen
        form.query_one("#profile-name", Input).value = "work"
        form.query_one("#profile-url", Input).value = "judge.example.com"
        form.query_one("#profile-token", Input).value = f"Bearer {secret}"
        assert form.query_one("#profile-token", Input).password
        form.query_one("#profile-reveal", Checkbox).value = True
        await pilot.pause()
        assert not form.query_one("#profile-token", Input).password
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        paths = home_paths()
        config = tomllib.loads(paths.config.read_text())
        assert config["profiles"]["work"]["base_url"] == "https://judge.example.com/v1"
        assert secret not in paths.config.read_text()
        assert secret in paths.credentials.read_text()
        assert stat.S_IMODE(os.stat(paths.credentials).st_mode) == 0o600
        table = app.screen.query_one("#profiles", DataTable)
        shown = " ".join(str(c) for c in table.get_row_at(0))
        assert "work" in shown and "…" in shown and secret not in shown
        # Editing: the stored token is in the form, masked until asked for.
        await pilot.press("f2")
        await pilot.pause()
        field = app.screen.query_one("#profile-token", Input)
        assert field.password and field.value == secret
        app.screen.query_one("#profile-reveal", Checkbox).value = True
        await pilot.pause()
        assert not field.password
        await pilot.press("escape")


async def test_theme_chosen_in_settings_is_saved() -> None:
    app = JudgeTuiApp(Connection("http://127.0.0.1:9/v1", None, session=None))
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.theme == "judge-dark"
        await pilot.press("f12")
        await settle(app, pilot)
        app.screen.query_one("#theme", Select).value = "judge-light"
        await settle(app, pilot)
        assert app.theme == "judge-light"
    assert tomllib.loads(home_paths().config.read_text())["theme"] == "judge-light"


async def test_first_run_offers_the_demo_and_it_judges(emulator: EmulatorServer) -> None:
    launch = Launch(None, start_demo=lambda: connection_to(emulator))
    app = JudgeTuiApp(launch)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, FirstRunScreen)
        await pilot.click("#demo")
        await settle(app, pilot)
        assert isinstance(app.screen, JudgeScreen)
        assert "demo" in app.sub_title
        type_into(app, "#question", "Q?")
        type_into(app, "#answer", "A careful answer.")
        await pilot.press("f5")
        await settle(app, pilot)
        assert "/5" in rendered(app, "#verdict-badge")


# --- everywhere -------------------------------------------------------------------------------


async def test_palette_names_every_screen_and_mode() -> None:
    app = JudgeTuiApp(Connection("http://127.0.0.1:9/v1", None, session=None))
    async with app.run_test(size=(80, 24)):
        names = {c.title for c in app.get_system_commands(app.screen)}
        for wanted in (
            "Judge", "Single mode", "Pairwise mode", "Custom template mode", "Templates",
            "Batches", "Sessions", "Settings",
        ):  # fmt: skip
            assert wanted in names


async def test_palette_runs_pairwise_mode_from_another_screen() -> None:
    app = JudgeTuiApp(Connection("http://127.0.0.1:9/v1", None, session=None))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f8")
        await pilot.pause()
        command = next(c for c in app.get_system_commands(app.screen) if c.title == "Pairwise mode")
        await command.callback()
        await pilot.pause()
        assert isinstance(app.screen, JudgeScreen)
        assert app.screen.query_one("#pairwise-fields").display


async def test_keymap_in_config_remaps_a_key_and_help_shows_it(emulator: EmulatorServer) -> None:
    home_paths().ensure().config.write_text('[keymap]\njudge = "f7"\nnot_a_binding = "f11"\n')
    app = JudgeTuiApp(connection_to(emulator))
    said = Notifications()
    async with app.run_test(size=(120, 40), notifications=True, message_hook=said) as pilot:
        assert isinstance(app.screen, JudgeScreen)
        await app.screen.whole_form()  # the parameters come just after the first frame
        type_into(app, "#question", "Q?")
        type_into(app, "#answer", "A.")
        app.screen.query_one(
            "#model", Input
        ).focus()  # off the text areas, which keep f7 for themselves
        await pilot.press("f7")
        await settle(app, pilot)
        assert emulator.emulator.stats["chat_requests"] == 1
        assert any("not_a_binding" in m for m in said.messages)
        await pilot.press("f1")
        await pilot.pause()
        help_text = str(app.screen.query_one("#help Static").render())
        assert "f7" in help_text and "Judge" in help_text
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, JudgeScreen)


async def test_errors_are_one_sentence_with_details_a_key_away(
    start_emulator: Callable[..., EmulatorServer],
) -> None:
    server = start_emulator(fault_rate=1.0, fault_kinds=("502-html",))
    app = JudgeTuiApp(connection_to(server))
    said = Notifications()
    async with app.run_test(size=(80, 24), notifications=True, message_hook=said) as pilot:
        type_into(app, "#question", "Q?")
        type_into(app, "#answer", "A.")
        await pilot.press("f5")
        await settle(app, pilot)
        errors = said.of("error")
        assert errors and "ctrl+l" in errors[-1] and "<html" not in errors[-1].lower()
        await pilot.press("ctrl+l")
        await pilot.pause()
        details = app.screen.query_one("#details-text", TextArea).text
        assert "502" in details
        assert TOKEN not in details


async def test_after_an_action_the_selection_stays_on_the_same_item(tmp_path: Path) -> None:
    """Issue 11.17: rename, export and set default keep the cursor on the item acted on, so
    the next key acts on it too, not on the first row."""
    db = Database.open(home_paths())
    for name in ("one", "two", "three"):
        save_evaluation(db, name, make_record(0))
    db.close()
    app = JudgeTuiApp(Connection("http://127.0.0.1:9/v1", None, session=None), start_in="sessions")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, SessionsScreen)
        sessions = screen.query_one("#session-list", OptionList)
        sessions.highlighted = 2
        await settle(app, pilot)
        chosen = screen.sessions[2].name
        await pilot.press("f3")  # export: the list is read again
        await pilot.pause()
        app.screen.query_one("#prompt-input", Input).value = str(tmp_path / "x.jsonl")
        await pilot.press("enter")
        await settle(app, pilot)
        assert screen.sessions[sessions.highlighted].name == chosen
        await pilot.press("f2")  # rename: it moves to the top, the selection moves with it
        await pilot.pause()
        app.screen.query_one("#prompt-input", Input).value = "renamed"
        await pilot.press("enter")
        await settle(app, pilot)
        assert screen.sessions[sessions.highlighted].name == "renamed"
    for name in ("a", "b", "c"):
        put_profile(home_paths(), name, Profile(base_url="http://127.0.0.1:9/v1"), None)
    app = JudgeTuiApp(Connection("http://127.0.0.1:9/v1", None, session=None))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f12")
        await settle(app, pilot)
        settings = app.screen
        assert isinstance(settings, SettingsScreen)
        table = settings.query_one("#profiles", DataTable)
        table.move_cursor(row=2)
        await pilot.press("f3")  # make "c" the default: the table is read again
        await settle(app, pilot)
        assert table.cursor_row == 2
        assert settings.rows[2].name == "c" and settings.rows[2].default


async def test_palette_offers_profile_template_rerun_sort_filter_and_search_actions(
    emulator: EmulatorServer,
) -> None:
    """Issue 11.21: every action a key does is in the palette by name too."""
    from judge_tui.ui.commands import palette_commands
    from judge_tui.ui.screens.batch_results import BatchResultsScreen

    app = JudgeTuiApp(connection_to(emulator))
    async with app.run_test(size=(80, 24)) as pilot:
        names = {c.title for c in app.get_system_commands(app.screen)}
        for wanted in (
            "Add profile", "Edit profile", "Default profile", "Test profile", "Remove profile",
            "Use profile now", "Duplicate template", "Rename template", "Delete template",
            "Re-run evaluation", "Search sessions",
        ):  # fmt: skip
            assert wanted in names, wanted
        results = BatchResultsScreen(1, "job")  # offered while such a screen is shown
        shown = {c.title for c in palette_commands(app, results)}  # type: ignore[arg-type]
        assert {"Sort results by score", "Filter results"} <= shown
        assert not {"Sort results by score"} & names
        command = next(
            c for c in app.get_system_commands(app.screen) if c.title == "Search sessions"
        )
        await command.callback()
        await settle(app, pilot)
        assert isinstance(app.screen, SessionsScreen)
        assert app.focused is not None and app.focused.id == "search"


async def test_a_key_already_taken_where_it_works_is_refused_with_the_reason() -> None:
    """Issue 11.21: rebinding Rename to F3 (Export's key on the same screen) is refused."""
    app = JudgeTuiApp(Connection("http://127.0.0.1:9/v1", None, session=None))
    said = Notifications()
    async with app.run_test(size=(120, 40), notifications=True, message_hook=said) as pilot:
        await pilot.press("f12")
        await settle(app, pilot)
        table = app.screen.query_one("#keys", DataTable)
        row = [str(k.value) for k in table.rows].index("rename_session")
        table.focus()
        table.move_cursor(row=row)
        await pilot.press("enter")
        await pilot.pause()
        app.screen.query_one("#prompt-input", Input).value = "f3"
        await pilot.press("enter")
        await settle(app, pilot)
        assert any("Not changed: f3 would be both" in s for s in said.messages), said.messages
        assert "rename_session" not in app.settings.keymap
        config = home_paths().config
        assert not config.exists() or "rename_session" not in config.read_text()


async def test_editing_the_profile_in_use_reaches_the_running_app(emulator: EmulatorServer) -> None:
    """Issue 11.21: the next judgment goes to the edited base URL, without a restart; what the
    form does not show (the profile's own input limit) is kept."""
    kept = Profile(base_url="http://127.0.0.1:9/v1", max_input_tokens=4096)
    put_profile(home_paths(), "work", kept, TOKEN)
    start = Connection.for_profile("work", Profile(base_url="http://127.0.0.1:9/v1"), None, None)
    app = JudgeTuiApp(start)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f12")
        await settle(app, pilot)
        await pilot.press("f2")  # edit the one profile
        await pilot.pause()
        app.screen.query_one("#profile-url", Input).value = emulator.base_url
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.connection is not None and app.connection.base_url == emulator.base_url
        assert load_config(home_paths()).profiles["work"].max_input_tokens == 4096
        assert app.connection.max_input_tokens == 4096
        await pilot.press("f4")
        await settle(app, pilot)
        app.screen.query_one("#question", TextArea).insert("2+2?")
        app.screen.query_one("#answer", TextArea).insert("4")
        await pilot.press("f5")
        await settle(app, pilot)
        assert emulator.emulator.stats["chat_requests"] == 1
        assert "/5" in rendered(app, "#verdict-badge")


async def test_a_worker_that_fails_is_one_sentence_and_the_app_goes_on() -> None:
    """Issue 14: one worker-error path: any worker's unexpected failure is a notification with
    its details a key away, never a crash."""
    app = JudgeTuiApp(Connection("http://127.0.0.1:9/v1", None, session=None))

    def broken() -> None:
        raise OSError(28, "No space left on device", "/tmp/x")

    said = Notifications()

    async with app.run_test(size=(80, 24), notifications=True, message_hook=said) as pilot:
        worker = app.run_worker(broken, thread=True, exit_on_error=False)
        with contextlib.suppress(WorkerFailed):
            await worker.wait()
        await pilot.pause()
        assert app.is_running
        assert any("No space left on device" in s for s in said.messages), said.messages
        assert app.last_error is not None and "OSError" in app.last_error[1]
