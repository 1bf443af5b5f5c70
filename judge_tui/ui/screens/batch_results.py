"""A batch job's results: sortable by score, filtered to the unreadable or failed ones, each
opened in the verdict pane.

The list holds a line per result (batch/export.ResultLine); the whole evaluation of the one the
cursor is on is read from the store when it is shown."""

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
    from judge_tui.batch.export import ResultLine
    from judge_tui.store.records import EvaluationRecord

FILTERS = ("all", "unreadable", "failed")
# Rows put in the table at a time, more as the cursor reaches the last: Textual's DataTable
# measures every cell of the rows it is given (80 µs a row), so a 50,000-result job listed
# whole took 5 s to appear.
ROWS_AT_A_TIME = 1000


def _cells(line: ResultLine) -> tuple[Content, str, Content, Content]:
    """A result's row: its custom_id, status, score or winner, and the question's start."""
    result = f"{line.score:g}/{line.max_score}" if line.score is not None else line.winner or "—"
    question = line.question.replace("\n", " ")[:60]
    return (
        Content(visible_controls(line.custom_id or "")), line.status, Content(result),
        Content(visible_controls(question)),
    )  # fmt: skip


def score_share(record: ResultLine | EvaluationRecord) -> float:
    """Where a score stands on its own scale (3/10 is below 3/5): 0..1, -1 without a score."""
    if record.score is None:
        return -1.0
    top = record.max_score or 5
    return (record.score - 1) / max(1, top - 1)


class BatchResultsScreen(AppScreen[None]):
    # What this screen's workers post; its handlers own the state they change.

    @dataclass
    class ResultsLoaded(Message):
        lines: list[ResultLine]

    CSS_PATH = stylesheet("batches")
    BINDINGS: ClassVar[list[BindingType]] = bindings("BatchResultsScreen")  # ui/registry.py

    def __init__(self, job_id: int, name: str) -> None:
        super().__init__()
        self.job_id = job_id
        self.name_shown = name
        self.lines: list[ResultLine] = []
        self.shown: list[ResultLine] = []
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
        from judge_tui.batch.export import result_lines
        from judge_tui.store.access import use_store
        from judge_tui.store.batch_jobs import get_job

        lines = use_store(lambda db: result_lines(db, get_job(db, str(self.job_id))))
        self.post_message(self.ResultsLoaded(lines))

    def on_batch_results_screen_results_loaded(
        self, message: BatchResultsScreen.ResultsLoaded
    ) -> None:
        kept = self._chosen()
        self.lines = message.lines
        if self.highest_first is not None:
            self.lines.sort(key=score_share, reverse=self.highest_first)
        self._fill(keep=kept)
        if chosen := self._chosen():  # its reading may have changed (the triage queue)
            self.query_one(VerdictView).show_evaluation(chosen)

    def _chosen(self) -> str | None:
        """The uid of the result the cursor is on, if any."""
        row = self.query_one("#results", DataTable).cursor_row
        return self.shown[row].uid if 0 <= row < len(self.shown) else None

    def _fill(self, keep: str | None = None) -> None:
        """Show the results the filter lets through; the cursor on `keep` if it is among them,
        else on the first."""
        lines = self.lines
        if self.filter == "unreadable":
            lines = [line for line in lines if line.status in ("unparsed", "truncated")]
        elif self.filter == "failed":
            lines = [line for line in lines if line.status == "error"]
        self.shown = lines
        at = next((i for i, line in enumerate(lines) if line.uid == keep), None)
        table = self.query_one("#results", DataTable)
        table.clear()
        self._add_rows(upto=ROWS_AT_A_TIME if at is None else at + ROWS_AT_A_TIME)
        if at is not None:
            table.move_cursor(row=at)

    def _add_rows(self, upto: int) -> None:
        """Rows for the shown results up to `upto`, after those in the table already."""
        table = self.query_one("#results", DataTable)
        table.add_rows(_cells(line) for line in self.shown[table.row_count : upto])
        title = f"Job {self.name_shown}: {len(self.shown)} of {len(self.lines)} ({self.filter})"
        if table.row_count < len(self.shown):
            title += f" · the first {table.row_count:,} listed, more as you go down"
        self.query_one("#results-title", Label).update(Content(visible_controls(title)))

    def action_sort_by_score(self) -> None:
        """Highest first, then lowest first on the next press; results without a score last
        and first respectively."""
        self.highest_first = self.highest_first is not True
        self.lines.sort(key=score_share, reverse=self.highest_first)
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
            self.query_one(VerdictView).show_evaluation(self.shown[event.cursor_row].uid)
        rows = event.data_table.row_count
        if event.cursor_row >= rows - 1 and rows < len(self.shown):  # at the last row listed
            self._add_rows(upto=rows + ROWS_AT_A_TIME)
