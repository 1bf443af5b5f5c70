"""Theme files: TOML in `themes/` (shipped) and the home's `themes/` (the user's own).

The format is documented in themes/README.md. A file that cannot be read is skipped and
named, so one bad theme never keeps the app from starting.
"""

from __future__ import annotations

import sys
import tomllib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from textual.app import App
from textual.color import ColorParseError
from textual.theme import Theme

DEFAULT_THEME = "judge-dark"

_COLOR_FIELDS = frozenset(
    {
        "primary",
        "secondary",
        "accent",
        "success",
        "warning",
        "error",
        "foreground",
        "background",
        "surface",
        "panel",
        "boost",
    }
)


_TOP_LEVEL = {"name": str, "dark": bool, "ansi": bool, "colors": dict, "variables": dict}


class ThemeProblem(ValueError):
    pass


def shipped_theme_folders() -> list[Path]:
    """The repository's themes/ (a checkout or an editable install), and where a wheel puts
    them (`share/judge-tui/themes` under the environment's prefix)."""
    here = Path(__file__).resolve().parents[2] / "themes"
    installed = Path(sys.prefix) / "share" / "judge-tui" / "themes"
    return [folder for folder in (here, installed) if folder.is_dir()]


def read_theme(path: Path) -> Theme:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ThemeProblem(f"{path.name}: {exc}") from None
    # Checked by hand rather than with a pydantic model: themes load before the first frame,
    # and pydantic is kept off that path (DESIGN 7).
    for key, value in data.items():
        if key not in _TOP_LEVEL:
            raise ThemeProblem(f"{path.name}: unknown key {key!r}")
        if not isinstance(value, _TOP_LEVEL[key]):
            raise ThemeProblem(f"{path.name}: {key} must be a {_TOP_LEVEL[key].__name__}")
    name = data.get("name", "")
    colors = data.get("colors")
    variables = data.get("variables", {})
    if not name.strip():
        raise ThemeProblem(f"{path.name}: name is required")
    if not isinstance(colors, dict) or "primary" not in colors:
        raise ThemeProblem(f"{path.name}: colors.primary is required")
    unknown = sorted(set(colors) - _COLOR_FIELDS)
    if unknown:
        raise ThemeProblem(f"{path.name}: unknown colour {unknown[0]!r}")
    texts = {**colors, **variables}
    bad = next((k for k, v in texts.items() if not isinstance(v, str)), None)
    if bad is not None:
        raise ThemeProblem(f"{path.name}: {bad} must be a colour written as a string")
    theme = Theme(
        name=name,
        dark=data.get("dark", True),
        ansi=data.get("ansi", False),
        variables=variables,
        **colors,
    )
    try:
        theme.to_color_system().generate()
    except ColorParseError as exc:
        raise ThemeProblem(f"{path.name}: {exc}") from None
    return theme


def load_themes(folders: Iterable[Path]) -> tuple[list[Theme], list[str]]:
    """Every theme in the folders, in order (a later one replaces an earlier of the same name),
    and one line for each file that was skipped."""
    themes: dict[str, Theme] = {}
    problems: list[str] = []
    for folder in folders:
        try:
            files = sorted(folder.glob("*.toml"))
        except OSError:
            continue
        for path in files:
            try:
                theme = read_theme(path)
            except ThemeProblem as exc:
                problems.append(str(exc))
                continue
            themes[theme.name] = theme
    return list(themes.values()), problems


def install_themes(app: App[Any], home_themes: Path, wanted: str | None) -> tuple[str, list[str]]:
    """Register the shipped themes and the user's, and choose `wanted` (else the default);
    returns the chosen name and what to tell the user once the app is up."""
    notes = []
    themes, problems = load_themes([*shipped_theme_folders(), home_themes])
    for theme in themes:
        app.register_theme(theme)
    if problems:
        notes.append("Theme files skipped: " + "; ".join(problems))
    chosen = wanted or DEFAULT_THEME
    if chosen not in app.available_themes:
        notes.append(
            f"There is no theme named {chosen!r}; using {DEFAULT_THEME}. "
            f"Themes: {', '.join(sorted(app.available_themes))}."
        )
        chosen = DEFAULT_THEME if DEFAULT_THEME in app.available_themes else "textual-dark"
    return chosen, notes
