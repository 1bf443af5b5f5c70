"""What any screen's workers may post (`Said`), and how streamed text is batched; each screen's
own messages are nested in it."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from textual.message import Message


@dataclass
class Said(Message):
    """One sentence for the user from a worker; the app shows it (an error as an error). It
    bubbles up from any screen, which may also act on it first."""

    sentence: str
    error: bool = False


class DeltaBatcher:
    """Streamed text, posted as one VerdictDelta at most every `interval` seconds.

    A stream can bring a chunk every few milliseconds; a message per chunk floods the screen's
    queue, and key presses wait behind it. The text is the same, just in fewer pieces.
    """

    def __init__(self, post: Callable[[str], object], interval: float = 0.05) -> None:
        self.post = post
        self.interval = interval
        self.pieces: list[str] = []
        self.last = 0.0

    def __call__(self, delta: str) -> None:
        self.pieces.append(delta)
        now = time.monotonic()
        if now - self.last >= self.interval:
            self.flush(now)

    def flush(self, now: float | None = None) -> None:
        if self.pieces:
            self.post("".join(self.pieces))
            self.pieces = []
        self.last = time.monotonic() if now is None else now
