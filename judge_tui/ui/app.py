"""The Textual app: it owns the connection and shows the screens; screens do the work."""

from __future__ import annotations

from textual.app import App

from judge_tui.api.client import JudgeClient
from judge_tui.ui.screens.judge import JudgeScreen
from judge_tui.ui.service import Connection


class JudgeTuiApp(App[None]):
    CSS_PATH = "judge_tui.tcss"
    TITLE = "judge-tui"

    def __init__(self, connection: Connection) -> None:
        super().__init__()
        self.connection = connection
        self.client = JudgeClient(connection.base_url, connection.token)
        where = "demo · emulator, simulated verdicts" if connection.demo else self.client.host
        kept = f"session {connection.session}" if connection.session else "not saving"
        self.sub_title = f"{where} · {kept}"

    def on_mount(self) -> None:
        self.push_screen(JudgeScreen(self.client, self.connection))

    async def on_unmount(self) -> None:
        await self.client.aclose()
