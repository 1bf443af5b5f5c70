"""No control sequence from the service or the store reaches the terminal: on the screens, in the
shell's output, in Markdown and CSV exports (issue 11.1, 11.3). The verdicts come from the
emulator's `verdict_suffix` switch, over real HTTP; each form of sequence is in it: OSC 52 with
BEL and with ST ends, OSC 2, CSI, 8-bit C1, and Textual markup."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from textual.widgets import TextArea

from judge_tui.emulator.config import HOSTILE_TEXT
from judge_tui.emulator.server import EmulatorServer
from judge_tui.store.db import Database
from judge_tui.store.paths import home_paths
from judge_tui.store.sessions import save_evaluation, session_evaluations
from judge_tui.textsafe import has_controls, spreadsheet_cell, visible_controls
from judge_tui.ui.app import JudgeTuiApp
from judge_tui.ui.service import Launch

from ..app_helpers import connection_to, settle
from ..cli_helpers import run_cli
from ..conftest import TOKEN
from ..store_helpers import make_record

OSC_OR_CSI = re.compile(r"\x1b\]|\x1b\[|[\x9b\x9d]")


def test_visible_controls_keeps_newline_tab_and_length() -> None:
    text = "a\tb\nc\r\nd" + HOSTILE_TEXT
    shown = visible_controls(text)
    assert len(shown) == len(text)  # marker spans computed on the raw text stay right
    assert not has_controls(shown)
    assert "\t" in shown and "\n" in shown
    assert "␛]52;c;cHduZWQ=␇" in shown  # visible, not dropped: the user sees what was sent
    assert "␍" not in visible_controls("line\r\n") and "␍" in visible_controls("a\rb")


def test_json_output_writes_del_and_c1_as_escapes_and_means_the_same() -> None:
    from judge_tui.textsafe import json_text_safe

    for data in ({"item": "ascii \x7f end"}, {"item": "题 \x9b2J \x85 \x7f"}, {"item": "plain"}):
        text = json.dumps(data, ensure_ascii=False)
        safe = json_text_safe(text)
        assert json.loads(safe) == data  # the same data
        assert not re.search(r"[\x7f-\x9f]", safe)  # and nothing a terminal acts on
    assert json_text_safe('{"a": "plain"}') == '{"a": "plain"}'


def test_spreadsheet_cells_never_start_a_formula() -> None:
    for text in ('=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\t=1"):
        cell = spreadsheet_cell(text)
        assert isinstance(cell, str) and cell.startswith("'")
    assert spreadsheet_cell(3.5) == 3.5
    assert spreadsheet_cell("plain") == "plain"


def _judge(emulator: EmulatorServer, *extra: str) -> tuple[str, str]:
    result = run_cli(
        "judge", "--base-url", emulator.base_url, "--question", "2+2?", "--answer", "4",
        "--session", "hostile", *extra, token=TOKEN,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return result.stdout, result.stderr


def test_shell_judge_prints_no_escape_sequence(start_emulator) -> None:  # type: ignore[no-untyped-def]
    emulator = start_emulator(verdict_suffix=HOSTILE_TEXT)
    for extra in ((), ("--stream",)):
        out, err = _judge(emulator, *extra)
        assert not has_controls(out) and not has_controls(err)
        assert "␛]52;c;" in out  # shown, visibly
        assert "[@click=app.quit]" in out


def test_shell_json_keeps_the_exact_text_escaped(start_emulator) -> None:  # type: ignore[no-untyped-def]
    emulator = start_emulator(verdict_suffix=HOSTILE_TEXT)
    out, _ = _judge(emulator, "--format", "json")
    assert not has_controls(out.replace("\n", ""))
    assert json.loads(out)["content"].endswith(HOSTILE_TEXT)  # the data is exact


def test_stored_hostile_text_is_safe_in_sessions_commands_and_exports(
    start_emulator: Callable[..., EmulatorServer], tmp_path: Path
) -> None:
    emulator = start_emulator(verdict_suffix=HOSTILE_TEXT)
    run_cli(
        "judge", "--base-url", emulator.base_url, "--question", "=cmd|' /C calc'!A0 \x1b]2;t\x07",
        "--answer", "@@SUM(1)", "--session", "hostile", token=TOKEN,  # @@: a literal @
    )  # fmt: skip
    for args in (("sessions", "show", "hostile"), ("sessions", "search", "overall"),
                 ("sessions", "list")):  # fmt: skip
        result = run_cli(*args)
        assert result.returncode == 0, result.stderr
        assert not has_controls(result.stdout.replace("\n", "")), args
    md = tmp_path / "s.md"
    assert (
        run_cli(
            "sessions", "export", "hostile", "--format", "markdown", "--output", str(md)
        ).returncode
        == 0
    )
    text = md.read_text()
    assert "␛]52;c;" in text and not OSC_OR_CSI.search(text)
    out = tmp_path / "s.csv"
    assert (
        run_cli("sessions", "export", "hostile", "--format", "csv", "--output", str(out)).returncode
        == 0
    )
    rows = list(csv.DictReader(io.StringIO(out.read_text())))
    assert rows[0]["question"].startswith("'=cmd")
    assert rows[0]["answer"] == "'@SUM(1)"
    assert not OSC_OR_CSI.search(out.read_text())
    # The store keeps the raw text as it came.
    db = Database.open(home_paths())
    assert session_evaluations(db, "hostile")[0].content.endswith(HOSTILE_TEXT)


def test_service_error_body_with_escapes_is_safe_on_stderr(start_emulator) -> None:  # type: ignore[no-untyped-def]
    emulator = start_emulator()
    result = run_cli(
        "judge", "--base-url", emulator.base_url, "--question", "q", "--answer", "a",
        "--verbose", token="wrong\x1b]52;c;eA==\x07",
    )  # fmt: skip
    assert result.returncode == 1
    assert not has_controls(result.stderr.replace("\n", ""))


def _screen_has_no_controls(app: JudgeTuiApp) -> str:
    svg = app.export_screenshot()
    assert not OSC_OR_CSI.search(svg), "a control sequence reached the screen"
    return svg


async def test_judge_screen_shows_escapes_visibly(start_emulator) -> None:  # type: ignore[no-untyped-def]
    emulator = start_emulator(verdict_suffix=HOSTILE_TEXT)
    app = JudgeTuiApp(connection_to(emulator))
    async with app.run_test(size=(100, 40)) as pilot:
        app.screen.query_one("#question", TextArea).insert("2+2?")
        app.screen.query_one("#answer", TextArea).insert("4")
        await pilot.press("f5")
        await settle(app, pilot)
        svg = _screen_has_no_controls(app)
        assert "␛" in svg
        assert app.is_running


async def test_browse_shows_a_stored_hostile_session_safely() -> None:
    db = Database.open(home_paths())
    record = make_record(1, question="q \x1b]2;title\x1b\\ \x9b2J").model_copy(
        update={"content": "[[3]]" + HOSTILE_TEXT}
    )
    save_evaluation(db, "evil \x1b]52;c;eA==\x07", record)
    db.close()
    app = JudgeTuiApp(Launch(None, start_in="sessions"))
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(app, pilot)
        svg = _screen_has_no_controls(app)
        assert "evil ␛]52" in svg.replace("&#160;", " ")


@given(st.text(alphabet=st.characters(max_codepoint=0xA0)) | st.text())
def test_controls_are_found_alike_in_ascii_and_in_any_text(text: str) -> None:
    """The ASCII shortcut finds exactly the controls the pattern finds."""
    expected = any(c not in "\t\n" and (ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F) for c in text)
    assert has_controls(text) is expected
    assert has_controls(visible_controls(text)) is False
