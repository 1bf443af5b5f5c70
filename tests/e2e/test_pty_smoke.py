"""The installed `judge-tui --demo` in a real pseudo-terminal: type, judge, read the verdict.

The bytes the app writes are fed to pyte, a terminal emulator, so the test reads the screen
as a person would see it rather than grepping escape sequences.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import time
from collections.abc import Callable

import pexpect  # type: ignore[import-untyped]
import pyte
import pytest

from judge_tui.emulator.server import EmulatorServer

COLUMNS, LINES = 80, 24


class Terminal:
    def __init__(self, child: pexpect.spawn) -> None:
        self.child = child
        self.screen = pyte.Screen(COLUMNS, LINES)
        self.stream = pyte.ByteStream(self.screen)

    def text(self) -> str:
        return "\n".join(self.screen.display)

    def wait_for(self, pattern: str, seconds: float = 30) -> re.Match[str]:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            with contextlib.suppress(pexpect.TIMEOUT):
                self.stream.feed(self.child.read_nonblocking(65536, timeout=0.2))
            match = re.search(pattern, self.text())
            if match:
                return match
        raise AssertionError(f"{pattern!r} never appeared; the screen was:\n{self.text()}")


F5 = "\x1b[15~"
F3 = "\x1bOR"


def spawn(*args: str) -> tuple[pexpect.spawn, Terminal]:
    env = {**os.environ, "TERM": "xterm-256color"}
    child = pexpect.spawn("judge-tui", list(args), env=env, dimensions=(LINES, COLUMNS), timeout=30)
    return child, Terminal(child)


@pytest.mark.skipif(shutil.which("judge-tui") is None, reason="needs the installed console script")
def test_demo_in_a_pseudo_terminal_judges_and_shows_the_score() -> None:
    """The new user's first minutes over SSH, at 80x24: judge one answer, then a pair, quit,
    and find both again with --browse."""
    child, terminal = spawn("--demo")
    try:
        terminal.wait_for(r"Question")  # the judge form is drawn
        assert "demo" in terminal.text()  # the header says so plainly
        child.send("What is 2+2? [@click=app.quit]x[/]")
        terminal.wait_for(r"\[@click=app\.quit\]x\[/\]")  # shown literally
        child.send("\t")
        child.send("It is 4, because two and two make four.")
        terminal.wait_for(r"make four")
        child.send(F5)
        match = terminal.wait_for(r"Score\s+(\d)/5")
        assert 1 <= int(match.group(1)) <= 5
        child.send(F3)  # pairwise: focus moves to answer 1
        terminal.wait_for(r"Answer 1")
        child.send("Four.")
        child.send("\t")
        child.send("The sum of two and two is four, as counting shows.")
        terminal.wait_for(r"counting")
        child.send(F5)
        terminal.wait_for(r"Winner\s+(Answer [12]|Tie)")
        child.sendcontrol("q")
        child.expect(pexpect.EOF, timeout=10)
    finally:
        child.close(force=True)

    child, terminal = spawn("--browse")
    try:
        terminal.wait_for(r"demo\s+2")  # the session, with both judgments
        child.send("two and two")
        terminal.wait_for(r"2 found")
        child.sendcontrol("q")
        child.expect(pexpect.EOF, timeout=10)
    finally:
        child.close(force=True)


class Recording(Terminal):
    """A terminal that also keeps every byte the app wrote, to look for sequences in them."""

    def __init__(self, child: pexpect.spawn, columns: int, lines: int) -> None:
        super().__init__(child)
        self.screen = pyte.Screen(columns, lines)
        self.stream = pyte.ByteStream(self.screen)
        self.raw = bytearray()

    def wait_for(self, pattern: str, seconds: float = 30) -> re.Match[str]:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            with contextlib.suppress(pexpect.TIMEOUT):
                data = self.child.read_nonblocking(65536, timeout=0.2)
                self.raw += data
                self.stream.feed(data)
            match = re.search(pattern, self.text())
            if match:
                return match
        raise AssertionError(f"{pattern!r} never appeared; the screen was:\n{self.text()}")


@pytest.mark.skipif(shutil.which("judge-tui") is None, reason="needs the installed console script")
def test_a_hostile_service_writes_no_clipboard_or_title_through_the_app(
    start_emulator: Callable[..., EmulatorServer],
) -> None:
    """Issue 11.1 on the real terminal path: a verdict carrying OSC 52 (BEL and ST ends),
    OSC 2, CSI and 8-bit C1 sequences is drawn, and none of them reaches the terminal; then
    again from the stored session with --browse. NO_COLOR and plain xterm, as a newcomer's.
    The terminal is tall enough for the whole verdict: only what is visible is written."""
    from judge_tui.emulator.config import HOSTILE_TEXT

    from ..conftest import TOKEN

    server = start_emulator(verdict_suffix=HOSTILE_TEXT)
    env = {**os.environ, "TERM": "xterm", "NO_COLOR": "1", "JUDGE_MODEL_TOKEN": TOKEN}
    for args, typed, shown in (
        (["--base-url", server.base_url, "--session", "evil"], True, r"Score\s+\d/5"),
        (["--browse"], False, r"evil\s+1"),
    ):
        child = pexpect.spawn("judge-tui", args, env=env, dimensions=(120, 200), timeout=30)
        terminal = Recording(child, 200, 120)
        try:
            terminal.wait_for(r"Question" if typed else r"Sessions|evil")
            if typed:
                child.send("2+2?\t4")
                terminal.wait_for(r"2\+2\?")
                child.send(F5)
            terminal.wait_for(shown)
            terminal.wait_for(r"␛")  # the sequences are shown, visibly
            child.sendcontrol("q")
            child.expect(pexpect.EOF, timeout=10)
            terminal.raw += child.before or b""
        finally:
            child.close(force=True)
        raw = bytes(terminal.raw)
        assert b"\x1b]52" not in raw and b"\x1b]2;" not in raw, (
            "an OSC sequence reached the terminal"
        )
        assert b"\xc2\x9b" not in raw and b"\xc2\x9d" not in raw, (
            "a C1 control reached the terminal"
        )
