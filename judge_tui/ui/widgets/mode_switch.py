"""The Judge form's mode switch: Single, Pairwise and Custom on one line, one widget.

A RadioSet of three RadioButtons is four widgets with component styles, and choosing its first
button at start restyled the form again: together some 70 ms of the first frame on our 2-core
machines (benchmarks/startup.py), for a choice the F2 / F3 / Ctrl+T keys make anyway. Here the
left and right arrows (or a click on a name) choose; the chosen mode is marked by its bullet, so
it reads the same without colour.
"""

from __future__ import annotations

from typing import ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

MODE_NAMES = ("Single", "Pairwise", "Custom")
_GAP = "  "


class ModeSwitch(Widget, can_focus=True):
    DEFAULT_CSS = """
    ModeSwitch {
        height: 1;
        width: auto;
        &:focus {
            background: $boost;
        }
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left,up", "choose(-1)", "Previous mode", show=False),
        Binding("right,down", "choose(1)", "Next mode", show=False),
    ]

    chosen: reactive[int] = reactive(0)

    class Changed(Message):
        """The user chose a mode (its index in MODE_NAMES)."""

        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    def render(self) -> Content:
        pieces: list[Content] = []
        for index, name in enumerate(MODE_NAMES):
            if index:
                pieces.append(Content(_GAP))
            if index == self.chosen:
                pieces.append(Content.styled(f"(•) {name}", "bold $primary"))
            else:
                pieces.append(Content(f"( ) {name}"))
        return Content("").join(pieces)

    def _choose(self, index: int) -> None:
        if index != self.chosen:
            self.chosen = index
            self.post_message(self.Changed(index))

    def action_choose(self, step: int) -> None:
        self._choose((self.chosen + step) % len(MODE_NAMES))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        start = 0
        for index, name in enumerate(MODE_NAMES):
            end = start + len(f"( ) {name}")
            if start <= offset.x < end:
                self._choose(index)
                return
            start = end + len(_GAP)
