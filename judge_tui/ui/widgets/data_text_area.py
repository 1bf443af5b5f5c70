"""A TextArea for text that is data: what a user pastes, what the store or the service gave.

Textual's TextArea draws a line's characters as they are, so an escape sequence pasted into a
field (a verdict copied from a terminal, a question from a hostile file) would reach the
terminal. Each line is drawn through `visible_controls` instead, via `get_line`, the hook
Textual documents for styling a line: the text itself is kept exactly, and only its picture
changes (one symbol per control character, so positions still line up).
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import TextArea

from judge_tui.textsafe import visible_controls


class DataTextArea(TextArea):
    def get_line(self, line_index: int) -> Text:
        line = super().get_line(line_index)
        shown = visible_controls(line.plain)
        if shown == line.plain:
            return line
        return Text(shown, end="", no_wrap=True)
