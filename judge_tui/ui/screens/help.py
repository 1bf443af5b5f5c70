"""F1: every key and what it does, on every screen, with the user's own keymap applied."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from judge_tui.ui.keys import binding_groups, effective_keys
from judge_tui.ui.registry import bindings
from judge_tui.ui.screens.base import AppModal
from judge_tui.ui.styles import stylesheet

if TYPE_CHECKING:
    pass


class HelpScreen(AppModal[None]):
    CSS_PATH = stylesheet("dialogs")
    BINDINGS: ClassVar[list[BindingType]] = bindings("HelpScreen")  # ui/registry.py

    def __init__(self, under: Screen[object]) -> None:
        super().__init__()
        self.under = under

    def compose(self) -> ComposeResult:
        app = self.judge_app
        keymap = app.settings.keymap
        parts: list[Content | str | tuple[str, str]] = [
            ("judge-tui keys", "bold"),
            "  (Escape closes; ctrl+p finds any action by name; keys are set in Settings)\n",
        ]
        for title, group in binding_groups():
            parts += ["\n", (title, "bold $accent"), "\n"]
            for binding in group:
                keys = effective_keys(binding, keymap)
                parts += [(f"  {keys:<16}", "bold"), binding.description or binding.id or "", "\n"]
        parts += ["\n", ("Tab / Shift+Tab", "bold"), " move between fields; ctrl+p the palette."]
        with VerticalScroll(classes="dialog dialog-wide", id="help"):
            yield Static(Content.assemble(*parts), markup=False)
