"""The Templates screen: your custom templates, the built-ins to start from, a live preview.

The preview renders the template with what is in the Judge screen's form right now, exactly as
it would be sent, and flags unknown placeholders and placeholders with no value. Beside it, the
template's verdict format and a sample verdict the user pastes: what the reader takes from that
sample is shown as it is typed (docs/verdicts.md).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import Header, Input, Label, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from judge_tui.judging.builtin_templates import BUILTIN_TEMPLATES
from judge_tui.judging.inputs import JudgeInputs, Mode
from judge_tui.judging.requests import build_messages, template_values
from judge_tui.judging.template import TemplateError, check_template
from judge_tui.store.access import CHANGE_ERRORS, STORE_ERRORS, use_store
from judge_tui.store.db import Database
from judge_tui.store.templates import (
    TemplateRecord,
    create_template,
    delete_template,
    duplicate_template,
    free_name,
    list_templates,
    rename_template,
    save_template,
)
from judge_tui.textsafe import visible_controls
from judge_tui.ui.messages import Said
from judge_tui.ui.registry import bindings
from judge_tui.ui.screens.base import AppScreen
from judge_tui.ui.styles import stylesheet
from judge_tui.ui.textual_compat.key_footer import KeyFooter
from judge_tui.ui.textual_compat.template_editor import TemplateTextArea
from judge_tui.ui.widgets.data_text_area import DataTextArea
from judge_tui.ui.widgets.dialogs import ConfirmDialog, PromptDialog

if TYPE_CHECKING:
    pass

BUILTIN_NAMES = frozenset(t.name for t in BUILTIN_TEMPLATES)


class TemplateList(OptionList):
    BINDINGS: ClassVar[list[BindingType]] = bindings("TemplateList")  # ui/registry.py


class TemplatesScreen(AppScreen[None]):
    # What this screen's workers post; its handlers own the state they change.

    @dataclass
    class TemplatesLoaded(Message):
        templates: list[TemplateRecord]
        select: str | None

    CSS_PATH = stylesheet("templates")
    BINDINGS: ClassVar[list[BindingType]] = bindings("TemplatesScreen")  # ui/registry.py

    def __init__(self) -> None:
        super().__init__()
        # (name, system, user, verdict format) as listed
        self.templates: list[tuple[str, str, str, str]] = []
        self.current: str | None = None  # the template in the editors (None: a new one)

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="templates-body"):
            with Vertical(id="templates-side"):
                yield TemplateList(id="template-list", markup=False)
                yield Static(
                    "ctrl+n new · ctrl+s save · F2 rename · F3 duplicate · Delete removes",
                    id="templates-help",
                    markup=False,
                )
            with Vertical(id="templates-main"):
                yield Label("", id="template-name", markup=False)
                yield Label("System")
                yield TemplateTextArea(id="template-system")
                yield Label("User template")
                yield TemplateTextArea(id="template-user")
                with Horizontal(id="template-lower"):
                    with Vertical(id="template-preview-side"):
                        yield Label("Preview with the Judge form's inputs")
                        with VerticalScroll(id="template-preview-box"):
                            yield Static("", id="template-preview", markup=False)
                    # One line for the format and none for the sample's label (its placeholder
                    # says it): at 80x24 the reading below had one line left.
                    with Vertical(id="template-reading-side"):
                        with Horizontal(id="template-format-row"):
                            yield Label("Verdict format ")
                            yield Input("pai", id="template-format", placeholder="pai")
                        yield DataTextArea(
                            id="template-sample",
                            soft_wrap=True,
                            placeholder="Paste a verdict",
                        )
                        yield Static("", id="template-reading", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.load(None)

    def on_screen_resume(self) -> None:
        self.refresh_preview()  # the Judge form may have changed meanwhile

    # --- store --------------------------------------------------------------------------------

    @work(exit_on_error=False, thread=True, exclusive=True, group="templates")
    def load(self, select: str | None) -> None:
        try:
            templates = use_store(list_templates)
        except STORE_ERRORS as exc:
            self.post_message(Said(f"Your templates cannot be read: {exc}", error=True))
            templates = []
        self.post_message(self.TemplatesLoaded(templates, select))

    @work(exit_on_error=False, thread=True, group="template-change")
    def change(self, action: Callable[[Database], object], done: str, select: str | None) -> None:
        try:
            use_store(action)
        except CHANGE_ERRORS as exc:
            self.post_message(Said(str(exc), error=True))
            return
        self.post_message(Said(done))
        self.load(select)

    def on_templates_screen_templates_loaded(
        self, message: TemplatesScreen.TemplatesLoaded
    ) -> None:
        listed = [(t.name, t.system, t.user_template, t.verdict_format) for t in BUILTIN_TEMPLATES]
        listed += [(t.name, t.system, t.user_template, t.verdict_format) for t in message.templates]
        self.templates = listed
        options = [
            Option(
                Content.assemble(
                    (name, "italic") if name in BUILTIN_NAMES else visible_controls(name)
                ),
                id=None,
            )
            for name, _, _, _ in listed
        ]
        template_list = self.query_one(TemplateList)
        template_list.set_options(options)
        wanted = message.select or self.current or listed[0][0]
        index = next((i for i, t in enumerate(listed) if t[0] == wanted), 0)
        template_list.highlighted = index
        self._show(index)

    # --- the editors and the preview ---------------------------------------------------------

    @on(OptionList.OptionHighlighted, "#template-list")
    def highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._show(event.option_index)

    def _show(self, index: int) -> None:
        if not 0 <= index < len(self.templates):
            return
        name, system, user, verdict_format = self.templates[index]
        if name == self.current and self._editors_text() == (system, user):
            return
        self.current = name
        self.query_one("#template-system", TemplateTextArea).load_text(system)
        self.query_one("#template-user", TemplateTextArea).load_text(user)
        self.query_one("#template-format", Input).value = verdict_format
        self._describe()
        self.refresh_preview()
        self.refresh_reading()

    def _describe(self) -> None:
        if self.current is None:
            title = "New template (ctrl+s saves it)"
        elif self.current in BUILTIN_NAMES:
            title = f"{self.current}: built in; ctrl+s saves your own copy"
        else:
            title = f"{self.current} (ctrl+s saves changes)"
        self.query_one("#template-name", Label).update(Content(visible_controls(title)))

    def _editors_text(self) -> tuple[str, str]:
        return (
            self.query_one("#template-system", TemplateTextArea).text,
            self.query_one("#template-user", TemplateTextArea).text,
        )

    @on(TemplateTextArea.Changed)
    def edited(self) -> None:
        self.refresh_preview()

    @on(Input.Changed, "#template-format")
    @on(TextArea.Changed, "#template-sample")
    def reading_changed(self) -> None:
        self.refresh_reading()

    def _verdict_format(self) -> str:
        return self.query_one("#template-format", Input).value.strip() or "pai"

    def refresh_reading(self) -> None:
        """What the reader takes from the sample verdict, with this template's format, live."""
        from judge_tui.judging.modes import reading_mode
        from judge_tui.judging.verdict import read_verdict
        from judge_tui.judging.verdict_formats import VerdictFormatError, parse_verdict_format

        shown = self.query_one("#template-reading", Static)
        try:
            fmt = parse_verdict_format(self._verdict_format())
        except VerdictFormatError as exc:
            shown.update(Content.assemble(("✗ ", "bold $text-error"), visible_controls(str(exc))))
            return
        sample = self.query_one("#template-sample", TextArea).text
        if not sample.strip():
            shown.update(Content(f"Paste a verdict above to see what {fmt.spec} reads from it."))
            return
        _, user = self._editors_text()
        compares = "{answer1}" in user and "{answer2}" in user
        mode = reading_mode("custom", "1" if compares else "", "2" if compares else "")
        form = self.judge_app.form_snapshot
        max_score = (form.max_score if form else None) or fmt.default_max_score or 5
        verdict = read_verdict(sample, mode, max_score, fmt.spec)
        mark = ("✓ ", "bold $text-success") if verdict.parsed else ("✗ ", "bold $text-warning")
        parts: list[Content | str | tuple[str, str]] = [mark, visible_controls(verdict.headline())]
        for criterion in verdict.criteria:
            score = "N/A" if criterion.score is None else str(criterion.score)
            parts += ["\n  ", visible_controls(f"{criterion.name}: {score}")]
        for doubt in verdict.ambiguities:
            parts += ["\n  ? ", visible_controls(doubt)]
        shown.update(Content.assemble(*parts))

    def refresh_preview(self) -> None:
        system, user = self._editors_text()
        form = self.judge_app.form_snapshot or JudgeInputs()
        inputs = form.model_copy(
            update={"mode": Mode.CUSTOM, "system": system, "user_template": user}
        )
        values = template_values(inputs)
        extra = frozenset(inputs.variables)
        for editor in self.query(TemplateTextArea):
            editor.set_extra_names(extra)
        problems = [*check_template(system, values), *check_template(user, values)]
        parts: list[Content | str | tuple[str, str]] = []
        for problem in problems:
            parts += [("✗ ", "bold $text-error"), visible_controls(problem.message), "\n"]
        if not user.strip():
            parts += [("✗ ", "bold $text-error"), "The user template is empty; write one.", "\n"]
        if not problems and user.strip():
            try:
                for message in build_messages(inputs):
                    parts += [
                        (f"{message.role}:", "bold $accent"),
                        "\n",
                        visible_controls(str(message.content)),
                        "\n\n",
                    ]
            except TemplateError as exc:
                parts += [("✗ ", "bold $text-error"), visible_controls(str(exc))]
        self.query_one("#template-preview", Static).update(Content.assemble(*parts).rstrip())

    # --- actions ------------------------------------------------------------------------------

    def action_new_template(self) -> None:
        self.current = None
        self.query_one("#template-system", TemplateTextArea).load_text("")
        self.query_one("#template-user", TemplateTextArea).load_text("")
        self.query_one("#template-format", Input).value = "pai"
        self._describe()
        self.refresh_preview()
        self.query_one("#template-system").focus()

    def action_save_template(self) -> None:
        system, user = self._editors_text()
        verdict_format = self._verdict_format()
        if not user.strip():
            self.judge_app.report_error("The user template is empty; write one before saving.")
            return
        if self.current is not None and self.current not in BUILTIN_NAMES:
            name = self.current
            self.change(
                lambda db: save_template(db, name, system, user, verdict_format),
                f"Saved template {name!r}.",
                name,
            )
            return
        suggestion = "my template"
        if self.current in BUILTIN_NAMES:
            suggestion = self.current.replace("built-in: ", "my ")

        def named(name: str | None) -> None:
            if name and name.strip():
                clean = name.strip()
                if clean in BUILTIN_NAMES:
                    self.judge_app.report_error("That name is a built-in's; choose another.")
                    return
                self.change(
                    lambda db: create_template(db, clean, system, user, verdict_format),
                    f"Saved template {clean!r}.",
                    clean,
                )

        self.app.push_screen(PromptDialog("Name for the new template:", suggestion), named)

    def _own_template(self, verb: str) -> str | None:
        if self.current is None or self.current in BUILTIN_NAMES:
            self.notify(f"Built-in templates cannot be {verb}; save a copy first.", markup=False)
            return None
        return self.current

    def action_rename_template(self) -> None:
        old = self._own_template("renamed")
        if old is None:
            return

        def named(new: str | None) -> None:
            if new and new.strip() and new.strip() != old:
                clean = new.strip()
                self.change(
                    lambda db: rename_template(db, old, clean), f"Renamed to {clean!r}.", clean
                )

        self.app.push_screen(PromptDialog(f"New name for template {old!r}:", old), named)

    def action_duplicate_template(self) -> None:
        if self.current is None:
            return
        name = self.current
        if name in BUILTIN_NAMES:
            system, user = self._editors_text()
            verdict_format = self._verdict_format()
            base = name.replace("built-in: ", "my ")

            def copy_builtin(db: Database) -> None:
                create_template(db, free_name(db, base), system, user, verdict_format)

            self.change(copy_builtin, f"Copied {name!r}.", None)
            return
        self.change(lambda db: duplicate_template(db, name), f"Duplicated {name!r}.", None)

    def action_delete_template(self) -> None:
        name = self._own_template("deleted")
        if name is None:
            return

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.current = None
                self.change(
                    lambda db: delete_template(db, name), f"Deleted template {name!r}.", None
                )

        self.app.push_screen(
            ConfirmDialog(f"Delete template {name!r}? Evaluations made with it keep its text."),
            confirmed,
        )
