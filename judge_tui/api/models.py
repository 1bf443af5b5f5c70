"""pydantic models of what crosses the wire.

What the service sends is read with `extra="allow"` (services add fields and we keep them);
what we send is strict. A field of an answer that only informs (its id, its time, the model it
names, the tokens it counts) is left unsaid when the service writes it wrongly (`"total_tokens":
null`, a model given as a number): it is never the reason a verdict that came is lost, nor made
up (a token count that is not a whole number of zero or more is not counted).
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import (
    AliasChoices,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    ValidatorFunctionWrapHandler,
    field_validator,
)

from judge_tui.api.dialects import BatchStatus, normalise_status
from judge_tui.api.usage import TOKEN_FIELDS, token_count


class _Received(BaseModel):
    model_config = ConfigDict(extra="allow", populate_by_name=True)


class _Sent(BaseModel):
    model_config = ConfigDict(extra="forbid")


# --- chat -----------------------------------------------------------------------------------


class JudgeJson(_Sent):
    """The `json` payload of a single or pairwise judge message."""

    model_config = ConfigDict(extra="forbid")

    question: str
    answer: str | None = None
    answer1: str | None = None
    answer2: str | None = None
    ref_answer: str | None = None
    scene: str | None = None
    scene_desc: str | None = None
    metric: str | None = None
    max_score: int | None = None
    score_desc: str | None = None
    steps: str | None = None


class JudgeContentPart(_Sent):
    mode: Literal["single", "pairwise"]
    type: Literal["json"] = "json"
    json_: JudgeJson = Field(alias="json")

    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class ChatMessage(_Sent):
    role: Literal["system", "user", "assistant"]
    content: str | list[JudgeContentPart]


class StreamOptions(_Sent):
    include_usage: bool = True


class ResponseFormat(_Sent):
    type: Literal["text", "json_object"] = "text"


class ChatRequest(_Sent):
    model: str
    messages: list[ChatMessage]
    temperature: float | None = None
    top_p: float | None = None
    max_tokens: int | None = None
    seed: int | None = None
    stream: bool | None = None
    stream_options: StreamOptions | None = None
    response_format: ResponseFormat | None = None
    stop: str | list[str] | None = None
    n: int | None = None

    def wire(self) -> dict[str, Any]:
        """The JSON body exactly as sent: unset fields left out, `json_` under its wire name."""
        return self.model_dump(mode="json", by_alias=True, exclude_none=True)


def _default_when_wrong(
    cls: type[BaseModel], value: Any, handler: ValidatorFunctionWrapHandler, info: ValidationInfo
) -> Any:
    """An informational field as given, else its default."""
    try:
        return handler(value)
    except ValidationError:
        assert info.field_name is not None
        return cls.model_fields[info.field_name].get_default(call_default_factory=True)


class Usage(_Received):
    # None: the service did not say, or said it wrongly (api/usage.py); never a 0 it did not give.
    prompt_tokens: int | None = None
    completion_tokens: int | None = None
    total_tokens: int | None = None

    _counts = field_validator(*TOKEN_FIELDS, mode="plain")(token_count)


class AssistantMessage(_Received):
    role: str = "assistant"
    content: str | None = None
    reasoning_content: str | None = None


class Choice(_Received):
    index: int = 0
    message: AssistantMessage = Field(default_factory=AssistantMessage)
    finish_reason: str | None = None


_INFORMATIONAL = ("id", "object", "created", "model", "usage", "system_fingerprint")


class ChatCompletion(_Received):
    id: str = ""
    object: str = "chat.completion"
    created: int = 0
    model: str = ""
    choices: list[Choice] = Field(default_factory=list)
    usage: Usage | None = None
    system_fingerprint: str | None = None

    _lenient = field_validator(*_INFORMATIONAL, mode="wrap")(_default_when_wrong)

    @property
    def content(self) -> str:
        if not self.choices:
            return ""
        return self.choices[0].message.content or ""

    @property
    def finish_reason(self) -> str | None:
        return self.choices[0].finish_reason if self.choices else None


class Delta(_Received):
    role: str | None = None
    content: str | None = None
    reasoning_content: str | None = None


class ChunkChoice(_Received):
    index: int = 0
    delta: Delta = Field(default_factory=Delta)
    finish_reason: str | None = None


class ChatCompletionChunk(_Received):
    id: str = ""
    object: str = "chat.completion.chunk"
    created: int = 0
    model: str = ""
    # Some chunks (the usage chunk) carry no choices at all.
    choices: list[ChunkChoice] = Field(default_factory=list)
    usage: Usage | None = None
    system_fingerprint: str | None = None

    _lenient = field_validator(*_INFORMATIONAL, mode="wrap")(_default_when_wrong)


# --- files ----------------------------------------------------------------------------------


class FileObject(_Received):
    id: str
    object: str = "file"
    bytes: int | None = None
    created_at: int | None = None
    filename: str | None = None
    purpose: str | None = None
    status: str | None = None


class FilePage(_Received):
    object: str = "list"
    data: list[FileObject] = Field(default_factory=list)
    first_id: str | None = None
    last_id: str | None = None
    has_more: bool = False


class FileDeleted(_Received):
    id: str
    deleted: bool = True


# --- batches --------------------------------------------------------------------------------


class RequestCounts(_Received):
    total: int = 0
    completed: int = 0
    failed: int = 0


class Batch(_Received):
    """Both dialects' batch object. PAI spells some fields differently; we read either."""

    id: str
    object: str = "batch"
    endpoint: str | None = None
    errors: Any = None
    input_file_id: str | None = None
    completion_window: str | None = None
    status: str = ""
    output_file_id: str | None = None
    error_file_id: str | None = None
    created_at: int | None = None
    in_progress_at: int | None = Field(
        default=None, validation_alias=AliasChoices("in_progress_at", "in_process_at")
    )
    expires_at: int | None = None
    finalizing_at: int | None = Field(
        default=None, validation_alias=AliasChoices("finalizing_at", "FinalizingAt")
    )
    completed_at: int | None = None
    failed_at: int | None = None
    expired_at: int | None = None
    cancelling_at: int | None = None
    cancelled_at: int | None = None
    request_counts: RequestCounts | None = None
    metadata: dict[str, Any] | None = None

    @property
    def normalised_status(self) -> BatchStatus:
        return normalise_status(self.status)


class BatchPage(_Received):
    object: str = "list"
    data: list[Batch] = Field(default_factory=list)
    first_id: str | None = None
    last_id: str | None = None
    has_more: bool = False


class CreateBatchRequest(_Sent):
    input_file_id: str
    endpoint: str = "/v1/chat/completions"
    completion_window: str = "24h"
    metadata: dict[str, str] | None = None


# --- batch output lines ---------------------------------------------------------------------


class BatchLineError(_Received):
    code: str | None = None
    message: str | None = None


class BatchLineResponse(_Received):
    status_code: int = 0
    request_id: str | None = None
    body: dict[str, Any] | None = None


class BatchOutputLine(_Received):
    id: str | None = None
    custom_id: str
    response: BatchLineResponse | None = None
    error: BatchLineError | None = None
