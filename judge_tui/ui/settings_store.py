"""The app's settings in config.toml (theme, keymap), read once at start and saved on change.

A broken config.toml must not keep the app from starting: its problem becomes a note shown
once the app is up, and nothing is saved over it.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from judge_tui.problems import UserProblem
from judge_tui.store.paths import HomePaths, home_paths

if TYPE_CHECKING:
    from judge_tui.store.config import AppConfig


@dataclass
class AppSettings:
    paths: HomePaths
    theme: str | None = None
    keymap: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def load_app_settings() -> AppSettings:
    """Only the theme and the keymap, read with tomllib: the first frame needs them, and
    store.config's pydantic models would cost it tens of milliseconds (docs/architecture.md §7).
    The whole file is validated by store.config whenever profiles are used or anything is saved."""
    paths = home_paths()
    try:
        data = tomllib.loads(paths.config.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return AppSettings(paths)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        return AppSettings(paths, notes=[f"{paths.config}: {exc}; the defaults are used."])
    theme = data.get("theme")
    keymap = data.get("keymap", {})
    notes = []
    if not isinstance(keymap, dict) or not all(isinstance(v, str) for v in keymap.values()):
        notes.append(f"{paths.config}: [keymap] must map binding ids to keys; it is ignored.")
        keymap = {}
    return AppSettings(paths, theme if isinstance(theme, str) else None, dict(keymap), notes)


def _update(change: str, apply: Callable[[AppConfig], None]) -> str | None:
    from judge_tui.store.config import load_config, save_config

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
