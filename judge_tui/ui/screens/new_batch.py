"""A new batch job: a dataset file or the current session, checked before it is submitted.

"Check" shows the validation report and how many files and lines the job becomes; "Submit" is
possible only after a clean check of the same choices.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, NamedTuple

from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import Button, Checkbox, Input, Label, Static

from judge_tui.store.job_statuses import JobStatus
from judge_tui.textsafe import visible_controls
from judge_tui.ui.registry import bindings
from judge_tui.ui.screens.base import AppModal
from judge_tui.ui.styles import stylesheet
from judge_tui.ui.widgets.check import Check

if TYPE_CHECKING:
    pass


class Choices(NamedTuple):
    """What the form asks for; a check holds for these choices only (compared whole)."""

    path: str
    use_session: bool
    name: str
    model: str
    template: str
    swap: bool
    repeat: str


class NewBatchDialog(AppModal[int | None]):
    # What this screen's workers post; its handlers own the state they change.

    @dataclass
    class Checked(Message):
        report: str
        ok: bool
        key: tuple[Any, ...]

    @dataclass
    class Submitted(Message):
        sentence: str
        job_id: int | None

    CSS_PATH = stylesheet("dialogs")
    BINDINGS: ClassVar[list[BindingType]] = bindings("NewBatchDialog")  # ui/registry.py

    def __init__(self) -> None:
        super().__init__()
        self.checked_key: tuple[Any, ...] | None = None

    def compose(self) -> ComposeResult:
        connection = self.judge_app.connection
        session = connection.session if connection else None
        # The fields scroll; the buttons stay in sight below them whatever the report's
        # length, at 80x24 too.
        with Vertical(classes="dialog dialog-wide", id="new-batch"):
            with VerticalScroll(id="new-batch-fields"):
                yield Label(Content("New batch job"), classes="dialog-text")
                yield Label("Dataset file (CSV or JSONL)")
                yield Input(placeholder="~/data/questions.jsonl", id="batch-file")
                yield Check(
                    Content(visible_controls(f"Use the evaluations of session {session or '-'}")),
                    id="batch-session",
                    disabled=session is None,
                )
                yield Label("Name")
                yield Input(placeholder="the file's name", id="batch-name")
                yield Label("Model")
                yield Input(connection.model if connection else "pai-judge", id="batch-model")
                yield Label("Custom template (optional: a saved template's name)")
                yield Input(id="batch-template")
                yield Check(
                    Content("Judge pairwise items in both orders too (swap)"), id="batch-swap"
                )
                yield Label("Judgments per item, each with another seed (repeat)")
                yield Input("1", id="batch-repeat", type="integer")
                yield Static("", id="batch-report", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Check", variant="primary", id="check")
                yield Button("Submit", variant="success", id="submit", disabled=True)
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#batch-file", Input).focus()

    def _choices(self) -> Choices:
        def value(widget_id: str) -> str:
            return self.query_one(f"#{widget_id}", Input).value.strip()

        return Choices(
            value("batch-file"),
            self.query_one("#batch-session", Checkbox).value,
            value("batch-name"),
            value("batch-model"),
            value("batch-template"),
            self.query_one("#batch-swap", Checkbox).value,
            value("batch-repeat"),
        )

    @staticmethod
    def _plan(choices: Choices) -> Any:
        from judge_tui.judging.plans import Plan, PlanError

        repeat = choices.repeat or "1"
        if not repeat.isdigit():
            raise PlanError("Repeat is a whole number, 1 for one judgment per item.")
        return Plan(swap=choices.swap, repeats=int(repeat))

    @on(Input.Changed)
    @on(Checkbox.Changed)
    def changed(self) -> None:
        self.query_one("#submit", Button).disabled = self._choices() != self.checked_key

    @on(Button.Pressed, "#cancel")
    def cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#check")
    def check(self) -> None:
        self.query_one("#batch-report", Static).update("Checking…")
        self.run_check(self._choices())

    @on(Button.Pressed, "#submit")
    def submit(self) -> None:
        self.query_one("#submit", Button).disabled = True
        self.query_one("#batch-report", Static).update("Submitting…")
        self.run_submit(self._choices())

    def _dataset(self, choices: Choices) -> Any:
        """The dataset with the plan's games as its lines."""
        from judge_tui.batch.dataset import apply_plan

        dataset = self._items(choices)
        if dataset.ok:
            apply_plan(dataset, self._plan(choices))
        return dataset

    def _items(self, choices: Choices) -> Any:
        from judge_tui.batch.dataset import Template, from_evaluations, load_dataset
        from judge_tui.judging.inputs import JudgeParams
        from judge_tui.store.access import use_store
        from judge_tui.store.sessions import session_evaluations
        from judge_tui.store.templates import find_template

        path, use_session, model, template_name = (
            choices.path,
            choices.use_session,
            choices.model,
            choices.template,
        )
        connection = self.judge_app.connection
        if use_session:
            session = connection.session if connection else None
            records = use_store(lambda db: session_evaluations(db, session or "", limit=100_000))
            return from_evaluations(records, f"session {session}")
        if not path:
            raise ValueError("Give a dataset file, or use the session's evaluations.")
        template = None
        if template_name:
            saved = use_store(lambda db: find_template(db, template_name))
            template = Template(
                saved.name, saved.system, saved.user_template, saved.version, saved.verdict_format
            )
        params = JudgeParams(
            model=model or "pai-judge",
            verdict_format=template.verdict_format if template else "pai",
        )
        return load_dataset(Path(path).expanduser(), params=params, template=template)

    @work(exit_on_error=False, thread=True, exclusive=True, group="new-batch")
    def run_check(self, choices: Choices) -> None:
        from judge_tui.api.dialects import Dialect
        from judge_tui.batch.submit import preview_job

        try:
            dataset = self._dataset(choices)
        except Exception as exc:
            self.post_message(self.Checked(str(exc), False, choices))
            return
        if not dataset.ok:
            self.post_message(self.Checked(dataset.report(), False, choices))
            return
        connection = self.judge_app.connection
        dialect = connection.dialect if connection else Dialect.PAI
        override = connection.max_input_tokens if connection else None
        preview = preview_job(dataset, dialect, override)  # what `batch submit --plan` says
        if preview.problems:
            self.post_message(self.Checked("; ".join(preview.problems), False, choices))
            return
        said = "\n".join(line.removeprefix("plan: ") for line in preview.lines())
        if preview.plan.too_long:
            report = f"{said}\nShorten those items, or choose a model that takes more."
            self.post_message(self.Checked(report, False, choices))
            return
        report = f"All valid, in the {dialect.value} dialect:\n{said}\nSubmit sends them."
        self.post_message(self.Checked(report, True, choices))

    def on_new_batch_dialog_checked(self, message: NewBatchDialog.Checked) -> None:
        self.query_one("#batch-report", Static).update(message.report)
        self.checked_key = message.key if message.ok else None
        self.query_one("#submit", Button).disabled = self._choices() != self.checked_key

    @work(exit_on_error=False, thread=True, exclusive=True, group="new-batch")
    def run_submit(self, choices: Choices) -> None:
        from judge_tui.batch.submit import file_fingerprint, plan_job
        from judge_tui.store.db import Database
        from judge_tui.store.paths import home_paths
        from judge_tui.ui.batch_work import with_runner

        connection = self.judge_app.connection
        if connection is None:
            self.post_message(self.Submitted("There is no profile to submit to.", None))
            return
        path, use_session, name = choices.path, choices.use_session, choices.name
        try:
            dataset = self._dataset(choices)
            paths = home_paths()
            db = Database.open(paths)
            try:
                from_file = bool(path) and not use_session
                job_name = name or (Path(path).stem if from_file else "session")
                fingerprint = (
                    file_fingerprint(Path(path).expanduser(), self._plan(choices))
                    if from_file
                    else None
                )
                planned = plan_job(
                    db, paths, dataset, name=job_name, session=f"batch {job_name}",
                    profile=connection.profile, base_url=connection.base_url,
                    dialect=connection.dialect, fingerprint=fingerprint,
                )  # fmt: skip
                job = planned.job
            finally:
                db.close()

            async def go(runner, current):  # type: ignore[no-untyped-def]
                return await runner.submit(current)

            submitted = with_runner(job.id, go, self.judge_app.token_for)
        except Exception as exc:
            from judge_tui.problems import sentence_for

            self.post_message(self.Submitted(f"Not submitted: {sentence_for(exc)}", None))
            return
        if not planned.resumed:
            said = f"Job {submitted.id} submitted: {submitted.total_lines} items."
        elif submitted.status == JobStatus.DONE:
            said = (
                f"Job {submitted.id} is done and sent these very requests to this service: "
                "nothing was sent again. Enter on it in the list shows its results."
            )
        else:
            said = (
                f"Job {submitted.id} from the same name or file was not finished: resumed, not "
                "started again."
            )
        self.post_message(self.Submitted(said, submitted.id))

    def on_new_batch_dialog_submitted(self, message: NewBatchDialog.Submitted) -> None:
        if message.job_id is None:
            self.query_one("#batch-report", Static).update(message.sentence)
            return
        self.notify(message.sentence, markup=False)
        self.dismiss(message.job_id)
