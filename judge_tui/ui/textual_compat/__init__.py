"""Where judge-tui works around Textual: every use of a Textual internal, and every widget made
because Textual's own did too much for the first frame, lives in this package and nowhere else.

Textual is pinned exactly (pyproject.toml); `tests/unit/test_textual_compat.py` fails when the
installed version is not the one these were written against, and points here. On an upgrade,
check each module's docstring: what it works around, and what would let it go.

- `first_frame`: no garbage collection until the first frame; opening straight into a mode;
  painting the whole first frame at once (calls `Screen._on_timer_update`).
- `stylesheet`: a Stylesheet that keeps its parsed rules while the theme's colours stay the
  same (overrides `set_variables` and `reparse`, reads `_variables`).
- `deferred`: mounts a part of a screen only when asked, after the first frame (Textual's
  `Lazy` mounts before anything reaches the terminal).
- `key_footer`: the screen's keys on one line, one widget (Textual's Footer is a widget per key,
  each restyled on mount).
- `template_editor`: a TextArea that lights up `{placeholders}` (overrides
  `_build_highlight_map`, fills `_highlights`, clears `_line_cache`: TextArea highlights only
  through a tree-sitter grammar).
"""

from __future__ import annotations

# The Textual version every workaround here was written against (and pyproject.toml pins).
WRITTEN_FOR_TEXTUAL = "8.2.8"
