"""The three ways to judge, and the error bad input raises: plain Python, apart from the
pydantic models, so the first frame can import them cheaply."""

from __future__ import annotations

from enum import StrEnum


class Mode(StrEnum):
    SINGLE = "single"
    PAIRWISE = "pairwise"
    CUSTOM = "custom"


class InputError(ValueError):
    """Bad input from the user; the message is one sentence that says what to do."""
