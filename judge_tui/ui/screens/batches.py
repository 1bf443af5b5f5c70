"""The Batches screen: a live table of batch jobs, a new-job form, job detail and results.

Jobs are tracked by a timer: often at first, then about once a minute, as the service asks.
The table is updated cell by cell, so it never flickers; jobs of earlier runs are tracked too.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.coordinate import Coordinate
from textual.widgets import DataTable, Header, Static

from judge_tui.textsafe import visible_controls
from judge_tui.ui.messages import Said
from judge_tui.ui.registry import bindings
from judge_tui.ui.screens.base import AppScreen
from judge_tui.ui.styles import stylesheet
from judge_tui.ui.textual_compat.key_footer import KeyFooter
from judge_tui.ui.widgets.dialogs import ConfirmDialog, PromptDialog

if TYPE_CHECKING:
    from judge_tui.batch.runner import BatchRunner
    from judge_tui.store.batch_jobs import JobRecord

BAR_WIDTH = 10


def job_cells(job: JobRecord) -> tuple[Content, ...]:
    raw = {c.raw_status for c in job.chunks if c.raw_status}
    status = job.status + (f" ({', '.join(sorted(raw))})" if raw else "")
    age_h = (time.time() - job.created_at) / 3600
    return (
        Content(str(job.id)),
        Content(visible_controls(job.name)),
        Content(visible_controls(status)),
        Content(job.progress_bar(BAR_WIDTH)),
        Content(f"{job.completed}/{job.failed}/{job.total_lines}"),
        Content(f"{age_h:.1f}h/{job.completion_window}"),
    )


def job_detail(job: JobRecord) -> Content:
    parts: list[Content | str | tuple[str, str]] = [
        (visible_controls(job.name), "bold"),
        visible_controls(f" · {job.dialect} · {job.model} · session {job.session}\n"),
    ]
    for chunk in job.chunks:
        history = " → ".join(h.raw for h in chunk.history) or chunk.phase.value
        parts += [
            visible_controls(
                f"chunk {chunk.seq + 1}: {chunk.lines} lines · {chunk.batch_id or '-'} · {history}"
            )
        ]
        if chunk.error:
            parts += [" · ", (visible_controls(chunk.error), "$text-error")]
        parts += ["\n"]
    summary = job.summary
    if summary:
        missing = summary.get("missing", [])
        unknown = len(summary.get("unknown", []))  # results naming no item: not stored
        parts += [(
            f"succeeded {summary.get('succeeded', 0)} · unreadable {summary.get('unreadable', 0)} "
            f"· failed {summary.get('failed', 0)} · expired {summary.get('expired', 0)} "
            f"· missing {len(missing)} · duplicates {len(summary.get('duplicates', []))}"
            + (f" · naming no item {unknown}" if unknown else ""),
            "bold",
        )]  # fmt: skip
    return Content.assemble(*parts)


class BatchesScreen(AppScreen[None]):
    CSS_PATH = stylesheet("batches")
    BINDINGS: ClassVar[list[BindingType]] = bindings("BatchesScreen")  # ui/registry.py

    def __init__(self) -> None:
        super().__init__()
        self.jobs: list[JobRecord] = []

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="batches-body"):
            yield DataTable(id="jobs", cursor_type="row", zebra_stripes=True)
            yield Static("", id="job-detail", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        table = self.query_one("#jobs", DataTable)
        for label, key, width in (
            ("#", "id", 3), ("name", "name", 12), ("status", "status", 18),
            ("progress", "bar", BAR_WIDTH), ("ok/fail/all", "counts", 11),
            ("age/window", "age", 10),
        ):  # fmt: skip
            table.add_column(label, key=key, width=width)
        table.focus()
        tracker = self.judge_app.batch_tracker
        if tracker.jobs:
            self.show_jobs(tracker.jobs)
        tracker.look_now()

    # --- what the app's tracker found (ui/batch_tracker.py) --------------------------------------

    def on_screen_resume(self) -> None:
        """Back from a dialog, or from another screen: what the tracker found meanwhile (it
        tracks whatever is shown, but draws here only while this screen is on top)."""
        self.show_jobs(self.judge_app.batch_tracker.jobs)

    def show_jobs(self, jobs: list[JobRecord]) -> None:
        self.jobs = jobs
        table = self.query_one("#jobs", DataTable)
        keys = {str(job.id) for job in jobs}
        for row_key in list(table.rows):
            if row_key.value not in keys:
                table.remove_row(row_key)
        columns = ("id", "name", "status", "bar", "counts", "age")
        for job in jobs:
            cells = job_cells(job)
            if str(job.id) in {k.value for k in table.rows}:
                for column, cell in zip(columns, cells, strict=True):
                    table.update_cell(str(job.id), column, cell)  # in place: no flicker
            else:
                table.add_row(*cells, key=str(job.id))
        self._show_detail()
        if not self.jobs:
            self.query_one("#job-detail", Static).update(
                "No batch jobs yet: ctrl+n submits a CSV or JSONL dataset, or the current session."
            )

    def action_refresh_jobs(self) -> None:
        self.judge_app.batch_tracker.look_now()

    @on(DataTable.RowHighlighted, "#jobs")
    def highlighted(self) -> None:
        self._show_detail()

    @on(DataTable.RowSelected, "#jobs")
    def selected(self) -> None:
        self.action_open_results()  # the table takes Enter for itself

    def _chosen(self) -> JobRecord | None:
        table = self.query_one("#jobs", DataTable)
        if not self.jobs or not 0 <= table.cursor_row < len(self.jobs):
            self.notify("Choose a job in the table first (ctrl+n starts one).", markup=False)
            return None
        row_key = table.coordinate_to_cell_key(Coordinate(table.cursor_row, 0)).row_key
        return next((j for j in self.jobs if str(j.id) == row_key.value), None)

    def _show_detail(self) -> None:
        table = self.query_one("#jobs", DataTable)
        if self.jobs and 0 <= table.cursor_row < len(self.jobs):
            row_key = table.coordinate_to_cell_key(Coordinate(table.cursor_row, 0)).row_key
            job = next((j for j in self.jobs if str(j.id) == row_key.value), None)
            if job is not None:
                self.query_one("#job-detail", Static).update(job_detail(job))

    def on_said(self, message: Said) -> None:
        # An action finished: look at the jobs again. The sentence goes on to the app.
        self.action_refresh_jobs()

    # --- actions ------------------------------------------------------------------------------

    def action_new_job(self) -> None:
        from judge_tui.ui.screens.new_batch import NewBatchDialog

        self.app.push_screen(NewBatchDialog(), lambda _: self.action_refresh_jobs())

    @work(exit_on_error=False, thread=True, group="batch-action")
    def engine_action(
        self,
        job_id: int,
        go: Callable[[BatchRunner, JobRecord], Awaitable[Any]],
        done: Callable[[Any], str],
    ) -> None:
        """Run one engine step for a job on this thread; say what came of it."""
        from judge_tui.ui.batch_work import with_runner

        # A failure is one sentence (the app's worker-error path); the job stays in the journal.
        result = with_runner(job_id, go, self.judge_app.token_for)
        self.post_message(Said(done(result)))
        # A look shows what the step changed and indexes any results it stored for search.
        self.app.call_from_thread(self.judge_app.batch_tracker.look_now)

    def action_collect_job(self) -> None:
        job = self._chosen()
        if job is None:
            return

        async def go(runner: BatchRunner, current: JobRecord) -> Any:
            return await runner.collect(await runner.advance(current))

        self.engine_action(job.id, go, lambda summary: f"Collected: {summary.sentence()}")

    def action_cancel_job(self) -> None:
        job = self._chosen()
        if job is None:
            return

        async def go(runner: BatchRunner, current: JobRecord) -> Any:
            return await runner.cancel(current)

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.engine_action(job.id, go, lambda _: f"Cancel asked for job {job.name}.")

        self.app.push_screen(
            ConfirmDialog(f"Cancel every chunk of job {job.name!r}?", "Cancel job"), confirmed
        )

    def action_export_job(self) -> None:
        job = self._chosen()
        if job is None:
            return
        from judge_tui.store.paths import home_paths

        default = str(home_paths().exports / f"batch-{job.id}.csv")

        def chosen(target: str | None) -> None:
            if target and target.strip():
                self.export(job.id, Path(target.strip()).expanduser())

        self.app.push_screen(
            PromptDialog("Export the results to (.csv, or .jsonl for everything):", default),
            chosen,
        )

    @work(exit_on_error=False, thread=True, group="batch-action")
    def export(self, job_id: int, path: Path) -> None:
        from judge_tui.batch.export import export_job
        from judge_tui.store.access import STORE_ERRORS, use_store
        from judge_tui.store.batch_jobs import get_job

        fmt = "jsonl" if path.suffix.lower() == ".jsonl" else "csv"
        try:
            use_store(lambda db: export_job(db, get_job(db, str(job_id)), fmt, path))
        except STORE_ERRORS as exc:
            self.post_message(Said(f"The export failed: {exc}", error=True))
            return
        self.post_message(Said(f"Exported as {fmt} to {path}."))

    def action_resubmit_job(self) -> None:
        job = self._chosen()
        if job is None:
            return

        async def go(runner: BatchRunner, current: JobRecord) -> Any:
            return await runner.resubmit(current)

        def done(again: JobRecord | None) -> str:
            if again is None:
                return "Nothing to resubmit: collect first, or every item succeeded."
            return f"Resubmitted {again.total_lines} items as job {again.id}."

        self.engine_action(job.id, go, done)

    def action_open_results(self) -> None:
        job = self._chosen()
        if job is not None:
            from judge_tui.ui.screens.batch_results import BatchResultsScreen

            self.app.push_screen(BatchResultsScreen(job.id, job.name))
