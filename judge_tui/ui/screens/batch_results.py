"""A batch job's results: sortable by score, filtered to the unreadable or failed ones, each
opened in the verdict pane."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

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
from judge_tui.ui.widgets.verdict_view import VerdictView

if TYPE_CHECKING:
    from judge_tui.store.records import EvaluationRecord

FILTERS = ("all", "unreadable", "failed")


def score_share(record: EvaluationRecord) -> float:
    """Where a score stands on its own scale (3/10 is below 3/5): 0..1, -1 without a score."""
    if record.score is None:
        return -1.0
    top = record.max_score or 5
    return (record.score - 1) / max(1, top - 1)


class BatchResultsScreen(AppScreen[None]):
    # What this screen's workers post; its handlers own the state they change.

    @dataclass
    class ResultsLoaded(Message):
        records: list[EvaluationRecord]

    CSS_PATH = stylesheet("batches")
    BINDINGS: ClassVar[list[BindingType]] = bindings("BatchResultsScreen")  # ui/registry.py

    def __init__(self, job_id: int, name: str) -> None:
        super().__init__()
        self.job_id = job_id
        self.name_shown = name
        self.records: list[EvaluationRecord] = []
        self.shown: list[EvaluationRecord] = []
        self.filter = "all"
        # The order chosen with `s`: None is the job's own; kept when the results are read
        # again (back from the triage queue), as the result the cursor is on is.
        self.highest_first: bool | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="results-body"):
            yield Label("", id="results-title", markup=False)
            yield DataTable(id="results", cursor_type="row", zebra_stripes=True)
            yield VerdictView(id="result-verdict", show_inputs=True)
        yield KeyFooter()

    def on_mount(self) -> None:
        table = self.query_one("#results", DataTable)
        for label, width in (("custom_id", 18), ("status", 9), ("result", 9), ("question", 40)):
            table.add_column(label, width=width)
        table.focus()
        self.load()

    @work(exit_on_error=False, thread=True)
    def load(self) -> None:
        from judge_tui.batch.export import job_results
        from judge_tui.store.access import use_store
        from judge_tui.store.batch_jobs import get_job

        records = use_store(lambda db: job_results(db, get_job(db, str(self.job_id))))
        self.post_message(self.ResultsLoaded(records))

    def on_batch_results_screen_results_loaded(
        self, message: BatchResultsScreen.ResultsLoaded
    ) -> None:
        kept = self._chosen()
        self.records = message.records
        if self.highest_first is not None:
            self.records.sort(key=score_share, reverse=self.highest_first)
        self._fill(keep=kept)

    def _chosen(self) -> str | None:
        """The uid of the result the cursor is on, if any."""
        row = self.query_one("#results", DataTable).cursor_row
        return self.shown[row].uid if 0 <= row < len(self.shown) else None

    def _fill(self, keep: str | None = None) -> None:
        """Show the records the filter lets through; the cursor on `keep` if it is among them,
        else on the first."""
        records = self.records
        if self.filter == "unreadable":
            records = [r for r in records if r.status in ("unparsed", "truncated")]
        elif self.filter == "failed":
            records = [r for r in records if r.status == "error"]
        self.shown = records
        table = self.query_one("#results", DataTable)
        table.clear()
        for record in records:
            if record.score is not None:
                result = f"{record.score:g}/{record.max_score}"
            else:
                result = record.winner or "—"
            question = str(record.inputs.get("question", "")).replace("\n", " ")[:60]
            table.add_row(
                Content(visible_controls(record.custom_id or "")),
                record.status,
                Content(result),
                Content(visible_controls(question)),
            )
        title = f"Job {self.name_shown}: {len(records)} of {len(self.records)} ({self.filter})"
        self.query_one("#results-title", Label).update(Content(visible_controls(title)))
        uids = [record.uid for record in records]
        if keep in uids:
            table.move_cursor(row=uids.index(keep))

    def action_sort_by_score(self) -> None:
        """Highest first, then lowest first on the next press; results without a score last
        and first respectively."""
        self.highest_first = self.highest_first is not True
        self.records.sort(key=score_share, reverse=self.highest_first)
        self._fill()

    def action_next_filter(self) -> None:
        self.filter = FILTERS[(FILTERS.index(self.filter) + 1) % len(FILTERS)]
        self._fill()

    def action_answer_diff(self) -> None:
        if not self.query_one(VerdictView).toggle_diff():
            self.notify("Show a pairwise verdict first: the diff is of its two answers.",
                        markup=False)  # fmt: skip

    def action_triage(self) -> None:
        from judge_tui.store.verdict_lab import Scope
        from judge_tui.ui.screens.triage import TriageScreen

        def back(_: None) -> None:  # the results show their new readings
            self.load()

        self.app.push_screen(TriageScreen(Scope(job_id=self.job_id)), back)

    @on(DataTable.RowHighlighted, "#results")
    def highlighted(self, event: DataTable.RowHighlighted) -> None:
        if 0 <= event.cursor_row < len(self.shown):
            self.query_one(VerdictView).show_record(self.shown[event.cursor_row])
