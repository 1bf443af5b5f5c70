"""Profiles as one unit: config.toml holds the profile, credentials.toml its token.

The shell's `profile` commands and the TUI's Settings screen both change profiles through
these functions, so both keep the rule that a token never lands in config.toml.
"""

from __future__ import annotations

from judge_tui.store.config import AppConfig, Profile, load_config, require_profile, save_config
from judge_tui.store.credentials import CredentialsProblem, forget_token, store_token
from judge_tui.store.paths import HomePaths


def put_profile(
    paths: HomePaths, name: str, profile: Profile, token: str | None
) -> tuple[AppConfig, list[str]]:
    """Add or replace a profile (the first one becomes the default); a token given replaces
    the stored one, None keeps it. Returns the config and notes worth telling the user."""
    notes: list[str] = []
    name = name.strip()
    if not name:
        raise ValueError("The profile name is empty; give it a name, for example work.")
    config = load_config(paths)
    config.profiles[name] = profile
    if config.default_profile not in config.profiles:
        config.default_profile = name
    save_config(paths, config)
    if token is not None:
        try:
            store_token(paths, name, token)
        except CredentialsProblem as exc:
            # The unreadable file has been set aside; this token starts the new one.
            notes.append(str(exc))
            store_token(paths, name, token)
    return config, notes


def remove_profile(paths: HomePaths, name: str) -> AppConfig:
    config = load_config(paths)
    require_profile(config, name)
    del config.profiles[name]
    if config.default_profile == name:
        config.default_profile = next(iter(sorted(config.profiles)), None)
    save_config(paths, config)
    forget_token(paths, name)
    return config


def set_default_profile(paths: HomePaths, name: str) -> AppConfig:
    config = load_config(paths)
    require_profile(config, name)
    config.default_profile = name
    save_config(paths, config)
    return config
