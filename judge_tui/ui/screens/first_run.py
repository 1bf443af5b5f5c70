"""Shown when there is no profile yet: add one, or try the demo on the built-in emulator."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Button, Header, Static

from judge_tui.store.paths import home_paths
from judge_tui.store.profiles import put_profile
from judge_tui.ui.screens.base import AppScreen
from judge_tui.ui.service import Connection
from judge_tui.ui.styles import stylesheet
from judge_tui.ui.textual_compat.key_footer import KeyFooter
from judge_tui.ui.widgets.profile_form import ProfileDraft, ProfileForm

if TYPE_CHECKING:
    pass

WELCOME = (
    "Welcome to judge-tui.\n\n"
    "There is no profile yet: a profile is a judge service (its base URL, dialect and model) "
    "with its token, which is kept in credentials.toml, readable only by you.\n\n"
    "Add one now, or try the demo: a built-in emulator on this machine that gives simulated "
    "verdicts, with no account and no network."
)


class FirstRunScreen(AppScreen[None]):
    # What this screen's workers post; its handlers own the state they change.

    @dataclass
    class DemoReady(Message):
        connection: Connection

    CSS_PATH = stylesheet("dialogs")

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="first-run"):
            yield Static(WELCOME, markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Add a profile", variant="primary", id="add")
                yield Button("Try the demo", id="demo")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#add", Button).focus()
        if self.judge_app.launch.start_demo is None:
            self.query_one("#demo", Button).display = False

    @on(Button.Pressed, "#add")
    def add(self) -> None:
        self.app.push_screen(ProfileForm(), self.saved)

    def saved(self, draft: ProfileDraft | None) -> None:
        if draft is None:
            return
        try:
            put_profile(home_paths(), draft.name, draft.profile, draft.token)
        except (OSError, ValueError) as exc:
            self.judge_app.report_error(f"The profile was not saved: {exc}")
            return
        from judge_tui.api.credentials import Token

        source = f"credentials.toml (profile {draft.name})"
        token = Token(draft.token, source) if draft.token else None
        connection = Connection.for_profile(draft.name, draft.profile, token)
        self.app.pop_screen()
        self.judge_app.use_connection(connection)

    @on(Button.Pressed, "#demo")
    def demo(self) -> None:
        self.query_one("#demo", Button).disabled = True
        self.notify("Starting the emulator…", markup=False)
        self.start_demo()

    @work(exit_on_error=False, thread=True, exclusive=True)
    def start_demo(self) -> None:
        start = self.judge_app.launch.start_demo
        assert start is not None
        self.post_message(self.DemoReady(start()))

    def on_first_run_screen_demo_ready(self, message: FirstRunScreen.DemoReady) -> None:
        self.app.pop_screen()
        self.judge_app.use_connection(message.connection)
