"""What the store keeps, as strict models: the shape of exports and imports too."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from judge_tui.judging.provenance import Provenance


class SessionRecord(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str
    notes: str = ""
    created_at: float
    updated_at: float


class EvaluationRecord(BaseModel):
    model_config = ConfigDict(extra="forbid")

    uid: str
    mode: str
    status: str
    model: str
    profile: str | None = None
    inputs: dict[str, Any]
    params: dict[str, Any]
    request: dict[str, Any]
    response: dict[str, Any] | None = None
    content: str = ""
    verdict: dict[str, Any]
    score: float | None = None
    max_score: int | None = None
    winner: str | None = None
    usage: dict[str, Any] | None = None
    latency_ms: int | None = None
    finish_reason: str | None = None
    error: str | None = None
    created_at: float
    template_name: str | None = None
    template_version: str | None = None
    custom_id: str | None = None


class RevisionRecord(BaseModel):
    """A reading an evaluation had after its first, as a JSONL export's `revision` line holds it
    (store/revisions.py)."""

    model_config = ConfigDict(extra="forbid")

    uid: str  # the evaluation's
    provenance: Provenance
    text: str = ""  # a repair's reply; empty where the reading is of the evaluation's content
    note: str = ""
    created_at: float
    verdict: dict[str, Any]


class SearchHit(BaseModel):
    session: str
    uid: str
    mode: str
    score: float | None
    winner: str | None
    question: str
    snippet: str
    spans: list[tuple[int, int]] = Field(default_factory=list)  # the match inside `snippet`
