"""The app's settings in config.toml (theme, keymap), read once at start and saved on change.

A broken config.toml must not keep the app from starting: its problem becomes a note shown
once the app is up, and nothing is saved over it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from judge_tui.problems import UserProblem
from judge_tui.store.config import AppConfig, load_config, save_config
from judge_tui.store.paths import HomePaths, home_paths


@dataclass
class AppSettings:
    paths: HomePaths
    theme: str | None = None
    keymap: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def load_app_settings() -> AppSettings:
    paths = home_paths()
    try:
        config = load_config(paths)
    except UserProblem as exc:
        return AppSettings(paths, notes=[str(exc)])
    return AppSettings(paths, config.theme, dict(config.keymap))


def _update(change: str, apply: Callable[[AppConfig], None]) -> str | None:
    paths = home_paths()
    try:
        config = load_config(paths)
        apply(config)
        save_config(paths, config)
    except (UserProblem, OSError) as exc:
        return f"The {change} was not saved: {exc}"
    return None


def save_theme_choice(name: str) -> str | None:
    """Returns a sentence when it could not be saved."""
    return _update("theme", lambda config: setattr(config, "theme", name))


def save_keymap(keymap: dict[str, str]) -> str | None:
    return _update("key binding", lambda config: setattr(config, "keymap", dict(keymap)))
