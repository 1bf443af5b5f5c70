"""The Textual app: it owns the connection and shows the screens; screens do the work."""

from __future__ import annotations

from typing import ClassVar

from textual.app import App
from textual.binding import Binding, BindingType

from judge_tui.api.client import JudgeClient
from judge_tui.ui.screens.judge import JudgeScreen
from judge_tui.ui.screens.sessions import SessionsScreen
from judge_tui.ui.service import Connection


class JudgeTuiApp(App[None]):
    CSS_PATH = "judge_tui.tcss"
    TITLE = "judge-tui"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f4", "switch_mode('judge')", "Judge screen", id="judge_screen"),
        Binding("f8", "switch_mode('sessions')", "Sessions", id="sessions_screen"),
    ]

    def __init__(self, connection: Connection, *, start_in: str = "judge") -> None:
        super().__init__()
        self.connection = connection
        self.start_in = start_in
        self.client = JudgeClient(connection.base_url, connection.token)
        where = "demo · emulator, simulated verdicts" if connection.demo else self.client.host
        kept = f"session {connection.session}" if connection.session else "not saving"
        self.sub_title = f"{where} · {kept}"

    def on_mount(self) -> None:
        self.add_mode("judge", lambda: JudgeScreen(self.client, self.connection))
        # A fresh screen each time: it rereads the store, so new judgments show.
        self.add_mode("sessions", SessionsScreen)
        self.switch_mode(self.start_in)

    async def on_unmount(self) -> None:
        await self.client.aclose()
