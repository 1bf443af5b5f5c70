"""Messages workers post; handlers on the screen own the state they change."""

from __future__ import annotations

from textual.message import Message

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
    def __init__(self, outcome: JudgeOutcome) -> None:
        super().__init__()
        self.outcome = outcome


class EvaluationSaved(Message):
    def __init__(self, session: str) -> None:
        super().__init__()
        self.session = session


class SaveFailed(Message):
    def __init__(self, sentence: str) -> None:
        super().__init__()
        self.sentence = sentence
