"""The three ways to judge, and the error bad input raises: plain Python, apart from the
pydantic models, so the first frame can import them cheaply."""

from __future__ import annotations

from enum import StrEnum


class Mode(StrEnum):
    SINGLE = "single"
    PAIRWISE = "pairwise"
    CUSTOM = "custom"


def reading_mode(mode: str, answer1: object, answer2: object) -> str:
    """How a verdict is read: a custom template given two answers compares them, so its
    verdict is read for a winner and two scores, as a pairwise one is."""
    if mode == Mode.CUSTOM and str(answer1 or "").strip() and str(answer2 or "").strip():
        return Mode.PAIRWISE.value
    return str(mode)


class InputError(ValueError):
    """Bad input from the user; the message is one sentence that says what to do."""
