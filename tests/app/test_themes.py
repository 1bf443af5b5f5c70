"""Theme files: the shipped three load, bad files are named and skipped, choices are saved."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from textual.widgets import TextArea

from judge_tui.store.paths import home_paths
from judge_tui.ui.app import JudgeTuiApp
from judge_tui.ui.service import Connection, Launch
from judge_tui.ui.themes import load_themes, shipped_theme_folders

from ..app_helpers import Notifications

OFFLINE = Connection("http://127.0.0.1:9/v1", None, session=None)


def test_the_shipped_themes_are_a_light_a_dark_and_a_16_colour_one() -> None:
    themes, problems = load_themes(shipped_theme_folders())
    assert problems == []
    by_name = {t.name: t for t in themes}
    assert not by_name["judge-light"].dark
    assert by_name["judge-dark"].dark
    assert by_name["judge-16"].ansi


def test_bad_theme_files_are_named_and_skipped(tmp_path: Path) -> None:
    (tmp_path / "broken.toml").write_text("name = [unclosed\n")
    (tmp_path / "nocolour.toml").write_text('name = "x"\n[colors]\nprimary = "notacolour"\n')
    (tmp_path / "typo.toml").write_text('name = "y"\n[colors]\nprimray = "#ffffff"\n')
    (tmp_path / "good.toml").write_text(
        'name = "mine"\ndark = false\n[colors]\nprimary = "#336699"\n'
    )
    themes, problems = load_themes([tmp_path])
    assert [t.name for t in themes] == ["mine"]
    assert len(problems) == 3
    for name in ("broken.toml", "nocolour.toml", "typo.toml"):
        assert any(p.startswith(name) for p in problems)


async def test_user_themes_load_from_the_home_and_theme_flag_is_saved() -> None:
    themes = home_paths().ensure().themes
    (themes / "mine.toml").write_text('name = "mine"\n[colors]\nprimary = "#336699"\n')
    (themes / "bad.toml").write_text("not toml at all [")
    app = JudgeTuiApp(Launch(OFFLINE, theme="mine"))
    said = Notifications()
    async with app.run_test(size=(80, 24), notifications=True, message_hook=said) as pilot:
        await pilot.pause()
        assert app.theme == "mine"
        notes = said.messages
        assert sum("bad.toml" in n for n in notes) == 1
    assert tomllib.loads(home_paths().config.read_text())["theme"] == "mine"


async def test_an_unknown_theme_falls_back_and_says_which_exist() -> None:
    app = JudgeTuiApp(Launch(OFFLINE, theme="nope"))
    said = Notifications()
    async with app.run_test(size=(80, 24), notifications=True, message_hook=said) as pilot:
        await pilot.pause()
        assert app.theme == "judge-dark"
        assert any("judge-light" in m for m in said.messages)


async def test_no_color_draws_in_monochrome_and_scores_stay_marked(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from judge_tui.judging.verdict import read_verdict
    from judge_tui.ui.widgets.verdict_view import highlighted_text

    monkeypatch.setenv("NO_COLOR", "1")
    app = JudgeTuiApp(Launch(OFFLINE))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.no_color  # Textual's monochrome filter is on
        text = "Accuracy [[4]]\nI think the overall score of the answer is [[3]]."
        content = highlighted_text(text, read_verdict(text, "single", 5))
        # Without colour the read score still stands out: reverse video, not a hue.
        styles = {str(span.style) for span in content.spans}
        assert "reverse" in styles


async def test_switching_theme_restyles_every_widget_and_back() -> None:
    """The app keeps parsed CSS while the theme stays the same (ui/stylesheet.py): a new theme
    must still restyle everything, with its own colours, and the old one come back as it was."""
    app = JudgeTuiApp(Launch(OFFLINE))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        question = app.screen.query_one("#question", TextArea)
        dark = (app.screen.styles.background, question.styles.border)
        app.theme = "judge-light"
        await pilot.pause()
        light_theme = app.get_theme("judge-light")
        assert light_theme is not None and light_theme.background is not None
        assert app.screen.styles.background.hex.lower() == light_theme.background.lower()
        assert (app.screen.styles.background, question.styles.border) != dark
        app.theme = "judge-dark"
        await pilot.pause()
        assert (app.screen.styles.background, question.styles.border) == dark


@pytest.mark.parametrize(
    "variable",
    ['block-cursor-text-style = "wibble;"', 'border = "round {"'],
)
async def test_a_theme_with_a_bad_variable_is_named_once_and_the_app_starts(variable: str) -> None:
    folder = home_paths().ensure().themes
    (folder / "broken.toml").write_text(
        f'name = "broken"\n[colors]\nprimary = "#004578"\n[variables]\n{variable}\n'
    )
    app = JudgeTuiApp(Launch(None, start_in="sessions", theme="broken"))
    said = Notifications()
    async with app.run_test(message_hook=said) as pilot:
        await pilot.pause()
        assert app.is_running and app.theme == "judge-dark"
    told = said.messages
    assert len(told) == 1 and "broken.toml" in told[0] and "using judge-dark" in told[0]
    config = home_paths().config
    assert (
        not config.exists() or "broken" not in config.read_text()
    )  # not saved: next start is fine
