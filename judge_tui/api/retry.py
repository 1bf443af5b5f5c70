"""When and how long to wait before trying a call again (docs/architecture.md §4)."""

from __future__ import annotations

import email.utils
import random
import time
from collections.abc import Mapping
from dataclasses import dataclass

RETRYABLE_STATUSES = frozenset({408, 409, 429, 500, 502, 503, 504})


@dataclass(frozen=True)
class RetryPolicy:
    max_attempts: int = 5
    base_delay: float = 0.5
    max_delay: float = 8.0
    # A Retry-After longer than this is capped: we'd rather try and fail than hang for hours.
    max_retry_after: float = 60.0
    jitter: float = 0.25

    def backoff(self, attempt: int, rng: random.Random | None = None) -> float:
        """Capped exponential delay after the given (1-based) failed attempt, with jitter."""
        delay = min(self.max_delay, self.base_delay * 2.0 ** (attempt - 1))
        spread = delay * self.jitter
        r: float = (rng or random.Random()).uniform(-spread, spread)
        return max(0.0, delay + r)


def retry_after_seconds(headers: Mapping[str, str], now: float | None = None) -> float | None:
    """The wait the service asked for: `retry-after-ms`, else `Retry-After` (seconds or a date)."""
    ms = headers.get("retry-after-ms")
    if ms:
        try:
            return max(0.0, float(ms) / 1000.0)
        except ValueError:
            pass
    value = headers.get("retry-after")
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    current = time.time() if now is None else now
    return max(0.0, when.timestamp() - current)


@dataclass(frozen=True)
class RetryNotice:
    """Sent to the caller before each wait, so the user sees why nothing is happening."""

    attempt: int  # the attempt that just failed, 1-based
    max_attempts: int
    wait_seconds: float
    reason: str  # e.g. "429 Too Many Requests" or "connection refused"
    from_retry_after: bool

    def sentence(self) -> str:
        source = " (as the service asked)" if self.from_retry_after else ""
        return (
            f"{self.reason}; retrying in {self.wait_seconds:.1f} s{source}, "
            f"attempt {self.attempt + 1} of {self.max_attempts}."
        )
