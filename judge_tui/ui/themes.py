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
    # and pydantic is kept off that path (docs/architecture.md §7).
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
        defaults = theme.to_color_system().generate()
    except ColorParseError as exc:
        raise ThemeProblem(f"{path.name}: {exc}") from None
    for key, value in variables.items():
        problem = _variable_problem(key, value, defaults.get(key))
        if problem:
            raise ThemeProblem(f"{path.name}: variable {key!r} {problem}")
    return theme


def _variable_problem(key: str, value: str, default: str | None) -> str | None:
    """Why a theme variable would break the app's stylesheet, or None. A value Textual cannot
    tokenize stops every stylesheet parse; one that stands where a colour is expected (its
    default is a colour) must be a colour."""
    from textual.color import Color
    from textual.css.tokenize import tokenize_value
    from textual.css.tokenizer import TokenError

    try:
        list(tokenize_value(value, ("theme", key)))
    except TokenError:
        return f"is not a value a stylesheet can hold ({value!r})"
    if default is not None:
        try:
            Color.parse(default)
        except ColorParseError:
            return None  # not a colour (a text style, say): any well-formed value
        try:
            Color.parse(value)
        except ColorParseError:
            return f"must be a colour, like #1e90ff or red (it is {value!r})"
    return None


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
    themes, problems = load_themes([*shipped_theme_folders(), home_themes])
    for theme in themes:
        app.register_theme(theme)
    chosen = wanted or DEFAULT_THEME
    said = []
    if chosen not in app.available_themes:
        said.append(
            f"There is no usable theme named {chosen!r}; using {DEFAULT_THEME}. "
            f"Themes: {', '.join(sorted(app.available_themes))}."
        )
        chosen = DEFAULT_THEME if DEFAULT_THEME in app.available_themes else "textual-dark"
    if problems:
        said.append("Theme files skipped: " + "; ".join(problems) + ".")
    # One notification, whatever went wrong: the chosen theme and every file skipped.
    return chosen, [" ".join(said)] if said else []
