"""What the TUI is connected to: one client for its lifetime, built from the launch options."""

from __future__ import annotations

from dataclasses import dataclass

from judge_tui.api.credentials import Token


@dataclass(frozen=True)
class Connection:
    base_url: str
    token: Token | None
    model: str = "pai-judge"
    demo: bool = False
    session: str | None = "scratch"  # None: keep nothing
    profile: str | None = None
