"""The Judge screen: compose a question and one or two answers, judge, read the verdict."""

from __future__ import annotations

from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Label, RadioButton, RadioSet, TextArea

from judge_tui.api.client import JudgeClient
from judge_tui.judging.inputs import InputError, JudgeInputs, JudgeParams, Mode
from judge_tui.judging.requests import build_chat_request
from judge_tui.judging.run import JudgeOutcome, judge
from judge_tui.judging.template import TemplateError
from judge_tui.store.access import STORE_ERRORS, use_store
from judge_tui.store.sessions import record_from_outcome, save_evaluation
from judge_tui.ui.messages import (
    EvaluationSaved,
    JudgmentFinished,
    JudgmentRetrying,
    SaveFailed,
    VerdictDelta,
)
from judge_tui.ui.service import Connection
from judge_tui.ui.widgets.verdict_view import VerdictView


class JudgeScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f5", "judge", "Judge", id="judge"),
        Binding("ctrl+r", "judge", "Judge", show=False, id="judge_alt"),
        Binding("escape", "cancel", "Cancel", id="cancel"),
        Binding("f2", "single_mode", "Single", id="single_mode"),
        Binding("f3", "pairwise_mode", "Pairwise", id="pairwise_mode"),
    ]

    def __init__(self, client: JudgeClient, connection: Connection) -> None:
        super().__init__()
        self.client = client
        self.connection = connection
        self.default_model = connection.model
        self.mode = Mode.SINGLE
        self.saved = 0

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="judge-body"):
            with VerticalScroll(id="compose-form"):
                with RadioSet(id="mode"):
                    yield RadioButton("Single", value=True, id="mode-single")
                    yield RadioButton("Pairwise", id="mode-pairwise")
                yield Label("Question")
                yield TextArea(id="question", placeholder="The question the answer responds to")
                with Vertical(id="single-fields"):
                    yield Label("Answer")
                    yield TextArea(id="answer", placeholder="The answer to judge")
                with Vertical(id="pairwise-fields"):
                    yield Label("Answer 1")
                    yield TextArea(id="answer1")
                    yield Label("Answer 2")
                    yield TextArea(id="answer2")
                yield Label("Model")
                yield Input(self.default_model, id="model")
            yield VerdictView(id="verdict")
        yield Footer()

    def on_mount(self) -> None:
        # Retry waits reach the screen as messages, like everything else a worker reports.
        self.client.on_retry = lambda notice: self.post_message(JudgmentRetrying(notice))
        self.query_one("#pairwise-fields").display = False
        self.query_one("#question", TextArea).focus()

    # --- mode -----------------------------------------------------------------------------------

    @on(RadioSet.Changed, "#mode")
    def mode_changed(self, event: RadioSet.Changed) -> None:
        self._set_mode(Mode.PAIRWISE if event.index == 1 else Mode.SINGLE)

    def _set_mode(self, mode: Mode) -> None:
        self.mode = mode
        self.query_one("#single-fields").display = mode is Mode.SINGLE
        self.query_one("#pairwise-fields").display = mode is Mode.PAIRWISE
        button = "#mode-pairwise" if mode is Mode.PAIRWISE else "#mode-single"
        self.query_one(button, RadioButton).value = True
        # Hiding the field that had focus leaves focus nowhere, and keystrokes would be lost:
        # move it to the first answer of the new mode.
        hidden = self.query_one("#single-fields" if mode is Mode.PAIRWISE else "#pairwise-fields")
        if self.focused is None or hidden in self.focused.ancestors_with_self:
            self.query_one("#answer1" if mode is Mode.PAIRWISE else "#answer", TextArea).focus()

    def action_single_mode(self) -> None:
        self._set_mode(Mode.SINGLE)

    def action_pairwise_mode(self) -> None:
        self._set_mode(Mode.PAIRWISE)

    # --- judging ----------------------------------------------------------------------------------

    def _inputs(self) -> tuple[JudgeInputs, JudgeParams]:
        def text(widget_id: str) -> str:
            return self.query_one(f"#{widget_id}", TextArea).text

        inputs = JudgeInputs(
            mode=self.mode,
            question=text("question"),
            answer=text("answer") if self.mode is Mode.SINGLE else "",
            answer1=text("answer1") if self.mode is Mode.PAIRWISE else "",
            answer2=text("answer2") if self.mode is Mode.PAIRWISE else "",
        )
        params = JudgeParams(model=self.query_one("#model", Input).value.strip(), stream=True)
        return inputs, params

    def action_judge(self) -> None:
        inputs, params = self._inputs()
        try:
            build_chat_request(inputs, params)  # names what is missing before anything is sent
        except (InputError, TemplateError) as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        self.query_one(VerdictView).start()
        self.run_judgment(inputs, params)

    @work(exclusive=True, group="judge")
    async def run_judgment(self, inputs: JudgeInputs, params: JudgeParams) -> None:
        outcome = await judge(
            self.client, inputs, params, on_delta=lambda d: self.post_message(VerdictDelta(d))
        )
        self.post_message(JudgmentFinished(outcome))

    def action_cancel(self) -> None:
        cancelled = self.workers.cancel_group(self, "judge")
        if cancelled:
            self.query_one(VerdictView).note("Cancelled.")

    def on_verdict_delta(self, message: VerdictDelta) -> None:
        self.query_one(VerdictView).append(message.text)

    def on_judgment_retrying(self, message: JudgmentRetrying) -> None:
        self.query_one(VerdictView).note(message.notice.sentence())

    def on_judgment_finished(self, message: JudgmentFinished) -> None:
        outcome = message.outcome
        self.query_one(VerdictView).show(outcome)
        if outcome.error is not None:
            self.notify(outcome.error.user_message(), severity="error", markup=False)
        if self.connection.session is not None:
            self.save_outcome(outcome, self.connection.session)

    @work(thread=True, group="save")
    def save_outcome(self, outcome: JudgeOutcome, session: str) -> None:
        record = record_from_outcome(outcome, self.connection.profile)
        try:
            use_store(lambda db: save_evaluation(db, session, record))
        except STORE_ERRORS as exc:
            sentence = f"The verdict was not saved in session {session!r}: {exc}"
            self.post_message(SaveFailed(sentence))
            return
        self.post_message(EvaluationSaved(session))

    def on_evaluation_saved(self, message: EvaluationSaved) -> None:
        self.saved += 1

    def on_save_failed(self, message: SaveFailed) -> None:
        self.notify(message.sentence, severity="error", markup=False)
