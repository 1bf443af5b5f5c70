"""Scores as numbers and as text: light enough for the first frame to import."""

from __future__ import annotations

from typing import Any

Score = int | float


def fmt_score(value: Score) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def reading_of(verdict: dict[str, Any]) -> str:
    """A reading in a few words, for before/after lists: `4/5`, `Answer 1`, `not readable`."""
    if not verdict.get("parsed"):
        return "not readable"
    parts: list[str] = []
    if verdict.get("winner") is not None:
        w = verdict["winner"]
        parts.append("tie" if w == "tie" else f"Answer {w}")
    if verdict.get("score") is not None:
        parts.append(f"{fmt_score(verdict['score'])}/{verdict.get('max_score', 5)}")
    return ", ".join(parts) or "readable"
