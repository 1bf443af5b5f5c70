"""What a user asks the judge: the inputs of one judgment and its parameters."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from judge_tui.judging.modes import InputError, Mode

__all__ = ["InputError", "JudgeInputs", "JudgeParams", "Mode"]

DEFAULT_MODEL = "pai-judge"
DEFAULT_MAX_SCORE = 5


class JudgeInputs(BaseModel):
    model_config = ConfigDict(extra="forbid")

    mode: Mode = Mode.SINGLE
    question: str = ""
    answer: str = ""
    answer1: str = ""
    answer2: str = ""
    ref_answer: str = ""
    scene: str = ""
    scene_desc: str = ""
    metric: str = ""
    max_score: int | None = None
    score_desc: str = ""
    steps: str = ""
    # Custom template mode.
    system: str = ""
    user_template: str = ""
    history_dialogue: str = ""
    variables: dict[str, str] = Field(default_factory=dict)

    def effective_max_score(self) -> int:
        return self.max_score or DEFAULT_MAX_SCORE


class JudgeParams(BaseModel):
    model_config = ConfigDict(extra="forbid")

    model: str = DEFAULT_MODEL
    temperature: float | None = None
    top_p: float | None = None
    max_tokens: int | None = None
    seed: int | None = None
    json_verdict: bool = False
    stream: bool = False
    # How the verdict is read (docs/verdicts.md): kept with the judgment, so a re-read uses it.
    verdict_format: str = "pai"


# The text fields of a judgment, as every source names them (flags, dataset columns, the form).
TEXT_FIELDS = (
    "question", "answer", "answer1", "answer2", "ref_answer", "scene", "scene_desc", "metric",
    "score_desc", "steps", "system", "user_template", "history_dialogue",
)  # fmt: skip


def field_text(value: Any) -> str:
    """A field's value as text: None is empty; a number or a list read from JSON is its JSON."""
    if value is None:
        return ""
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def inputs_from_fields(fields: Mapping[str, Any], *, mode: Mode | None = None) -> JudgeInputs:
    """The one converter from named fields (the shell's flags, a dataset's row, a JSONL line, the
    form) to a judgment's inputs. The mode is inferred when not given; `max_score` may be an
    integer or its text; `variables` a mapping. Raises InputError with the fix."""
    texts = {name: field_text(fields.get(name)) for name in TEXT_FIELDS}
    raw = fields.get("max_score")
    max_score: int | None
    if raw is None or raw == "":
        max_score = None
    elif isinstance(raw, bool) or not isinstance(raw, int | str):
        raise InputError(f"max_score {raw!r} is not a whole number; give one like 5.")
    else:
        try:
            max_score = int(raw)
        except ValueError:
            raise InputError(f"max_score {raw!r} is not a whole number; give one like 5.") from None
    variables = {str(k): field_text(v) for k, v in (fields.get("variables") or {}).items()}
    chosen = mode or infer_mode(
        answer1=texts["answer1"], answer2=texts["answer2"],
        user_template=texts["user_template"], system=texts["system"],
    )  # fmt: skip
    return JudgeInputs(mode=chosen, max_score=max_score, variables=variables, **texts)


def split_assignment(text: str) -> tuple[str, str]:
    """`name=value` as (name, value); ValueError when the name is not an identifier."""
    name, sep, value = text.partition("=")
    if not sep or not name.strip().isidentifier():
        raise ValueError(text)
    return name.strip(), value


def infer_mode(*, answer1: str, answer2: str, user_template: str, system: str) -> Mode:
    if user_template or system:
        return Mode.CUSTOM
    if answer1 or answer2:
        return Mode.PAIRWISE
    return Mode.SINGLE


def validate_inputs(inputs: JudgeInputs, params: JudgeParams) -> None:
    """Raise InputError naming the first missing or wrong field, before anything is sent."""
    if inputs.mode is not Mode.CUSTOM and not inputs.question.strip():
        raise InputError("The question is empty; write the question the answer responds to.")
    if inputs.mode is Mode.SINGLE and not inputs.answer.strip():
        raise InputError("The answer is empty; give the answer to judge.")
    if inputs.mode is Mode.PAIRWISE:
        missing = [n for n in ("answer1", "answer2") if not getattr(inputs, n).strip()]
        if missing:
            names = " and ".join(f"answer {n[-1]}" for n in missing)
            raise InputError(f"Pairwise mode needs two answers; {names} is empty.")
    if inputs.mode is Mode.CUSTOM and not inputs.user_template.strip():
        raise InputError("Custom template mode needs a user template; write one.")
    if inputs.max_score is not None and not 2 <= inputs.max_score <= 100:
        raise InputError(
            f"The max score {inputs.max_score} is out of range; use a whole number from 2 to 100."
        )
    from judge_tui.judging.verdict_formats import VerdictFormatError, parse_verdict_format

    try:
        parse_verdict_format(params.verdict_format)
    except VerdictFormatError as exc:
        raise InputError(str(exc)) from None
    if not params.model.strip():
        raise InputError("The model name is empty; give one, for example pai-judge.")
    if params.temperature is not None and not 0 <= params.temperature < 2:
        raise InputError(f"The temperature {params.temperature} is out of range; use 0 to 2.")
    if params.max_tokens is not None and params.max_tokens < 1:
        raise InputError("max tokens must be at least 1.")
    if params.seed is not None and not 0 <= params.seed < 2**64:
        raise InputError("The seed must be a whole number from 0 to 2^64 - 1.")
