"""The triage queue: a session's or a batch job's verdicts that could not be read, one at a time,
raw text with its markers highlighted, and three ways out: ask the judge again for the final
verdict only (r), judge again with the JSON verdict option (j), or give the reading by hand (m).
What each way stores, and its provenance, is in docs/verdicts.md."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import DataTable, Header, Label

from judge_tui.textsafe import visible_controls
from judge_tui.ui.registry import bindings
from judge_tui.ui.screens.base import AppScreen
from judge_tui.ui.styles import stylesheet
from judge_tui.ui.textual_compat.key_footer import KeyFooter
from judge_tui.ui.waiting import WaitingNote
from judge_tui.ui.widgets.verdict_view import VerdictView

if TYPE_CHECKING:
    from judge_tui.store.verdict_lab import Scope, TriageItem, UnreadableShare

# The queue's verdicts listed at a time: the oldest; as they are read, the next ones come up.
# Only the one the cursor is on is read whole, for the verdict pane.
QUEUE_LISTED = 2000


class TriageScreen(AppScreen[None]):
    # What this screen's workers post; its handlers own the state they change.

    @dataclass
    class QueueLoaded(Message):
        items: list[TriageItem]
        by_model: list[UnreadableShare]
        by_session: list[UnreadableShare]

    @dataclass
    class Resolved(Message):
        label: str  # the item's, as the list shows it
        headline: str

    CSS_PATH = stylesheet("batches")
    BINDINGS: ClassVar[list[BindingType]] = bindings("TriageScreen")  # ui/registry.py

    def __init__(self, scope: Scope) -> None:
        super().__init__()
        self.scope = scope
        self.items: list[TriageItem] = []

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="results-body"):
            yield Label("", id="triage-title", markup=False)
            yield DataTable(id="triage", cursor_type="row", zebra_stripes=True)
            yield VerdictView(id="triage-verdict", show_inputs=True)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.waiting = WaitingNote(
            self, lambda sentence: self.query_one(VerdictView).note(sentence)
        )
        table = self.query_one("#triage", DataTable)
        for label, width in (("item", 14), ("model", 14), ("why it cannot be read", 50)):
            table.add_column(label, width=width)
        table.focus()
        self.load()

    @work(exit_on_error=False, thread=True, exclusive=True, group="triage")
    def load(self) -> None:
        from judge_tui.store.access import use_store
        from judge_tui.store.verdict_lab import triage_queue, unreadable_shares

        def read(db: Any) -> TriageScreen.QueueLoaded:
            return self.QueueLoaded(
                triage_queue(db, self.scope, limit=QUEUE_LISTED),
                unreadable_shares(db, self.scope, "model"),
                unreadable_shares(db, self.scope, "session"),
            )

        self.post_message(use_store(read))

    def on_triage_screen_queue_loaded(self, message: TriageScreen.QueueLoaded) -> None:
        self.items = message.items
        table = self.query_one("#triage", DataTable)
        row = table.cursor_row
        table.clear()
        for item in self.items:
            table.add_row(
                Content(visible_controls(item.label())),
                Content(visible_controls(item.model)),
                Content(visible_controls(item.reason)),
            )

        def shares(of: list[UnreadableShare]) -> str:
            return ", ".join(f"{s.group} {s.unreadable}/{s.judged} ({s.share:.0%})" for s in of)

        waiting = sum(share.unreadable for share in message.by_session)
        listed = f", the first {len(self.items)} listed" if len(self.items) < waiting else ""
        title = (
            f"Triage, {self.scope.label()}: {max(waiting, len(self.items))} to read{listed}. "
            f"Unreadable per session: {shares(message.by_session)}; per model: "
            f"{shares(message.by_model)}"
        )
        self.query_one("#triage-title", Label).update(Content(visible_controls(title)))
        # An empty queue shows no verdict: the last one shown has its reading now.
        self.query_one(VerdictView).display = bool(self.items)
        if self.items:
            table.move_cursor(row=min(row, len(self.items) - 1))
            self._show(table.cursor_row)

    def _show(self, index: int) -> None:
        # Only the item shown is read whole: the 2,000 listed, read at once, held 1.4 GB when
        # each verdict was 300 KB.
        if 0 <= index < len(self.items):
            self.query_one(VerdictView).show_evaluation(self.items[index].uid)

    @on(DataTable.RowHighlighted, "#triage")
    def highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show(event.cursor_row)

    def _current(self) -> TriageItem | None:
        index = self.query_one("#triage", DataTable).cursor_row
        return self.items[index] if 0 <= index < len(self.items) else None

    # --- the three ways out ---------------------------------------------------------------------

    def action_repair(self) -> None:
        if (item := self._current()) is not None:
            self.ask_again(item, as_json=False)

    def action_rejudge_json(self) -> None:
        if (item := self._current()) is not None:
            self.ask_again(item, as_json=True)

    @work(exit_on_error=False, exclusive=True, group="triage-ask")
    async def ask_again(self, item: TriageItem, as_json: bool) -> None:
        from judge_tui.judging.repair import repair
        from judge_tui.judging.run import judge
        from judge_tui.store.access import use_store
        from judge_tui.store.verdict_lab import repair_source, set_repaired

        uid = item.uid
        inputs, params, original = use_store(lambda db: repair_source(db, uid))
        client = self.judge_app.client()  # with no service, says how to start with one
        self.notify(
            "Judging again with the JSON verdict option…"
            if as_json
            else "Asking the judge for the final verdict only…"
        )
        if as_json:
            params = params.model_copy(update={"json_verdict": True, "stream": False})
            asked = judge(client, inputs, params)
        else:
            asked = repair(client, inputs, params, original)
        # A judge that says nothing: the badge says what is waited for, and until when.
        self.waiting.start("the judge's answer", client.host, client.timeouts.judge_total)
        try:
            outcome = await self.judge_app.network.run(asked)  # the client lives on that loop
        finally:
            self.waiting.arrived()
            self._show(self.query_one("#triage", DataTable).cursor_row)
        if outcome.error is not None:
            self.notify(
                f"The judge could not be asked: {outcome.error.user_message()}", severity="error"
            )
            return
        if not outcome.verdict.parsed:
            self.notify(
                f"The judge answered, and that cannot be read either: {outcome.verdict.reason}. "
                "Give the reading by hand (m).",
                severity="warning",
            )
            return
        reading = outcome.verdict.model_dump(mode="json")
        verdict = use_store(lambda db: set_repaired(db, uid, outcome.content, reading))
        self.post_message(self.Resolved(item.label(), verdict.headline()))

    def action_manual(self) -> None:
        item = self._current()
        if item is None:
            return
        from judge_tui.ui.widgets.dialogs import PromptDialog

        what = "winner (1, 2 or tie)" if item.mode == "pairwise" else "score"
        question = f"The {what} for {item.label()}, then a note after a space if you like:"

        def entered(answer: str | None) -> None:
            if answer and answer.strip():
                value, _, note = answer.strip().partition(" ")
                self.store_manual(item, value, note.strip())

        self.app.push_screen(PromptDialog(question), entered)

    @work(exit_on_error=False, thread=True, group="triage-manual")
    def store_manual(self, item: TriageItem, value: str, note: str) -> None:
        from judge_tui.store.access import use_store
        from judge_tui.store.verdict_lab import set_manual

        # A score off the scale raises UserProblem: the app's one worker-error path says it,
        # and the queue is unchanged.
        verdict = use_store(lambda db: set_manual(db, item.uid, value, note))
        self.post_message(self.Resolved(item.label(), verdict.headline()))

    def on_triage_screen_resolved(self, message: TriageScreen.Resolved) -> None:
        # The label may be a dataset's custom_id: text, never markup or a control sequence.
        self.notify(visible_controls(f"{message.label}: {message.headline}"), markup=False)
        self.load()
