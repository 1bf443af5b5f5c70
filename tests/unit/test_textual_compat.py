"""Every Textual workaround lives in judge_tui/ui/textual_compat/ and was written for one
Textual version: when another is installed, this fails and says where to look."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import textual

from judge_tui.ui.textual_compat import WRITTEN_FOR_TEXTUAL

ROOT = Path(__file__).resolve().parents[2]


def test_the_installed_textual_is_the_one_the_workarounds_were_written_for() -> None:
    assert textual.__version__ == WRITTEN_FOR_TEXTUAL, (
        f"Textual {textual.__version__} is installed; the workarounds in "
        "judge_tui/ui/textual_compat/ were written for "
        f"{WRITTEN_FOR_TEXTUAL}: check each (its package docstring lists them), then update "
        "WRITTEN_FOR_TEXTUAL and the pin in pyproject.toml together."
    )
    pinned = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    assert f"textual=={WRITTEN_FOR_TEXTUAL}" in pinned


def test_no_textual_internal_is_used_outside_the_room() -> None:
    private = re.compile(r"from textual\._|\bscreen\._on_timer_update|\._variables\b|_highlights")
    for path in (ROOT / "judge_tui").rglob("*.py"):
        if "textual_compat" in path.parts:
            continue
        assert not private.search(path.read_text()), f"{path}: a Textual internal outside the room"
