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

import pexpect
import pyte
import pytest

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
