"""Run one judgment against the service and keep everything about it."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from judge_tui.api.client import JudgeClient
from judge_tui.api.errors import JudgeApiError, StreamError
from judge_tui.api.models import ChatRequest
from judge_tui.judging.inputs import JudgeInputs, JudgeParams
from judge_tui.judging.modes import reading_mode
from judge_tui.judging.requests import build_chat_request, verdict_max_score
from judge_tui.judging.status import JudgeStatus, service_failure, status_for
from judge_tui.judging.verdict import Verdict, read_verdict

__all__ = ["JudgeOutcome", "JudgeStatus", "judge", "status_for"]


@dataclass
class JudgeOutcome:
    inputs: JudgeInputs
    params: JudgeParams
    request_body: dict[str, Any]
    content: str = ""
    finish_reason: str | None = None
    usage: dict[str, Any] | None = None
    latency_ms: int = 0
    model: str = ""
    verdict: Verdict = field(default_factory=lambda: Verdict(parsed=False, reason="not judged"))
    status: JudgeStatus = JudgeStatus.ERROR
    error: JudgeApiError | None = None
    incomplete: bool = False  # a stream that broke: `content` is what arrived
    raw_response: dict[str, Any] | None = None
    request_id: str | None = None
    system_fingerprint: str | None = None

    def summary(self) -> dict[str, Any]:
        """The JSON object `judge-tui judge --format json` prints."""
        v = self.verdict
        out: dict[str, Any] = {
            "mode": self.inputs.mode.value,
            "model": self.model or self.params.model,
            "status": self.status.value,
            "content": self.content,
            "finish_reason": self.finish_reason,
            "usage": self.usage,
            "latency_ms": self.latency_ms,
            "verdict": v.summary(),
        }
        if self.incomplete:
            out["incomplete"] = True
        if self.error is not None:
            out["error"] = {
                "type": type(self.error).__name__,
                "message": self.error.user_message(),
                "status": self.error.status,
            }
        return out


async def judge(
    client: JudgeClient,
    inputs: JudgeInputs,
    params: JudgeParams,
    *,
    on_delta: Callable[[str], object] | None = None,
    request: ChatRequest | None = None,
) -> JudgeOutcome:
    """Judge once. Bad input raises (InputError, TemplateError) before anything is sent;
    service and network failures come back inside the outcome, never as exceptions."""
    request = request or build_chat_request(inputs, params)
    body = request.wire()
    if params.stream:
        body["stream"] = True
        body["stream_options"] = {"include_usage": True}
    outcome = JudgeOutcome(inputs=inputs, params=params, request_body=body)
    max_score = verdict_max_score(inputs, params)
    started = time.perf_counter()
    try:
        if params.stream:
            pieces: list[str] = []
            try:
                async for chunk in client.chat_stream(request):
                    outcome.model = chunk.model or outcome.model
                    outcome.system_fingerprint = (
                        chunk.system_fingerprint or outcome.system_fingerprint
                    )
                    if chunk.usage is not None:
                        outcome.usage = chunk.usage.model_dump()
                    for choice in chunk.choices:
                        if choice.delta.content:
                            pieces.append(choice.delta.content)
                            if on_delta is not None:
                                on_delta(choice.delta.content)
                        if choice.finish_reason:
                            outcome.finish_reason = choice.finish_reason
            finally:
                outcome.content = "".join(pieces)
        else:
            completion = await client.chat(request)
            outcome.raw_response = completion.model_dump(mode="json")
            outcome.content = completion.content
            outcome.finish_reason = completion.finish_reason
            outcome.model = completion.model or outcome.model  # a service may name none
            outcome.system_fingerprint = completion.system_fingerprint
            outcome.usage = completion.usage.model_dump() if completion.usage else None
    except JudgeApiError as exc:
        outcome.error = exc
        outcome.status = JudgeStatus.ERROR
        outcome.incomplete = isinstance(exc, StreamError) and bool(outcome.content)
        outcome.request_id = exc.request_id
        outcome.latency_ms = int((time.perf_counter() - started) * 1000)
        outcome.verdict = Verdict(
            parsed=False, max_score=max_score, reason=service_failure(exc.user_message())
        )
        if outcome.incomplete:
            # A partial verdict may name a score, but the judge never finished: don't show it.
            outcome.verdict = Verdict(
                parsed=False,
                max_score=max_score,
                reason="the stream broke before the verdict was complete",
                markers=outcome.verdict.markers,
            )
        return outcome
    outcome.latency_ms = int((time.perf_counter() - started) * 1000)
    mode = reading_mode(inputs.mode, inputs.answer1, inputs.answer2)
    outcome.verdict = read_verdict(outcome.content, mode, max_score, params.verdict_format)
    outcome.status = status_for(outcome.verdict.parsed, outcome.finish_reason)
    return outcome
