"""What the TUI is connected to, and what it was launched with."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from judge_tui.api.credentials import Token
from judge_tui.api.dialects import Dialect

if TYPE_CHECKING:
    from judge_tui.store.config import Profile


@dataclass(frozen=True)
class Connection:
    base_url: str
    token: Token | None
    model: str = "pai-judge"
    demo: bool = False
    session: str | None = "scratch"  # None: keep nothing
    profile: str | None = None
    dialect: Dialect = Dialect.PAI
    params: dict[str, float | int | bool | str] = field(default_factory=dict)
    max_input_tokens: int | None = None  # the profile's own input limit (judging/preflight.py)

    @classmethod
    def for_profile(
        cls, name: str, profile: Profile, token: Token | None, session: str | None = "scratch"
    ) -> Connection:
        """The connection a saved profile describes (Settings' "use now", the first run)."""
        return cls(
            profile.base_url, token, profile.model, session=session, profile=name,
            dialect=profile.dialect, params=dict(profile.params),
            max_input_tokens=profile.max_input_tokens,
        )  # fmt: skip


@dataclass(frozen=True)
class AnalysisStart:
    a: str  # scopes as `judge-tui stats` names them
    b: str
    labels: str  # a labels file's path


@dataclass(frozen=True)
class Launch:
    """The command line's choices. `connection` is None on a first run: no profile yet."""

    connection: Connection | None
    start_in: str = "judge"  # judge | sessions
    theme: str | None = None
    # Starts the built-in emulator and returns a connection to it. The UI may not import the
    # emulator itself (the import contract), so the launcher hands this in.
    start_demo: Callable[[], Connection] | None = None
    notes: list[str] = field(default_factory=list)  # said once the app is up
    # Run on a thread once the first frame is drawn: work the launch put off to draw sooner.
    warm_up: Callable[[], None] | None = None
    # What the Analysis screen opens on (the demo's sample runs and labels).
    analysis_start: AnalysisStart | None = None
