"""The stylesheets beside this file. judge_tui.tcss (the app and the Judge screen) loads at
start; every other screen names its own in CSS_PATH, and Textual loads it when that screen is
first shown, so the first frame parses only what it draws (docs/architecture.md §7)."""

from __future__ import annotations

from pathlib import Path

_HERE = Path(__file__).parent


def stylesheet(name: str) -> Path:
    return _HERE / f"{name}.tcss"
