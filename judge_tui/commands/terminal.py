"""The shell's output, safe by construction: whatever a command prints (a verdict, a stored
question, a service's error body, a file name) reaches the terminal without its control
characters, made visible instead (judge_tui/textsafe.py).

`guard_output()` puts a `SafeStream` in front of standard output and standard error for the
whole of a sub-command, so no print can forget it. Our own few escape sequences (the progress
line's carriage return, bold search hits) go through `write_control`, which only they use.
"""

from __future__ import annotations

import io
import os
import sys
from typing import TextIO

from judge_tui.textsafe import visible_controls


class SafeStream(io.TextIOBase):
    """A text stream that writes to `target` with every control character made visible."""

    def __init__(self, target: TextIO) -> None:
        self.target = target

    def write(self, text: str) -> int:
        self.target.write(visible_controls(text))
        return len(text)

    @property
    def buffer(self) -> _SafeBinary:
        """For bytes (an export to standard output): exact into a pipe or a file, where they
        are data; made safe on a terminal, where they would act."""
        return _SafeBinary(self.target)

    def write_control(self, text: str) -> None:
        """Our own escape sequences, written as they are: never data."""
        self.target.write(text)

    def flush(self) -> None:
        self.target.flush()

    def isatty(self) -> bool:
        return self.target.isatty()

    def fileno(self) -> int:
        return self.target.fileno()

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return self.target.encoding

    @property
    def errors(self) -> str | None:  # type: ignore[override]
        return self.target.errors

    def writable(self) -> bool:
        return True


class _SafeBinary:
    def __init__(self, target: TextIO) -> None:
        self.target = target

    def write(self, data: bytes) -> int:
        if self.target.isatty():
            self.target.write(visible_controls(data.decode("utf-8", errors="replace")))
        else:
            self.target.flush()
            self.target.buffer.write(data)
        return len(data)

    def flush(self) -> None:
        self.target.flush()


def guard_output() -> None:
    """Standard output and error, safe for the rest of this process. A lone surrogate (from a
    broken file name or a JSON escape) is written as U+FFFD instead of failing the write."""
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        if isinstance(stream, SafeStream) or stream is None:
            continue
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="replace")
        setattr(sys, name, SafeStream(stream))


def write_control(stream: TextIO, text: str) -> None:
    """Write one of our own escape sequences to `stream`, past a SafeStream if there is one."""
    if isinstance(stream, SafeStream):
        stream.write_control(text)
    else:
        stream.write(text)


def quiet_broken_pipe() -> None:
    """After `judge-tui ... | head` closed the pipe: no traceback, and none at exit either
    (Python flushes standard output once more at exit; it goes to /dev/null now)."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, sys.__stdout__.fileno() if sys.__stdout__ else 1)
    except (OSError, ValueError):
        pass
    finally:
        os.close(devnull)
