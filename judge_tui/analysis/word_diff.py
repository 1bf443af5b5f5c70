"""A word-level diff of two texts (answer 1 and answer 2 of a pairwise game): what a reader
scans to see why a judge preferred one. Words and the spaces after them are the units, so a
changed word is shown whole, and joining the pieces gives back each text exactly."""

from __future__ import annotations

import difflib
import re
from typing import Literal

_WORDS = re.compile(r"\S+\s*|\s+")
Piece = tuple[Literal["same", "only_a", "only_b"], str]
MAX_WORDS = 5000  # a diff past this many words is no longer read; the texts are shown whole


def word_diff(a: str, b: str) -> list[Piece]:
    """The pieces in reading order: shared text, text only in a, text only in b."""
    words_a, words_b = _WORDS.findall(a), _WORDS.findall(b)
    if len(words_a) > MAX_WORDS or len(words_b) > MAX_WORDS:
        return [("only_a", a), ("only_b", b)]
    out: list[Piece] = []
    matcher = difflib.SequenceMatcher(None, words_a, words_b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            out.append(("same", "".join(words_a[i1:i2])))
            continue
        if i2 > i1:
            out.append(("only_a", "".join(words_a[i1:i2])))
        if j2 > j1:
            out.append(("only_b", "".join(words_b[j1:j2])))
    return out


def side(pieces: list[Piece], which: Literal["a", "b"]) -> str:
    """One side's text back from the pieces."""
    keep = "only_a" if which == "a" else "only_b"
    return "".join(text for kind, text in pieces if kind in ("same", keep))
