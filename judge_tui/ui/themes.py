"""Theme files: TOML in `themes/` (shipped) and the home's `themes/` (the user's own).

The format is documented in themes/README.md. A file that cannot be read is skipped and
named, so one bad theme never keeps the app from starting.
"""

from __future__ import annotations

import sys
import tomllib
from collections.abc import Iterable
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError
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


class ThemeFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1)
    dark: bool = True
    ansi: bool = False
    colors: dict[str, str]
    variables: dict[str, str] = Field(default_factory=dict)


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
    try:
        spec = ThemeFile.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise ThemeProblem(f"{path.name}: {where}: {first['msg']}") from None
    unknown = sorted(set(spec.colors) - _COLOR_FIELDS)
    if unknown:
        raise ThemeProblem(f"{path.name}: unknown colour {unknown[0]!r}")
    if "primary" not in spec.colors:
        raise ThemeProblem(f"{path.name}: colors.primary is required")
    theme = Theme(
        name=spec.name,
        dark=spec.dark,
        ansi=spec.ansi,
        variables=spec.variables,
        **spec.colors,  # type: ignore[arg-type]
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
