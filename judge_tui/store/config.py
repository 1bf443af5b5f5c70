"""config.toml: profiles and app settings. Tokens never live here (see credentials.py)."""

from __future__ import annotations

import tomllib
from typing import Any

import tomli_w
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from judge_tui.api.dialects import Dialect
from judge_tui.problems import UserProblem, first_invalid
from judge_tui.store.atomic import write_atomic
from judge_tui.store.paths import HomePaths


class ConfigError(UserProblem):
    """config.toml cannot be used; the message names the file, the line and the fix."""


class NoSuchProfile(UserProblem):
    pass


def require_profile(config: AppConfig, name: str) -> Profile:
    if name not in config.profiles:
        raise NoSuchProfile(f"There is no profile named {name!r}; see judge-tui profile list.")
    return config.profiles[name]


class Profile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    base_url: str
    dialect: Dialect = Dialect.PAI
    model: str = "pai-judge"
    params: dict[str, float | int | bool | str] = Field(default_factory=dict)
    # The input limit of this service's models, in tokens, where the documents' table
    # (judging/preflight.py) does not say or says wrong: a run checks its requests against it.
    max_input_tokens: int | None = Field(default=None, ge=1)


class AppConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")

    default_profile: str | None = None
    theme: str | None = None
    keymap: dict[str, str] = Field(default_factory=dict)
    profiles: dict[str, Profile] = Field(default_factory=dict)


_TOKEN_KEYS = {"token", "api_key", "apikey", "secret"}


def load_config(paths: HomePaths) -> AppConfig:
    path = paths.config
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return AppConfig()
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise ConfigError(f"{path} is not UTF-8 text; save it as UTF-8.") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: {exc}; fix that line or move the file aside.") from None
    except (RecursionError, ValueError) as exc:  # nested too deeply; an integer of 5000 digits
        reason = "nested too deeply" if isinstance(exc, RecursionError) else str(exc).split(":")[0]
        raise ConfigError(f"{path}: {reason}; fix it or move the file aside.") from None
    for name, profile in (data.get("profiles") or {}).items():
        if isinstance(profile, dict) and _TOKEN_KEYS & {k.lower() for k in profile}:
            raise ConfigError(
                f"{path}: profile {name!r} has a token in it; tokens belong in credentials.toml. "
                f"Remove that line and run: judge-tui profile add {name} --base-url ... again."
            )
    try:
        return AppConfig.model_validate(data)
    except ValidationError as exc:
        where, wrong, _ = first_invalid(exc)
        raise ConfigError(f"{path}: {where}: {wrong}; fix it or move the file aside.") from None


def save_config(paths: HomePaths, config: AppConfig) -> None:
    data: dict[str, Any] = config.model_dump(mode="json", exclude_none=True)
    write_atomic(paths.ensure().config, tomli_w.dumps(data).encode("utf-8"), mode=0o600)
