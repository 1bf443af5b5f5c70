"""The compose form: mode, question, answers, the optional fields and the parameters.

It turns what is typed into `JudgeInputs` / `JudgeParams` (naming the first bad field) and
back, so the screen can judge, re-run and load a saved evaluation without knowing the fields.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import (
    Checkbox,
    Collapsible,
    Input,
    Label,
    Select,
    Static,
    TextArea,
)

from judge_tui.judging.modes import InputError, Mode
from judge_tui.textsafe import visible_controls
from judge_tui.ui.textual_compat.deferred import Deferred
from judge_tui.ui.widgets.check import Check
from judge_tui.ui.widgets.data_text_area import DataTextArea
from judge_tui.ui.widgets.mode_switch import ModeSwitch

if TYPE_CHECKING:  # pydantic models: imported when first used, off the first frame's path
    from judge_tui.judging.inputs import JudgeInputs, JudgeParams
    from judge_tui.judging.plans import Plan

TEXT_FIELDS = ("question", "answer", "answer1", "answer2", "ref_answer")
ADVANCED_TEXT = ("scene_desc", "score_desc", "steps")
ADVANCED_LINES = ("scene", "metric")
_MODE_ORDER = (Mode.SINGLE, Mode.PAIRWISE, Mode.CUSTOM)  # as the mode switch names them


@dataclass(frozen=True)
class ChosenTemplate:
    name: str
    system: str
    user_template: str
    version: str
    verdict_format: str = "pai"


def parse_variables(text: str) -> dict[str, str]:
    """`name=value` lines; blank lines are skipped. Raises InputError naming a bad line."""
    from judge_tui.judging.inputs import split_assignment

    variables: dict[str, str] = {}
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            name, value = split_assignment(line)
        except ValueError:
            raise InputError(
                f"Variables line {number} is not name=value; write it like tone=formal."
            ) from None
        variables[name] = value.strip()
    return variables


def _number(text: str, what: str, kind: type[int] | type[float]) -> Any:
    text = text.strip()
    if not text:
        return None
    try:
        return kind(text)
    except ValueError:
        whole = "a whole number" if kind is int else "a number"
        raise InputError(f"The {what} {text!r} is not {whole}; fix it or leave it empty.") from None


class ComposeForm(VerticalScroll):
    # The mode: setting it shows that mode's fields (watch_mode), every time (a mode chosen
    # again refocuses and rechecks, as loading an evaluation needs). Not run at start: the class
    # for single mode is given in __init__, since setting it on mount restyled the whole form.
    mode: reactive[Mode] = reactive(Mode.SINGLE, init=False, always_update=True)

    @dataclass
    class ModeChosen(Message):
        """The form now asks for another mode (the plan's figures change with it)."""

        mode: Mode

    def __init__(self, model: str, params: dict[str, Any], *, id: str | None = None) -> None:
        # The mode's class from the start: setting it on mount restyled the whole form again.
        super().__init__(id=id, classes=f"-{Mode.SINGLE.value}")
        self.default_model = model
        self.default_params = params
        self.templates: dict[str, ChosenTemplate] = {}

    def compose(self) -> ComposeResult:
        yield ModeSwitch(id="mode")
        # Deferred: built and mounted after the first frame, which does not show them: hidden
        # in single mode, folded, or below the fold at 80x24 (docs/architecture.md §7).
        yield Deferred(self._custom_fields)
        yield Label("Question")
        yield DataTextArea(id="question", placeholder="The question the answer responds to")
        with Vertical(id="single-fields"):
            yield Label("Answer")
            yield DataTextArea(id="answer", placeholder="The answer to judge")
        yield Deferred(self._pairwise_fields)
        yield Label("Reference answer (optional)")
        yield DataTextArea(id="ref_answer")
        yield Deferred(self._variables_fields)
        yield Deferred(self._advanced_fields)
        yield Deferred(self._parameters)

    @staticmethod
    def _custom_fields() -> Widget:
        return Vertical(
            Label("Template"),
            Select[str]([], id="template", prompt="Choose a template", compact=True),
            Static("", id="template-check", markup=False),
            id="custom-fields",
        )

    @staticmethod
    def _pairwise_fields() -> Widget:
        return Horizontal(
            Vertical(Label("Answer 1"), DataTextArea(id="answer1")),
            Vertical(Label("Answer 2"), DataTextArea(id="answer2")),
            id="pairwise-fields",
        )

    @staticmethod
    def _variables_fields() -> Widget:
        return Vertical(
            Label("Earlier turns of the dialogue ({history_dialogue})"),
            DataTextArea(id="history_dialogue"),
            Label("Variables: name=value, one per line"),
            DataTextArea(id="variables"),
            id="variables-fields",
        )

    @staticmethod
    def _advanced_fields() -> Widget:
        return Collapsible(
            Label("Scene"),
            Input(id="scene"),
            Label("Scene description"),
            DataTextArea(id="scene_desc"),
            Label("Metric"),
            Input(id="metric"),
            Label("Max score (2-100, default 5)"),
            Input(id="max_score", type="integer"),
            Label("Score description"),
            DataTextArea(id="score_desc"),
            Label("Steps"),
            DataTextArea(id="steps"),
            title="Advanced: scene, metric, max score, steps",
            id="advanced",
        )

    def _parameters(self) -> Widget:
        temperature = self.default_params.get("temperature")
        max_tokens = self.default_params.get("max_tokens")
        json_verdict = bool(self.default_params.get("json_verdict", False))
        stream = bool(self.default_params.get("stream", True))
        return Vertical(
            Label("Model"),
            Input(self.default_model, id="model"),
            Horizontal(
                Input(
                    "" if temperature is None else str(temperature),
                    placeholder="temperature",
                    id="temperature",
                ),
                Input(
                    "" if max_tokens is None else str(max_tokens),
                    placeholder="max tokens",
                    id="max_tokens",
                    type="integer",
                ),
                id="params",
            ),
            Horizontal(
                Check("JSON verdict", json_verdict, id="json_verdict"),
                Check("Stream", stream, id="stream"),
                id="switches",
            ),
            # The plan (judging/plans.py): the item judged again with its answers exchanged,
            # by several judges, several times. Rows of their own, so they fit at 80 columns.
            Label("Plan: both orders, judges, repeats"),
            Horizontal(Check("Both orders (pairwise)", False, id="swap"), id="plan-switches"),
            Horizontal(
                Input(placeholder="judges: model,model (empty: the model above)", id="judges"),
                Input(placeholder="repeats", id="repeats", type="integer"),
                id="plan-params",
            ),
            Static("", id="plan-line", markup=False),
            id="parameters",
        )

    # --- mode -------------------------------------------------------------------------------

    def watch_mode(self, mode: Mode) -> None:
        """The mode's fields show through CSS classes (judge_tui.tcss), so the hidden groups can
        be mounted after the first frame and still come up right."""
        for each in Mode:
            self.set_class(each is mode, f"-{each.value}")
        self.query_one(ModeSwitch).chosen = _MODE_ORDER.index(mode)
        # Hiding the field that had focus would leave it nowhere and lose keystrokes.
        shown = {
            Mode.SINGLE: {"single-fields"},
            Mode.PAIRWISE: {"pairwise-fields"},
            Mode.CUSTOM: {"custom-fields", "variables-fields", "single-fields", "pairwise-fields"},
        }[mode]
        focused = self.screen.focused
        groups = {"single-fields", "pairwise-fields", "custom-fields", "variables-fields"}
        if focused is not None and any(a.id in groups - shown for a in focused.ancestors_with_self):
            first = {Mode.SINGLE: "#answer", Mode.PAIRWISE: "#answer1", Mode.CUSTOM: "#template"}
            for widget in self.query(first[mode]):
                widget.focus()
        self.refresh_template_check()
        self.post_message(self.ModeChosen(mode))

    def on_mode_switch_changed(self, event: ModeSwitch.Changed) -> None:
        event.stop()
        self.mode = _MODE_ORDER[event.index]

    # --- templates --------------------------------------------------------------------------

    def set_templates(self, templates: list[ChosenTemplate]) -> None:
        select = next(self.query("#template").results(Select), None)
        if select is None:  # the custom fields are deferred: try once they are mounted
            self.call_after_refresh(self.set_templates, templates)
            return
        self.templates = {t.name: t for t in templates}
        current = select.value
        select.set_options((Content(visible_controls(t.name)), t.name) for t in templates)
        if isinstance(current, str) and current in self.templates:
            select.value = current
        self.refresh_template_check()

    def chosen_template(self) -> ChosenTemplate | None:
        select = next(self.query("#template").results(Select), None)
        if select is None:
            return None
        value = select.value
        return self.templates.get(value) if isinstance(value, str) else None

    def choose_template(self, name: str | None) -> None:
        if name and name in self.templates:
            self.query_one("#template", Select).value = name

    def on_select_changed(self, event: Select.Changed) -> None:
        self.refresh_template_check()

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        if self.mode is Mode.CUSTOM:
            self.refresh_template_check()

    def refresh_template_check(self) -> None:
        """In custom mode, say which placeholders the template uses and flag any that is
        unknown or has no value, before anything is sent."""
        checks = self.query("#template-check").results(Static)
        check = next(checks, None)
        if check is None:
            return  # not mounted yet (deferred); it is refreshed when custom mode is chosen
        template = self.chosen_template()
        if self.mode is not Mode.CUSTOM or template is None:
            check.update("")
            return
        try:
            variables = parse_variables(self.query_one("#variables", TextArea).text)
        except InputError as exc:
            check.update(Content.assemble(("✗ ", "bold $text-error"), visible_controls(str(exc))))
            return
        # Here, not at the top: custom mode only, and its patterns take a while to compile.
        from judge_tui.judging.requests import template_values
        from judge_tui.judging.template import check_template, find_placeholders

        values = template_values(self._text_inputs(Mode.CUSTOM, variables))
        problems = [
            *check_template(template.system, values),
            *check_template(template.user_template, values),
        ]
        names = sorted(
            {
                p.name
                for t in (template.system, template.user_template)
                for p in find_placeholders(t)
            }
        )
        # Custom mode shows the answer fields the template fills, and only those.
        self.set_class("answer" in names, "-uses-answer")
        self.set_class(bool({"answer1", "answer2"} & set(names)), "-uses-pair")
        uses = "Uses " + ", ".join(f"{{{n}}}" for n in names) if names else "No placeholders"
        uses = visible_controls(uses)
        if problems:
            check.update(
                Content.assemble(
                    uses, "\n", ("✗ ", "bold $text-error"), visible_controls(problems[0].message)
                )
            )
        else:
            check.update(Content.assemble(uses, "  ", ("✓ ready", "$text-success")))

    # --- reading and writing the fields -------------------------------------------------------

    # Deferred groups are not there for the first moments: an unmounted field is empty.
    def _text(self, widget_id: str) -> str:
        found = next(self.query(f"#{widget_id}").results(TextArea), None)
        return found.text if found is not None else ""

    def _checked(self, widget_id: str, default: bool) -> bool:
        found = next(self.query(f"#{widget_id}").results(Checkbox), None)
        return found.value if found is not None else default

    def _line(self, widget_id: str) -> str:
        found = next(self.query(f"#{widget_id}").results(Input), None)
        return found.value if found is not None else ""

    def _text_inputs(self, mode: Mode, variables: dict[str, str]) -> JudgeInputs:
        from judge_tui.judging.inputs import inputs_from_fields

        fields: dict[str, Any] = {name: self._text(name) for name in TEXT_FIELDS}
        if mode is Mode.PAIRWISE:
            fields["answer"] = ""
        if mode is Mode.SINGLE:
            fields["answer1"] = fields["answer2"] = ""
        for name in ADVANCED_TEXT:
            fields[name] = self._text(name)
        for name in ADVANCED_LINES:
            fields[name] = self._line(name)
        try:
            fields["max_score"] = _number(self._line("max_score"), "max score", int)
        except InputError:
            fields["max_score"] = None
        fields["variables"] = variables
        if mode is Mode.CUSTOM:  # the documents' earlier turns, for {history_dialogue}
            fields["history_dialogue"] = self._text("history_dialogue")
        return inputs_from_fields(fields, mode=mode)

    def snapshot(self) -> JudgeInputs:
        """What the fields hold now, unchecked: for the Templates screen's preview."""
        try:
            variables = parse_variables(self._text("variables"))
        except InputError:
            variables = {}
        return self._text_inputs(Mode.CUSTOM, variables)

    def read(self) -> tuple[JudgeInputs, JudgeParams, ChosenTemplate | None]:
        """What the form asks for. Raises InputError naming the first field that is wrong."""
        from judge_tui.judging.inputs import JudgeParams

        mode = self.mode
        template = self.chosen_template() if mode is Mode.CUSTOM else None
        if mode is Mode.CUSTOM and template is None:
            raise InputError("Custom template mode needs a template; choose one (F9 makes one).")
        variables = parse_variables(self._text("variables")) if mode is Mode.CUSTOM else {}
        inputs = self._text_inputs(mode, variables)
        max_score = _number(self._line("max_score"), "max score", int)
        update: dict[str, Any] = {"max_score": max_score}
        if template is not None:
            update |= {"system": template.system, "user_template": template.user_template}
        inputs = inputs.model_copy(update=update)
        params = JudgeParams(
            model=self._line("model").strip(),
            temperature=_number(self._line("temperature"), "temperature", float),
            max_tokens=_number(self._line("max_tokens"), "max tokens", int),
            json_verdict=self._checked("json_verdict", False),
            stream=self._checked("stream", True),
            verdict_format=template.verdict_format if template is not None else "pai",
        )
        return inputs, params, template

    def plan(self) -> Plan:
        """The plan the form asks for: both orders (pairwise only), the judges, the repeats.
        Raises PlanError (or InputError for the repeats) naming what is wrong."""
        from judge_tui.judging.plans import Plan

        judges = tuple(j.strip() for j in self._line("judges").split(",") if j.strip())
        repeats = _number(self._line("repeats"), "number of repeats", int)
        swap = self.mode is Mode.PAIRWISE and self._checked("swap", False)
        return Plan(swap=swap, judges=judges, repeats=1 if repeats is None else repeats)

    def show_plan(self, line: str) -> None:
        for shown in self.query("#plan-line").results(Static):
            shown.update(visible_controls(line))

    def load(self, inputs: JudgeInputs, params: JudgeParams, template: str | None) -> None:
        """Fill the form from a saved evaluation, to edit and judge again."""
        self.mode = inputs.mode
        for name in (*TEXT_FIELDS, *ADVANCED_TEXT):
            self.query_one(f"#{name}", TextArea).load_text(getattr(inputs, name))
        for name in ADVANCED_LINES:
            self.query_one(f"#{name}", Input).value = getattr(inputs, name)
        self.query_one("#max_score", Input).value = str(inputs.max_score or "")
        variables = "\n".join(f"{k}={v}" for k, v in inputs.variables.items())
        self.query_one("#variables", TextArea).load_text(variables)
        self.query_one("#history_dialogue", TextArea).load_text(inputs.history_dialogue)
        if inputs.mode is Mode.CUSTOM:
            self.choose_template(template)
        self.query_one("#model", Input).value = params.model
        self.query_one("#temperature", Input).value = (
            "" if params.temperature is None else str(params.temperature)
        )
        self.query_one("#max_tokens", Input).value = (
            "" if params.max_tokens is None else str(params.max_tokens)
        )
        self.query_one("#json_verdict", Checkbox).value = params.json_verdict
        self.query_one("#stream", Checkbox).value = params.stream
        if any(getattr(inputs, n) for n in (*ADVANCED_TEXT, *ADVANCED_LINES)) or inputs.max_score:
            self.query_one("#advanced", Collapsible).collapsed = False
        self.refresh_template_check()
