"""Build the chat request for single, pairwise and custom judgments (docs/service.md §3)."""

from __future__ import annotations

from judge_tui.api.models import (
    ChatMessage,
    ChatRequest,
    JudgeContentPart,
    JudgeJson,
    ResponseFormat,
)
from judge_tui.judging.inputs import JudgeInputs, JudgeParams, Mode, validate_inputs
from judge_tui.judging.template import infer_max_score, render_template

_OPTIONAL_FIELDS = ("ref_answer", "scene", "scene_desc", "metric", "score_desc", "steps")


def template_values(inputs: JudgeInputs) -> dict[str, str]:
    """The values a custom template's placeholders are filled from (variables win)."""
    values = {
        "question": inputs.question,
        "answer": inputs.answer,
        "answer1": inputs.answer1,
        "answer2": inputs.answer2,
        "ref_answer": inputs.ref_answer,
        "history_dialogue": inputs.history_dialogue,
        "scene": inputs.scene,
        "scene_desc": inputs.scene_desc,
        "metric": inputs.metric,
        "max_score": str(inputs.max_score) if inputs.max_score else "",
        "score_desc": inputs.score_desc,
        "steps": inputs.steps,
    }
    values.update(inputs.variables)
    return values


def build_messages(inputs: JudgeInputs) -> list[ChatMessage]:
    if inputs.mode is Mode.CUSTOM:
        values = template_values(inputs)
        messages: list[ChatMessage] = []
        if inputs.system.strip():
            messages.append(
                ChatMessage(role="system", content=render_template(inputs.system, values))
            )
        user = render_template(inputs.user_template, values)
        messages.append(ChatMessage(role="user", content=user))
        return messages
    payload = JudgeJson(question=inputs.question)
    if inputs.mode is Mode.SINGLE:
        payload.answer = inputs.answer
    else:
        payload.answer1 = inputs.answer1
        payload.answer2 = inputs.answer2
    for name in _OPTIONAL_FIELDS:
        value = getattr(inputs, name)
        if value.strip():
            setattr(payload, name, value)
    if inputs.max_score is not None:
        payload.max_score = inputs.max_score
    part = JudgeContentPart(
        mode="single" if inputs.mode is Mode.SINGLE else "pairwise", json_=payload
    )
    return [ChatMessage(role="user", content=[part])]


def build_chat_request(inputs: JudgeInputs, params: JudgeParams) -> ChatRequest:
    """The exact request for one judgment. Raises InputError / TemplateError on bad input."""
    validate_inputs(inputs, params)
    return ChatRequest(
        model=params.model,
        messages=build_messages(inputs),
        temperature=params.temperature,
        top_p=params.top_p,
        max_tokens=params.max_tokens,
        seed=params.seed,
        response_format=ResponseFormat(type="json_object") if params.json_verdict else None,
    )


def verdict_max_score(inputs: JudgeInputs, params: JudgeParams | None = None) -> int:
    """The scale the verdict is read against: stated, else the verdict format's own (MT-bench
    rates 1..10), else what a custom template says, else 5."""
    if inputs.max_score:
        return inputs.max_score
    if params is not None and params.verdict_format != "pai":
        from judge_tui.judging.verdict_formats import parse_verdict_format

        scale = parse_verdict_format(params.verdict_format).default_max_score
        if scale:
            return scale
    if inputs.mode is Mode.CUSTOM:
        inferred = infer_max_score(inputs.user_template, inputs.system)
        if inferred:
            return inferred
    return inputs.effective_max_score()
