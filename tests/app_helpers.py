"""Shared pieces of the Pilot tests: an app on the emulator, and reading what is on screen."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.message import Message
from textual.notifications import Notification, Notify
from textual.pilot import Pilot

from judge_tui.api.credentials import Token
from judge_tui.emulator.server import EmulatorServer
from judge_tui.ui.app import JudgeTuiApp
from judge_tui.ui.service import Connection

from .conftest import TOKEN

if TYPE_CHECKING:
    from judge_tui.ui.screens.batch_results import BatchResultsScreen

HOSTILE = "[@click=app.quit]x[/] [b \x1b[31mred"


def connection_to(server: EmulatorServer, session: str | None = "demo") -> Connection:
    return Connection(server.base_url, Token(TOKEN, "test"), demo=True, session=session)


def rendered(app: JudgeTuiApp, selector: str) -> str:
    return str(app.screen.query_one(selector).render())


async def settle(app: JudgeTuiApp, pilot: Pilot[None]) -> None:
    """Let every worker finish and every message they posted be handled."""
    for _ in range(3):
        await app.workers.wait_for_complete()
        await pilot.pause()


class Notifications:
    """Every notification the app posts, read through Textual's public message hook:
    `async with app.run_test(message_hook=said) as pilot:` then `said.messages`."""

    def __init__(self) -> None:
        self.notifications: list[Notification] = []

    def __call__(self, message: Message) -> None:
        if isinstance(message, Notify):
            self.notifications.append(message.notification)

    @property
    def messages(self) -> list[str]:
        return [n.message for n in self.notifications]

    def of(self, severity: str) -> list[str]:
        return [n.message for n in self.notifications if n.severity == severity]


async def judge_in_form(
    app: JudgeTuiApp, pilot: Pilot[None], question: str = "q", answer: str = "a"
) -> None:
    """Type a question and an answer into the Judge form, press F5, wait for the verdict."""
    from textual.widgets import TextArea

    app.screen.query_one("#question", TextArea).insert(question)
    app.screen.query_one("#answer", TextArea).insert(answer)
    await pilot.press("f5")
    await app.workers.wait_for_complete()
    await pilot.pause()


def submit_job(server: EmulatorServer, path: Path, rows: list[dict[str, Any]], *flags: str) -> None:
    """A batch job of these items, written to `path`, submitted with the shell and waited for
    (an emulator with batch_seconds=0 finishes it at once)."""
    from .cli_helpers import run_cli

    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    submitted = run_cli("batch", "submit", str(path), "--wait", "--base-url", server.base_url,
                        *flags, token=TOKEN)  # fmt: skip
    assert submitted.returncode == 0, submitted.stderr


async def open_job_results(app: JudgeTuiApp, pilot: Pilot[None]) -> BatchResultsScreen:
    """From the Judge screen: Batches (F10), then the first job's results (Enter)."""
    from judge_tui.ui.screens.batch_results import BatchResultsScreen

    await pilot.press("f10")
    await settle(app, pilot)
    await pilot.press("enter")
    await settle(app, pilot)
    results = app.screen
    assert isinstance(results, BatchResultsScreen)
    return results
