"""What differs between the services that speak this API (docs/service.md §5)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Dialect(StrEnum):
    PAI = "pai"
    DASHSCOPE = "dashscope"
    OPENAI = "openai"


class BatchStatus(StrEnum):
    """One status set for every dialect; the raw spelling is kept beside it."""

    VALIDATING = "validating"
    IN_PROGRESS = "in_progress"
    FINALIZING = "finalizing"
    COMPLETED = "completed"
    FAILED = "failed"
    EXPIRED = "expired"
    CANCELLING = "cancelling"
    CANCELLED = "cancelled"
    UNKNOWN = "unknown"

    @property
    def finished(self) -> bool:
        return self in _FINISHED


_FINISHED = {BatchStatus.COMPLETED, BatchStatus.FAILED, BatchStatus.EXPIRED, BatchStatus.CANCELLED}

# Lower-cased spellings seen in the documents, both dialects.
_STATUS_SPELLINGS: dict[str, BatchStatus] = {
    "validating": BatchStatus.VALIDATING,
    "creating": BatchStatus.VALIDATING,
    "created": BatchStatus.VALIDATING,
    "queued": BatchStatus.VALIDATING,
    "pending": BatchStatus.VALIDATING,
    "in_progress": BatchStatus.IN_PROGRESS,
    "in_process": BatchStatus.IN_PROGRESS,
    "inprogress": BatchStatus.IN_PROGRESS,
    "running": BatchStatus.IN_PROGRESS,
    "processing": BatchStatus.IN_PROGRESS,
    "finalizing": BatchStatus.FINALIZING,
    "finalising": BatchStatus.FINALIZING,
    "completed": BatchStatus.COMPLETED,
    "succeeded": BatchStatus.COMPLETED,
    "success": BatchStatus.COMPLETED,
    "failed": BatchStatus.FAILED,
    "expired": BatchStatus.EXPIRED,
    "cancelling": BatchStatus.CANCELLING,
    "canceling": BatchStatus.CANCELLING,
    "cancelled": BatchStatus.CANCELLED,
    "canceled": BatchStatus.CANCELLED,
}


def normalise_status(raw: str | None) -> BatchStatus:
    """Case-insensitive; an unknown spelling is UNKNOWN, which is not finished."""
    if not raw:
        return BatchStatus.UNKNOWN
    key = raw.strip().lower().replace("-", "_").replace(" ", "_")
    return _STATUS_SPELLINGS.get(key, BatchStatus.UNKNOWN)


@dataclass(frozen=True)
class DialectRules:
    max_file_bytes: int
    batch_line_has_method_url: bool
    completion_windows: tuple[str, ...]


RULES: dict[Dialect, DialectRules] = {
    Dialect.PAI: DialectRules(10 * 1024 * 1024, False, ("24h",)),
    Dialect.DASHSCOPE: DialectRules(500 * 1024 * 1024, True, ("24h",)),
    Dialect.OPENAI: DialectRules(200 * 1024 * 1024, True, ("24h",)),
}
