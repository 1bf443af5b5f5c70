"""The command palette (ctrl+p): every screen and action by name, from ui/registry.py, whatever
screen it lives on."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from textual.app import SystemCommand
from textual.screen import Screen

from judge_tui.ui.registry import ACTIONS, OWNER_MODE, SCREENS

if TYPE_CHECKING:
    from judge_tui.ui.app import JudgeTuiApp


def _run_on(app: JudgeTuiApp, mode: str, action: str) -> Callable[[], object]:
    async def run() -> None:
        if app.current_mode != mode:
            await app.switch_mode(mode)
        if app.current_mode == mode:
            # A screen shown for the first time composes first: its action runs after that.
            screen = app.screen
            screen.call_after_refresh(screen.run_action, action)

    return run


def _run_here(target: Screen[object] | JudgeTuiApp, action: str) -> Callable[[], object]:
    async def run() -> None:
        await target.run_action(action)

    return run


def _open(app: JudgeTuiApp, mode: str) -> Callable[[], object]:
    async def run() -> None:
        await app.switch_mode(mode)

    return run


def palette_commands(app: JudgeTuiApp, screen: Screen[object]) -> Iterable[SystemCommand]:
    for entry in SCREENS:
        yield SystemCommand(entry.title, entry.help, _open(app, entry.mode))
    for action in ACTIONS:
        if action.palette is None:
            continue
        if action.owner == "app":
            yield SystemCommand(action.palette_name, action.palette, _run_here(app, action.action))
        elif action.owner in OWNER_MODE:
            run = _run_on(app, OWNER_MODE[action.owner], action.action)
            yield SystemCommand(action.palette_name, action.palette, run)
        elif type(screen).__name__ == action.owner:
            # A screen pushed over a mode (a job's results): its actions while it is shown.
            yield SystemCommand(
                action.palette_name, action.palette, _run_here(screen, action.action)
            )
