"""Read a judge's verdict text into scores, winner and criteria, with the spans they came from.

The reader never invents a score. A verdict is either readable, with a score or a winner, or not
readable, with the reason; two readings that disagree are reported, never chosen between. It
reads the documented marker forms (docs/service.md §4) in English, Chinese and Japanese, JSON
verdicts (fenced, nested, cut off after their score), Markdown score tables, and the free prose
of custom templates. What it refuses to read, and why, is in docs/verdicts.md.

This module holds what a reading is (`Verdict`, and `Draft` while it is read) and the one entry
to every reader. The service's own format is read by `judging/pai_reader.py`, other judges'
formats (MT-bench, Arena-Hard, Prometheus, a regex, a JSON path) by
`judging/verdict_formats.py`; the rules they share are in `judging/verdict_context.py`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from judge_tui.judging.provenance import Provenance
from judge_tui.judging.scores import Score, fmt_score

# The longest reply the reader reads, after any thinking and with long runs of white space cut
# short: the most the service's judges may write (32,768 tokens) in Chinese, about 25,000 tokens
# of English (docs/verdicts.md). A longer one is a service's fault or an attack: each score-like
# number is weighed in its context, so a flood of them read whole took minutes (16 MB, the most
# an answer may hold: four), where this many characters take about 2 s at worst.
MAX_READ_CHARS = 100_000

AnswerNo = Literal[1, 2]
Winner = Literal[1, 2, "tie"]
Strength = Literal["strong", "slight"]


class Span(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    start: int
    end: int


class Criterion(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str
    score: Score | Literal["N/A"] | None
    answer: AnswerNo | None = None
    group: str | None = None  # "advantages" / "shortcomings" when the judge grouped them
    span: Span | None = None


class Verdict(BaseModel):
    model_config = ConfigDict(extra="forbid")

    parsed: bool
    reason: str | None = None
    score: Score | None = None
    score_span: Span | None = None
    max_score: int = 5
    winner: Winner | None = None
    winner_span: Span | None = None
    winner_strength: Strength | None = None  # Arena-Hard's A>>B (strong) and A>B (slight)
    answer_scores: dict[str, Score] = Field(default_factory=dict)
    answer_score_spans: dict[str, Span] = Field(default_factory=dict)
    criteria: list[Criterion] = Field(default_factory=list)
    markers: list[Span] = Field(default_factory=list)  # every [[...]] in the text
    ambiguities: list[str] = Field(default_factory=list)
    source: Literal["markers", "json", "table", "prose", "format", "none"] = "none"
    verdict_format: str = "pai"
    # Who gave this reading: the reader, a repair the judge was asked for, or a person.
    provenance: Provenance = "reader"

    def summary(self, spans: bool = False) -> dict[str, Any]:
        """The `verdict` object `judge --format json` and `read-verdict` print."""
        out: dict[str, Any] = {
            "parsed": self.parsed,
            "reason": self.reason,
            "score": self.score,
            "max_score": self.max_score,
            "winner": self.winner,
            "answer_scores": self.answer_scores,
            "criteria": [
                {"name": c.name, "score": c.score, "answer": c.answer} for c in self.criteria
            ],
        }
        if self.winner_strength is not None:
            out["winner_strength"] = self.winner_strength
        if self.verdict_format != "pai":
            out["verdict_format"] = self.verdict_format
        if self.provenance != "reader":
            out["provenance"] = self.provenance
        if spans:
            out["source"] = self.source
            out["score_span"] = self.score_span.model_dump() if self.score_span else None
            out["winner_span"] = self.winner_span.model_dump() if self.winner_span else None
            out["ambiguities"] = self.ambiguities
        return out

    def headline(self) -> str:
        """One line: `Score 3/5`, `Winner: Answer 1 (4/5 vs 2/5)`, or why it is unreadable."""
        if not self.parsed:
            return f"Not readable: {self.reason}"
        parts: list[str] = []
        if self.winner is not None:
            named = "Winner: Tie" if self.winner == "tie" else f"Winner: Answer {self.winner}"
            if self.winner_strength == "strong" and self.winner != "tie":
                named += " (clearly)"
            parts.append(named)
        if self.answer_scores:
            scores = ", ".join(
                f"Answer {k} {fmt_score(v)}/{self.max_score}"
                for k, v in sorted(self.answer_scores.items())
            )
            parts.append(scores)
        if self.score is not None:
            parts.append(f"Score {fmt_score(self.score)}/{self.max_score}")
        return " · ".join(parts)


# The reader builds plain data in the JSON shape of `Verdict`: a batch collect stores it as it
# is, and building a pydantic model for every span and criterion of hundreds of thousands of
# verdicts cost more than reading them. `read_verdict` validates it into a `Verdict` once.
SpanData = dict[str, int]
VerdictData = dict[str, Any]


def span_data(start: int, end: int) -> SpanData:
    return {"start": start, "end": end}


def criterion_data(
    name: str,
    score: Score | Literal["N/A"] | None,
    answer: AnswerNo | None,
    group: str | None,
    span: SpanData | None,
) -> dict[str, Any]:
    return {"name": name, "score": score, "answer": answer, "group": group, "span": span}


@dataclass
class Draft:
    """What a reader has found so far: the fields of `Verdict`, in its order."""

    parsed: bool = False
    reason: str | None = None
    score: Score | None = None
    score_span: SpanData | None = None
    max_score: int = 5
    winner: Winner | None = None
    winner_span: SpanData | None = None
    winner_strength: Strength | None = None
    answer_scores: dict[str, Score] = field(default_factory=dict)
    answer_score_spans: dict[str, SpanData] = field(default_factory=dict)
    criteria: list[dict[str, Any]] = field(default_factory=list)
    markers: list[SpanData] = field(default_factory=list)
    ambiguities: list[str] = field(default_factory=list)
    source: str = "none"
    verdict_format: str = "pai"
    provenance: str = "reader"

    def finish(self) -> Draft:
        """Hold the one rule every reader keeps: readable means a score or a winner and no
        reason; not readable means a reason and no score, winner or answer scores shown."""
        if self.parsed and (
            self.score is not None or self.winner is not None or len(self.answer_scores) == 2
        ):
            self.reason = None
            return self
        self.parsed = False
        self.reason = self.reason or "no score or winner was found"
        self.score = self.score_span = None
        self.winner = self.winner_span = self.winner_strength = None
        self.answer_scores = {}
        self.answer_score_spans = {}
        return self

    def placed(self, where: Callable[[int], int]) -> Draft:
        """Every span moved by `where`: the reading of a shortened text, placed in the whole."""

        def place(span: SpanData | None) -> SpanData | None:
            return None if span is None else span_data(where(span["start"]), where(span["end"]))

        self.score_span = place(self.score_span)
        self.winner_span = place(self.winner_span)
        self.answer_score_spans = {
            k: span_data(where(v["start"]), where(v["end"]))
            for k, v in self.answer_score_spans.items()
        }
        self.criteria = [dict(c, span=place(c["span"])) for c in self.criteria]
        self.markers = [span_data(where(m["start"]), where(m["end"])) for m in self.markers]
        return self

    def data(self) -> VerdictData:
        return dict(self.__dict__)  # a dataclass keeps its fields in order: Verdict's


def verdict_data(
    text: str, mode: str = "single", max_score: int = 5, verdict_format: str = "pai"
) -> VerdictData:
    """Read any verdict text into the JSON form of its `Verdict` (what `model_dump(mode="json")`
    gives), for storing without building the model. `mode` is single, pairwise or custom;
    `verdict_format` one of docs/verdicts.md; never raises."""
    try:
        from judge_tui.judging.verdict_context import Shortened, thinking_end
        from judge_tui.textsafe import blank_controls

        # The reply proper is read, its control sequences blanked and long runs of white space
        # cut short; its spans are then placed back where they are in `text`
        # (verdict_context.Shortened says why).
        text = blank_controls(text or "")
        said_from = thinking_end(text)
        shortened = Shortened(text[said_from:], said_from)
        said = shortened.text
        if len(said) > MAX_READ_CHARS:
            draft = Draft(
                max_score=max_score,
                reason=f"the verdict is {len(said):,} characters long, more than the "
                f"{MAX_READ_CHARS:,} the reader reads (no judge writes one this long): read it "
                "by hand in the triage queue",
            )
        elif said.strip() or not text.strip():
            if verdict_format == "pai":
                from judge_tui.judging.pai_reader import pai_verdict

                draft = pai_verdict(said, str(mode), max_score)
            else:
                from judge_tui.judging.verdict_formats import read_format

                draft = read_format(said, str(mode), max_score, verdict_format)
        else:
            draft = Draft(
                max_score=max_score,
                reason="the verdict holds only the judge's thinking (<think>…</think>), no verdict",
            )
        draft.verdict_format = verdict_format
        return draft.finish().placed(shortened.where).data()
    except Exception as exc:  # a reader bug must not lose the verdict text
        return Draft(
            max_score=max_score, reason=f"the reader failed: {exc!r}", verdict_format=verdict_format
        ).data()


def read_verdict(
    text: str, mode: str = "single", max_score: int = 5, verdict_format: str = "pai"
) -> Verdict:
    """Read any verdict text. `mode` is single, pairwise or custom; never raises."""
    data = verdict_data(text, mode, max_score, verdict_format)
    try:
        return Verdict.model_validate(data)
    except ValidationError as exc:  # a reader bug must not lose the verdict text
        return Verdict(parsed=False, max_score=max_score, reason=f"the reader failed: {exc!r}")
