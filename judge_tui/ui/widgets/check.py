"""A checkbox whose state can be read without colour: a mark when on, a blank when off.

Textual's Checkbox draws the same "X" either way and tells on from off by colour alone, which
reads as nothing under NO_COLOR, in 16 colours on some palettes, or to a colour-blind eye."""

from __future__ import annotations

from textual.widgets import Checkbox


class Check(Checkbox):
    # Textual reads the mark from BUTTON_INNER each time it draws the button.
    @property
    def BUTTON_INNER(self) -> str:  # type: ignore[override]
        return "X" if self.value else " "
