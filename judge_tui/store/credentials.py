"""credentials.toml: tokens, 0600 in the 0700 home, written atomically.

Environment variables win over stored tokens, and every token carries where it came from so
messages can say which one the service refused.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping

import tomli_w

from judge_tui.api.credentials import Token, clean_token, token_from_env
from judge_tui.problems import UserProblem
from judge_tui.store.atomic import set_aside, write_atomic
from judge_tui.store.paths import HomePaths


class CredentialsProblem(UserProblem):
    """The credentials file was unreadable and has been set aside; the message says where."""


def load_tokens(paths: HomePaths) -> dict[str, str]:
    path = paths.credentials
    try:
        mode = path.stat().st_mode & 0o777
    except FileNotFoundError:
        return {}
    if mode & 0o077:
        # As ssh does with a private key: a token others could read may already be known.
        raise CredentialsProblem(
            f"{path} can be read by other users (mode {mode:04o}), so its tokens are not used; "
            f"run chmod 600 {path} (and consider replacing the tokens), then try again."
        )
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (tomllib.TOMLDecodeError, UnicodeDecodeError):
        moved = set_aside(path)
        raise CredentialsProblem(
            f"{path} was unreadable and has been moved to {moved}; add your tokens again with "
            "judge-tui profile add."
        ) from None
    tokens = data.get("tokens", {})
    return {str(k): str(v) for k, v in tokens.items()} if isinstance(tokens, dict) else {}


def save_tokens(paths: HomePaths, tokens: Mapping[str, str]) -> None:
    data = tomli_w.dumps({"tokens": dict(sorted(tokens.items()))}).encode("utf-8")
    write_atomic(paths.ensure().credentials, data, mode=0o600)
    os.chmod(paths.credentials, 0o600)


def store_token(paths: HomePaths, profile: str, raw: str) -> None:
    tokens = load_tokens(paths)
    tokens[profile] = clean_token(raw)
    save_tokens(paths, tokens)


def forget_token(paths: HomePaths, profile: str) -> None:
    tokens = load_tokens(paths)
    if tokens.pop(profile, None) is not None:
        save_tokens(paths, tokens)


def resolve_token(
    paths: HomePaths, profile: str | None, environ: Mapping[str, str] | None = None
) -> Token | None:
    """The environment first, then the profile's stored token."""
    from_env = token_from_env(environ)
    if from_env is not None:
        return from_env
    if profile is None:
        return None
    stored = load_tokens(paths).get(profile)
    if stored:
        return Token(stored, f"credentials.toml (profile {profile})")
    return None
