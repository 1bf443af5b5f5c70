"""A pairwise game's two answers word by word: what a reader scans to see why a judge preferred
one (analysis/word_diff.py does the diff)."""

from __future__ import annotations

from textual.content import Content

from judge_tui.textsafe import visible_controls

DIFF_TITLE = "Answer 1 → answer 2, word by word: [-only in 1-] {+only in 2+}"


def diff_content(answer1: str, answer2: str) -> Content:
    """Answer 1 against answer 2, word by word: words only in answer 1 as [-…-], only in
    answer 2 as {+…+}, so the diff reads without colour too (NO_COLOR, 16 colours)."""
    from judge_tui.analysis.word_diff import word_diff

    parts: list[Content] = []
    for kind, text in word_diff(answer1, answer2):
        shown = visible_controls(text)
        if kind == "same":
            parts.append(Content(shown))
        elif kind == "only_a":
            parts.append(Content.styled(f"[-{shown}-]", "strike $error"))
        else:
            parts.append(Content.styled(f"{{+{shown}+}}", "underline $success"))
    return Content("").join(parts)
