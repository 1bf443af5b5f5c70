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

    @property
    def is_empty(self) -> bool:
        return self == Filters()


@dataclass(frozen=True)
class Scope:
    kind: ScopeKind
    value: str = ""
    filters: Filters = Filters()

    def label(self) -> str:
        base = "every session" if self.kind == "all" else f"{self.kind}:{self.value}"
        narrowed = filters_text(self.filters)
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


_FILTER_WORDS = {
    "model": "model",
    "mode": "mode",
    "template": "template",
    "format": "verdict_format",
}
FILTER_HELP = (
    "model=NAME mode=single|pairwise|custom template=NAME format=F since=DATE until=DATE "
    "readable|unreadable"
)


def parse_filters(text: str) -> Filters:
    """Filters written as words (the Analysis screen's): `model=pai-judge-plus since=2026-12-01
    readable`. A word it does not know gets one sentence that lists the ones it does."""
    fields: dict[str, object] = {}
    for word in text.split():
        key, sep, value = word.partition("=")
        key = key.lower()
        if not sep and key in ("readable", "unreadable"):
            fields["readable"] = key == "readable"
        elif sep and key in _FILTER_WORDS and value:
            if key == "mode" and value not in ("single", "pairwise", "custom"):
                raise ScopeError(f"mode={value[:20]!r} is not single, pairwise or custom.")
            fields[_FILTER_WORDS[key]] = value
        elif sep and key in ("since", "until") and value:
            fields[key] = parse_day(value, key)
        else:
            raise ScopeError(f"{word[:30]!r} is not a filter; write {FILTER_HELP}.")
    return Filters(**fields)  # type: ignore[arg-type]


def filters_text(filters: Filters) -> str:
    """The words `parse_filters` reads back into the same filters."""
    words = [
        f"{word}={getattr(filters, name)}"
        for word, name in _FILTER_WORDS.items()
        if getattr(filters, name) is not None
    ]
    if filters.since is not None:
        words.append(f"since={_day(filters.since)}")
    if filters.until is not None:
        words.append(f"until={_day(filters.until)}")
    if filters.readable is not None:
        words.append("readable" if filters.readable else "unreadable")
    return " ".join(words)
