"""What became of one judgment, in one word: light, for the processes that read batch results
without any HTTP client."""

from __future__ import annotations

from enum import StrEnum


class JudgeStatus(StrEnum):
    OK = "ok"
    ERROR = "error"  # the service or network failed; `content` may hold a partial stream
    UNPARSED = "unparsed"  # the service answered but the verdict could not be read
    TRUNCATED = "truncated"  # cut off by max_tokens (finish_reason "length")


def service_failure(why: str) -> str:
    """The reason a verdict carries when the service gave none: it says the service failed,
    and why, never that a verdict "could not be read" (there was none to read)."""
    return f"the service failed: {why}"


def status_for(parsed: bool, finish_reason: str | None) -> JudgeStatus:
    """The status of an answered judgment whose verdict was (or was not) read."""
    if finish_reason == "length":
        return JudgeStatus.TRUNCATED
    return JudgeStatus.OK if parsed else JudgeStatus.UNPARSED
