"""Messages workers post; handlers on the screen own the state they change."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from judge_tui.api.retry import RetryNotice
    from judge_tui.judging.run import JudgeOutcome


class VerdictDelta(Message):
    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text


class JudgmentRetrying(Message):
    def __init__(self, notice: RetryNotice) -> None:
        super().__init__()
        self.notice = notice


class JudgmentFinished(Message):
    def __init__(
        self,
        outcome: JudgeOutcome,
        template_name: str | None = None,
        template_version: str | None = None,
    ) -> None:
        super().__init__()
        self.outcome = outcome
        self.template_name = template_name
        self.template_version = template_version


class EvaluationSaved(Message):
    def __init__(self, session: str) -> None:
        super().__init__()
        self.session = session


class Said(Message):
    """One sentence for the user from a worker; the app shows it (an error as an error). It
    bubbles up from any screen, which may also act on it first."""

    def __init__(self, sentence: str, error: bool = False) -> None:
        super().__init__()
        self.sentence = sentence
        self.error = error


class DeltaBatcher:
    """Streamed text, posted as one VerdictDelta at most every `interval` seconds.

    A stream can bring a chunk every few milliseconds; a message per chunk floods the screen's
    queue, and key presses wait behind it. The text is the same, just in fewer pieces.
    """

    def __init__(self, post: Callable[[Message], object], interval: float = 0.05) -> None:
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
            self.post(VerdictDelta("".join(self.pieces)))
            self.pieces = []
        self.last = time.monotonic() if now is None else now
