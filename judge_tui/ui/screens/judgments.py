"""One or two saved judgments side by side: what an Analysis row opens (a changed item's two
runs, a disagreement's two judges), with a word-level diff of the answers of a pairwise game."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import Header, Label, Static

from judge_tui.textsafe import visible_controls
from judge_tui.ui.registry import bindings
from judge_tui.ui.screens.base import AppScreen
from judge_tui.ui.styles import stylesheet
from judge_tui.ui.textual_compat.key_footer import KeyFooter
from judge_tui.ui.widgets.answer_diff import DIFF_TITLE, diff_content
from judge_tui.ui.widgets.verdict_view import VerdictView

if TYPE_CHECKING:
    from judge_tui.store.records import EvaluationRecord


class JudgmentsScreen(AppScreen[None]):
    @dataclass
    class Loaded(Message):
        records: list[EvaluationRecord]

    CSS_PATH = stylesheet("analysis")
    BINDINGS: ClassVar[list[BindingType]] = bindings("JudgmentsScreen")  # ui/registry.py

    def __init__(self, title: str, uids: list[str], captions: list[str]) -> None:
        super().__init__()
        self.title_text = title
        self.uids = uids
        self.captions = captions  # one per side: which run it is (a label's note for a person)

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="judgments-body"):
            yield Label(Content(visible_controls(self.title_text)), id="judgments-title")
            with Horizontal(id="judgments-sides"):
                for n, caption in enumerate(self.captions):
                    with Vertical(classes="judgment-side"):
                        yield Label(Content(visible_controls(caption)), classes="side-caption")
                        yield VerdictView(id=f"side-{n}", show_inputs=True)
            with VerticalScroll(id="answer-diff") as diff:
                diff.display = False
                diff.border_title = DIFF_TITLE
                yield Static("", id="answer-diff-text", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.load()

    @work(exit_on_error=False, thread=True)
    def load(self) -> None:
        from judge_tui.store.access import use_store
        from judge_tui.store.sessions import evaluations_by_uid

        wanted = [uid for uid in self.uids if uid]
        records = use_store(lambda db: evaluations_by_uid(db, wanted))
        self.post_message(self.Loaded(records))

    def on_judgments_screen_loaded(self, message: JudgmentsScreen.Loaded) -> None:
        by_uid = {r.uid: r for r in message.records}
        pairwise: EvaluationRecord | None = None
        for n, uid in enumerate(self.uids):
            view = self.query_one(f"#side-{n}", VerdictView)
            record = by_uid.get(uid)
            if record is None:
                continue  # a person's label: its caption says it all
            view.show_record(record)
            if record.mode == "pairwise" and pairwise is None:
                pairwise = record
        if pairwise is not None:
            answers = pairwise.inputs
            self.query_one("#answer-diff-text", Static).update(
                diff_content(str(answers.get("answer1", "")), str(answers.get("answer2", "")))
            )
            self.query_one("#answer-diff").display = True
