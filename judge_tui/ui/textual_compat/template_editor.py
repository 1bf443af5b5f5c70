"""A text area that lights up `{placeholders}`: known ones underlined, unknown ones reversed.

TextArea's own highlighting needs a tree-sitter grammar; a template is not a language, so the
highlight map is built here from the template scanner the engine uses to render it.
"""

from __future__ import annotations

import dataclasses

from rich.style import Style
from textual.widgets.text_area import TextAreaTheme

from judge_tui.judging.template import KNOWN_PLACEHOLDERS, find_placeholders
from judge_tui.ui.widgets.data_text_area import DataTextArea

_KNOWN = "placeholder"
_UNKNOWN = "placeholder.unknown"


def _template_theme() -> TextAreaTheme:
    base = TextAreaTheme.get_builtin_theme("css")
    assert base is not None
    styles = {
        **base.syntax_styles,
        _KNOWN: Style(bold=True, underline=True),
        _UNKNOWN: Style(bold=True, reverse=True),
    }
    return dataclasses.replace(base, name="judge-template", syntax_styles=styles)


class TemplateTextArea(DataTextArea):
    extra_names: frozenset[str] = frozenset()  # user variables count as known

    def __init__(self, text: str = "", *, id: str | None = None) -> None:
        super().__init__(text, id=id, soft_wrap=True, tab_behavior="focus")
        self.register_theme(_template_theme())
        self.theme = "judge-template"

    def set_extra_names(self, names: frozenset[str]) -> None:
        self.extra_names = names
        self._build_highlight_map()
        self.refresh()

    def _build_highlight_map(self) -> None:
        self._line_cache.clear()
        highlights = self._highlights
        highlights.clear()
        text = self.text
        line_starts = [0]
        for index, char in enumerate(text):
            if char == "\n":
                line_starts.append(index + 1)
        known = set(KNOWN_PLACEHOLDERS) | set(self.extra_names)
        row = 0
        for placeholder in find_placeholders(text):
            while row + 1 < len(line_starts) and line_starts[row + 1] <= placeholder.start:
                row += 1
            line_start = line_starts[row]
            # The renderer takes byte offsets within the line (tree-sitter's convention).
            start = len(text[line_start : placeholder.start].encode("utf-8"))
            end = start + len(text[placeholder.start : placeholder.end].encode("utf-8"))
            name = _KNOWN if placeholder.name in known else _UNKNOWN
            highlights[row].append((start, end, name))
