"""What a user names to analyse: `session:NAME`, `job:ID_OR_NAME`, `labels:PATH` or `all`,
narrowed by filters (model, mode, template, verdict format, date range, readable or not).

Parsing is plain Python: naming a scope wrong gets its sentence before anything heavy loads.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Literal

from judge_tui.problems import UserProblem

ScopeKind = Literal["session", "job", "labels", "all"]
KINDS: tuple[ScopeKind, ...] = ("session", "job", "labels", "all")
SCOPE_HELP = "session:NAME, job:ID_OR_NAME, labels:PATH or all"


class ScopeError(UserProblem, ValueError):
    pass


@dataclass(frozen=True)
class Filters:
    """Which of a scope's evaluations count. Every field left None lets all through."""

    model: str | None = None
    mode: str | None = None
    template: str | None = None
    verdict_format: str | None = None
    since: float | None = None  # created_at bounds, seconds since the epoch, `until` exclusive
    until: float | None = None
    readable: bool | None = None

    def described(self) -> str:
        parts = [
            f"{name} {value}"
            for name, value in (
                ("model", self.model),
                ("mode", self.mode),
                ("template", self.template),
                ("format", self.verdict_format),
            )
            if value is not None
        ]
        if self.since is not None:
            parts.append(f"since {_day(self.since)}")
        if self.until is not None:
            parts.append(f"before {_day(self.until)}")
        if self.readable is not None:
            parts.append("readable only" if self.readable else "unreadable only")
        return ", ".join(parts)


@dataclass(frozen=True)
class Scope:
    kind: ScopeKind
    value: str = ""
    filters: Filters = Filters()

    def label(self) -> str:
        base = "every session" if self.kind == "all" else f"{self.kind}:{self.value}"
        narrowed = self.filters.described()
        return f"{base} ({narrowed})" if narrowed else base

    def narrowed(self, filters: Filters) -> Scope:
        return replace(self, filters=filters)


def parse_scope(text: str, filters: Filters | None = None) -> Scope:
    """A scope from its written form; a wrong one gets one sentence saying the forms."""
    spec = text.strip()
    if spec == "all":
        return Scope("all", "", filters or Filters())
    kind, sep, value = spec.partition(":")
    if not sep or kind not in KINDS or kind == "all":
        raise ScopeError(f"{text!r} names no scope; write {SCOPE_HELP}.")
    if not value.strip():
        raise ScopeError(f"{kind}: needs a name after the colon, for example {kind}:demo.")
    return Scope(kind, value, filters or Filters())


def _day(stamp: float) -> str:
    return datetime.fromtimestamp(stamp, UTC).strftime("%Y-%m-%d")


def parse_day(text: str, flag: str) -> float:
    """A date (YYYY-MM-DD, or a full ISO 8601 time) as seconds since the epoch, UTC unless it
    says otherwise."""
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise ScopeError(
            f"{flag} {text!r} is not a date; write it as YYYY-MM-DD (for example 2026-12-01)."
        ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.timestamp()
