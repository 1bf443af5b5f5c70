"""Scores as numbers and as text: light enough for the first frame to import."""

from __future__ import annotations

Score = int | float


def fmt_score(value: Score) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"
