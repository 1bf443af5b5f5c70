"""Where a token comes from when no stored profile gives one (environment first)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

TOKEN_ENV_VARS = ("JUDGE_MODEL_TOKEN", "THEMIS_TOKEN", "DASHSCOPE_API_KEY")
BASE_URL_ENV_VAR = "JUDGE_MODEL_BASE_URL"


@dataclass(frozen=True)
class Token:
    value: str
    source: str  # a human description: "JUDGE_MODEL_TOKEN", "credentials.toml (profile x)"

    def masked(self) -> str:
        return mask_token(self.value)

    def __repr__(self) -> str:  # never print the secret by accident
        return f"Token(source={self.source!r}, value={self.masked()!r})"

    __str__ = masked


def clean_token(raw: str) -> str:
    """Strip whitespace and a pasted `Bearer ` (or the docs' `Authorization: Bearer `) prefix."""
    text = raw.strip()
    lowered = text.lower()
    for prefix in ("authorization:", "bearer "):
        if lowered.startswith(prefix):
            text = text[len(prefix) :].strip()
            lowered = text.lower()
    return text


def mask_token(value: str) -> str:
    """Enough to tell two tokens apart, never enough to help guess one: the last four
    characters of a long token, nothing of a short one."""
    if len(value) < 16:
        return "****"
    return f"…{value[-4:]}"


def token_from_env(environ: Mapping[str, str] | None = None) -> Token | None:
    env = os.environ if environ is None else environ
    for name in TOKEN_ENV_VARS:
        value = env.get(name)
        if value and value.strip():
            return Token(clean_token(value), name)
    return None
