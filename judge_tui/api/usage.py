"""What an answer says it used, as the service said it (api/models.py `Usage`, a batch result's
`usage`, batch/result_rows.py): a token count is a whole number of zero or more, and anything
else (null, -3, "many", true) is left unsaid, never counted as some number. Plain Python: a
collect reads hundreds of thousands of these."""

from __future__ import annotations

from typing import Any

TOKEN_FIELDS = ("prompt_tokens", "completion_tokens", "total_tokens")


def token_count(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value >= 0 else None
    if isinstance(value, float) and value.is_integer() and 0 <= value < 2**63:
        return int(value)
    return None


def said_usage(usage: object) -> dict[str, Any] | None:
    """A usage object with its token counts as said (others kept as given); None when it is
    not an object at all."""
    if not isinstance(usage, dict):
        return None
    return usage | {name: token_count(usage[name]) for name in TOKEN_FIELDS if name in usage}


def tokens_used(usage: dict[str, Any] | None) -> int | None:
    """The tokens an answer used, as said: its total, else its prompt and completion together;
    None when it did not say."""
    counts = usage or {}
    total = token_count(counts.get("total_tokens"))
    if total is not None:
        return total
    prompt = token_count(counts.get("prompt_tokens"))
    completion = token_count(counts.get("completion_tokens"))
    return None if prompt is None or completion is None else prompt + completion
