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


class SaveFailed(Message):
    def __init__(self, sentence: str) -> None:
        super().__init__()
        self.sentence = sentence


class StoreProblem(Message):
    """A store read or write failed on a thread; the handler tells the user."""

    def __init__(self, sentence: str) -> None:
        super().__init__()
        self.sentence = sentence
