"""The app's screens by mode name, each module imported the first time its screen is shown:
none of them is needed before the first frame (docs/architecture.md §7)."""

from __future__ import annotations

import importlib
from collections.abc import Callable

from textual.screen import Screen


def _lazy(module: str, name: str) -> Callable[[], Screen[None]]:
    def make() -> Screen[None]:
        screen: Screen[None] = getattr(importlib.import_module(module), name)()
        return screen

    return make


LAZY_MODES: dict[str, Callable[[], Screen[None]]] = {
    "sessions": _lazy("judge_tui.ui.screens.sessions", "SessionsScreen"),
    "templates": _lazy("judge_tui.ui.screens.templates", "TemplatesScreen"),
    "settings": _lazy("judge_tui.ui.screens.settings", "SettingsScreen"),
    "batches": _lazy("judge_tui.ui.screens.batches", "BatchesScreen"),
}
