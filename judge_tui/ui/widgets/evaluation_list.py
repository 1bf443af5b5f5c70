"""A list of saved evaluations: the badge, the mode and the first words of the question.

Beside the compose form it also re-runs an evaluation (r) or loads it into the form (e).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.binding import BindingType
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from judge_tui.textsafe import visible_controls
from judge_tui.ui.registry import bindings

if TYPE_CHECKING:
    from judge_tui.store.records import EvaluationRecord


def evaluation_badge(record: EvaluationRecord) -> str:
    if record.score is not None:
        return f"{record.score:g}/{record.max_score}"
    if record.winner:
        return "tie" if record.winner == "tie" else f"A{record.winner}"
    return "—"


def evaluation_prompt(record: EvaluationRecord, session: str | None = None) -> Content:
    """The badge, the mode, and the question's start; a search hit also names its session."""
    question = str(record.inputs.get("question", "")).strip().replace("\n", " ")[:60]
    question = visible_controls(question)
    where: tuple[str, str] | str = ""
    if session is not None:
        where = (f"[{visible_controls(session)[:16]}] ", "italic")
    return Content.assemble(
        (f"{evaluation_badge(record):>5} ", "bold"), (f"{record.mode[:4]} ", "dim"), where,
        question,
    )  # fmt: skip


class EvaluationList(OptionList):
    BINDINGS: ClassVar[list[BindingType]] = bindings("EvaluationList")  # ui/registry.py

    class Rerun(Message):
        def __init__(self, record: EvaluationRecord) -> None:
            super().__init__()
            self.record = record

    class Edit(Message):
        def __init__(self, record: EvaluationRecord) -> None:
            super().__init__()
            self.record = record

    def __init__(self, *, id: str | None = None, actions: bool = False) -> None:
        super().__init__(id=id, markup=False)
        self.records: list[EvaluationRecord] = []
        self.actions = actions  # re-run and edit make sense only beside the compose form

    def show_records(
        self, records: list[EvaluationRecord], sessions: dict[str, str] | None = None
    ) -> None:
        """Replace the list, keeping the highlighted evaluation (quietly: the verdict pane
        keeps what it shows, for example the judgment that just finished). `sessions`: each
        evaluation's session, for lists that mix sessions (search hits)."""
        kept = self.highlighted_record()
        self.records = records
        names = sessions or {}
        self.set_options(
            [Option(evaluation_prompt(r, names.get(r.uid)), id=r.uid) for r in records]
        )
        if not records:
            return
        uids = [r.uid for r in records]
        index = uids.index(kept.uid) if kept is not None and kept.uid in uids else 0
        with self.prevent(OptionList.OptionHighlighted):
            self.highlighted = index

    def highlighted_record(self) -> EvaluationRecord | None:
        index = self.highlighted
        if index is None or not 0 <= index < len(self.records):
            return None
        return self.records[index]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("rerun", "edit"):
            return self.actions and self.highlighted_record() is not None
        return True

    def action_rerun(self) -> None:
        record = self.highlighted_record()
        if record is not None:
            self.post_message(self.Rerun(record))

    def action_edit(self) -> None:
        record = self.highlighted_record()
        if record is not None:
            self.post_message(self.Edit(record))
