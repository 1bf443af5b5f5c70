"""Which service a shell command talks to: flags, the environment, then the saved profile."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from judge_tui.api.credentials import BASE_URL_ENV_VAR, Token
from judge_tui.api.dialects import Dialect
from judge_tui.api.retry import RetryNotice, RetryPolicy
from judge_tui.api.urls import PAI_PUBLIC_BASE_URL, normalise_base_url, scheme_note
from judge_tui.judging.inputs import DEFAULT_MODEL
from judge_tui.store.config import load_config, require_profile
from judge_tui.store.credentials import resolve_token
from judge_tui.store.paths import home_paths

if TYPE_CHECKING:
    from judge_tui.api.client import JudgeClient
    from judge_tui.judging.plans import GameKey, Plan


@dataclass(frozen=True)
class ServiceChoice:
    base_url: str
    token: Token | None
    dialect: Dialect
    profile: str | None = None
    model: str = DEFAULT_MODEL
    params: dict[str, Any] = field(default_factory=dict)  # the profile's default parameters
    max_input_tokens: int | None = None  # the profile's own input limit (judging/preflight.py)


def choose_service(
    base_url_flag: str | None, profile_name: str | None = None, model_flag: str | None = None
) -> ServiceChoice:
    """Base URL: --base-url, else JUDGE_MODEL_BASE_URL, else the profile (named, or the
    default), else the PAI public endpoint. Token: the environment, else the profile's.
    Raises ConfigError (a broken config.toml), NoSuchProfile and BaseUrlError."""
    paths = home_paths()
    config = load_config(paths)
    env_url = os.environ.get(BASE_URL_ENV_VAR)
    if profile_name is not None:
        require_profile(config, profile_name)
    if profile_name is None and not (base_url_flag or env_url) and config.default_profile:
        # A default that names no profile is the same mistake as --profile naming none: said,
        # and nothing sent (falling back to the public endpoint would send the question there).
        require_profile(config, config.default_profile)
        profile_name = config.default_profile
    profile = config.profiles.get(profile_name) if profile_name else None
    raw = base_url_flag or env_url or (profile.base_url if profile else PAI_PUBLIC_BASE_URL)
    base_url = normalise_base_url(raw)
    if note := scheme_note(raw):
        print(f"judge-tui: {note}", file=sys.stderr)
    return ServiceChoice(
        base_url=base_url,
        token=resolve_token(paths, profile_name),
        dialect=profile.dialect if profile else Dialect.PAI,
        profile=profile_name,
        model=model_flag or (profile.model if profile else DEFAULT_MODEL),
        params=dict(profile.params) if profile else {},
        max_input_tokens=profile.max_input_tokens if profile else None,
    )


def print_retry(notice: RetryNotice) -> None:
    print(f"judge-tui: {notice.sentence()}", file=sys.stderr, flush=True)


def open_client(
    choice: ServiceChoice, *, max_connections: int = 64, retry: RetryPolicy | None = None
) -> JudgeClient:
    from judge_tui.api.client import JudgeClient

    return JudgeClient(
        choice.base_url,
        choice.token,
        dialect=choice.dialect,
        on_retry=print_retry,
        max_connections=max_connections,
        retry=retry,
    )


@dataclass
class PlanServices:
    """Where each game of a plan goes (judging/plans.py): the run's own service, or, for a judge
    named `profile:NAME`, that profile's service and model. `judge` and `judge --input` both
    send their games through it."""

    run: ServiceChoice
    judges: dict[str, ServiceChoice]  # every judge the plan names, by its label

    @classmethod
    def of(cls, plan: Plan, run: ServiceChoice) -> PlanServices:
        """Raises what choose_service raises, naming the profile."""
        from dataclasses import replace

        from judge_tui.judging.plans import profile_of

        judges: dict[str, ServiceChoice] = {}
        for judge in plan.judges:
            profile = profile_of(judge)
            judges[judge] = (
                replace(run, model=judge) if profile is None else choose_service(None, profile)
            )
        return cls(run, judges)

    @property
    def models(self) -> dict[str, str]:
        """Each judge's model, for plan_games."""
        return {judge: service.model for judge, service in self.judges.items()}

    @staticmethod
    def profile_judge(plan: Plan, key: GameKey) -> str | None:
        """The game's judge when the plan names it as a profile: its own service; else None."""
        from judge_tui.judging.plans import profile_of

        label = plan.judge_of(key)
        return label if profile_of(label) else None

    def service(self, profile_judge: str | None) -> ServiceChoice:
        return self.run if profile_judge is None else self.judges[profile_judge]

    @contextlib.asynccontextmanager
    async def clients(
        self, max_connections: int
    ) -> AsyncIterator[Callable[[str | None], JudgeClient]]:
        """One client for the run's service and one per profile judge, all closed at the end;
        yields the client a game's `profile_judge` is sent through."""
        from judge_tui.judging.plans import profile_of

        async with contextlib.AsyncExitStack() as opened:
            run = await opened.enter_async_context(
                open_client(self.run, max_connections=max_connections)
            )
            own = {
                judge: await opened.enter_async_context(
                    open_client(service, max_connections=max_connections)
                )
                for judge, service in self.judges.items()
                if profile_of(judge) is not None
            }
            yield lambda profile_judge: run if profile_judge is None else own[profile_judge]
