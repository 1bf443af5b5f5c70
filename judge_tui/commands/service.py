"""Which service a shell command talks to: base URL and token from flags and the environment."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass

from judge_tui.api.client import JudgeClient
from judge_tui.api.credentials import BASE_URL_ENV_VAR, Token, token_from_env
from judge_tui.api.dialects import Dialect
from judge_tui.api.retry import RetryNotice, RetryPolicy
from judge_tui.api.urls import PAI_PUBLIC_BASE_URL, normalise_base_url


@dataclass(frozen=True)
class ServiceChoice:
    base_url: str
    token: Token | None
    dialect: Dialect


def choose_service(base_url_flag: str | None, dialect: str = "pai") -> ServiceChoice:
    """`--base-url`, else JUDGE_MODEL_BASE_URL, else the PAI public endpoint; token from env."""
    raw = base_url_flag or os.environ.get(BASE_URL_ENV_VAR) or PAI_PUBLIC_BASE_URL
    return ServiceChoice(normalise_base_url(raw), token_from_env(), Dialect(dialect))


def print_retry(notice: RetryNotice) -> None:
    print(f"judge-tui: {notice.sentence()}", file=sys.stderr, flush=True)


def open_client(
    choice: ServiceChoice, *, max_connections: int = 64, retry: RetryPolicy | None = None
) -> JudgeClient:
    return JudgeClient(
        choice.base_url,
        choice.token,
        dialect=choice.dialect,
        on_retry=print_retry,
        max_connections=max_connections,
        retry=retry,
    )
