"""Read a judge's verdict text into scores, winner and criteria, with the spans they came from.

The reader never invents a score. A verdict is either readable, with a score or a winner, or not
readable, with the reason; two readings that disagree are reported, never chosen between. It
reads the documented marker forms (docs/service.md §4) in English, Chinese and Japanese, JSON
verdicts (fenced, nested, cut off after their score), Markdown score tables, and the free prose
of custom templates. What it refuses to read, and why, is in docs/verdicts.md.

Other judges' verdict formats (MT-bench, Arena-Hard, Prometheus, a regex, a JSON path) are read
by `judging/verdict_formats.py`, which returns the same `Verdict`.
"""

from __future__ import annotations

import json
import re
import unicodedata
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from judge_tui.judging.scores import Score, fmt_score

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
    provenance: Literal["reader", "repaired", "manual"] = "reader"

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


def _span(start: int, end: int) -> SpanData:
    return {"start": start, "end": end}


def _criterion(
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

    def data(self) -> VerdictData:
        return dict(self.__dict__)  # a dataclass keeps its fields in order: Verdict's


# --- numbers --------------------------------------------------------------------------------

_WORD_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
    "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
    "六": 6, "七": 7, "八": 8, "九": 9, "十": 10,
}  # fmt: skip
_NUM = (
    r"(?:\d+(?:\.\d+)?|[０-９]+(?:[.．][０-９]+)?"
    r"|one|two|three|four|five|six|seven|eight|nine|ten|[一二两三四五六七八九十])"
)
_NA = re.compile(r"^(?:n\s*/\s*a|na|none|不适用|无|無|該当なし|—|-)$", re.IGNORECASE)


_DECIMAL = re.compile(r"\d+(?:\.\d+)?")
_FRACTION = re.compile(r"(\d+(?:\.\d+)?)\s*/\s*(\d+)")  # "3/5" inside a marker


def parse_number(text: str, max_score: int | None = None) -> Score | None:
    """A score written as digits (ASCII or full-width), a decimal, a word, or N/M; else None.
    With `max_score`, an N/M whose M is another scale is None: "4/10" is not a 4 out of 5."""
    if text.isascii() and text.isdigit():  # most markers: read at once, as below would
        return int(text)
    t = unicodedata.normalize("NFKC", text).strip().lower().rstrip("分点.。")
    if t in _WORD_NUMBERS:
        return _WORD_NUMBERS[t]
    if _DECIMAL.fullmatch(t):
        value = float(t)
        return int(value) if value.is_integer() else value
    match = _FRACTION.fullmatch(t)
    if match:
        if max_score is not None and int(match.group(2)) != max_score:
            return None
        value = float(match.group(1))
        return int(value) if value.is_integer() else value
    return None


# --- what a number's neighbours say about it --------------------------------------------------

# "I won't give it a 5", "不能给出分数", "点数はつけられません": a number in a refusal is no score.
_NEGATION = re.compile(
    r"(?:\b(?:won'?t|will\s+not|wouldn'?t|would\s+not|can'?t|cannot|can\s+not|could\s+not"
    r"|couldn'?t|not\s+going\s+to|refuse\s+to|unable\s+to|decline\s+to|do\s+not|don'?t)\s+"
    r"(?:\w+\s+){0,3}(?:give|assign|award|rate|score|grade)"
    r"|\bneither\b|\bnot\s+(?:a|an)\s+(?=\S*\d)"
    r"|不(?:能|会|予|宜)?(?:给|打|评)|无法(?:给|打|评)|拒绝(?:给|打|评)"
    r"|(?:つけ|付け|与え|評価し|評価でき)(?:られ)?ません)",
    re.IGNORECASE,
)
# The judge saying it cannot judge at all: the reason given when no score is found.
_REFUSAL = re.compile(
    r"outside (?:of )?what i can (?:evaluate|judge|assess)|i (?:cannot|can't|am unable to) "
    r"(?:evaluate|judge|assess|score|rate)|无法(?:评估|评价|评判|打分)|評価できません",
    re.IGNORECASE,
)
# A quoted marker: "the answer claims [[回复2更好]]", "the answer's own 'overall score: [[5]]'".
_QUOTE_CUE = re.compile(
    r"\b(?:claims?|claimed|says|said|states|stated|writes|wrote|quotes?|quoted|asserts?"
    r"|ignore|ignoring|own|suggests?|labels?\s+itself)\b"
    r"|声称|自称|写道|写着|自己的|忽略|自身の|と主張|と書い|無視",
    re.IGNORECASE,
)
_QUOTE_PAIRS = {'"': '"', "“": "”", "‘": "’", "「": "」", "『": "』", "'": "'", "«": "»"}
_ANY_CLOSER = re.compile("[\"”’」』'»]")
# A count or an ordinal is no score: "第4点", "3个要点", "the 4th point", "4 of the criteria".
_ORDINAL_BEFORE = re.compile(r"(?:第|No\.\s*|#)\s*$", re.IGNORECASE)
_COUNT_AFTER = re.compile(
    r"\s*(?:st|nd|rd|th)\b|\s*(?:个|個|つ|项|項|条|條|处|點|方面)"
    r"|\s*(?:of\s+(?:the|its|these|my)\s+)?(?:criteria|criterion|aspects?|items?|points?\s+(?:of|in)"
    r"|requirements?|issues|reasons|ways|steps|problems|sentences|paragraphs|errors|mistakes"
    r"|questions|parts|facts|claims|examples)\b",
    re.IGNORECASE,
)
# "4/10" or "4 out of 10" after a number: a scale, to be checked against ours.
_SCALE_AFTER = re.compile(r"^\s*(?:/|out\s+of|分?满分|점\s*만점|of)\s*(\d+)", re.IGNORECASE)


# Where a clause ends: a sentence's stop (with the space after it in Latin text) or a line break.
_CLAUSE_STOP = re.compile(r"[.!?;] |[。！？；\n]")


class Clauses:
    """Where clauses start in one text, and whether it can hold a refusal at all: asked for
    each marker and number the reader weighs, so each answer is found once."""

    # Words every negation the reader knows contains: a text with none of them holds none.
    _NEGATION_WORDS = ("n't", "not", "neither", "refuse", "unable", "decline", "不", "无法",
                       "拒绝", "ません")  # fmt: skip

    def __init__(self, text: str) -> None:
        self.text = text
        self.may_negate = any(word in text for word in self._NEGATION_WORDS)
        self._starts: dict[int, int] = {}

    def start_of(self, at: int, limit: int = 200) -> int:
        """Where the clause holding `at` begins (at most `limit` characters back): after the
        last sentence stop or line break before it."""
        key = at * 1024 + limit
        found = self._starts.get(key)
        if found is None:
            low = max(0, at - limit)
            found = low
            for match in _CLAUSE_STOP.finditer(self.text, low, at):
                found = match.end()
            self._starts[key] = found
        return found


# Japanese puts the refusal after the number: "1 点をつけられません".
_NEGATION_AFTER = re.compile(r"\s*点?\s*(?:を|は)?\s*(?:つけ|付け|与え|出せ|出し)(?:られ)?ません")


def _negated(clauses: Clauses, at: int, end: int | None = None) -> bool:
    if not clauses.may_negate:
        return False
    text = clauses.text
    if end is not None and "ません" in text and _NEGATION_AFTER.match(text, end):
        return True
    return _NEGATION.search(text, clauses.start_of(at), at) is not None


def _quoted(clauses: Clauses, start: int, end: int) -> bool:
    """A marker quoted from something else: inside a pair of quotes on its line, or after a
    word such as "claims" or "ignore" in its clause."""
    text = clauses.text
    clause = clauses.start_of(start)
    # The cue must be right before the marker: "states" further back in the clause is prose
    # about the answer ("1. Accuracy: the answer states the date correctly [[5]]").
    if _QUOTE_CUE.search(text, max(clause, start - 32), start):
        return True
    # Quotes close around it: a whole sentence in quotes is the judge's own words quoted.
    after = text[end : end + 12]
    if not _ANY_CLOSER.search(after):
        return False  # most markers: nothing closes after them
    after = after.split("\n", 1)[0]
    before = text[max(clause, start - 40) : start]
    for opener, closer in _QUOTE_PAIRS.items():
        at = before.rfind(opener)
        if at == -1:
            continue
        if opener == "'" and at > 0 and before[at - 1].isalnum():
            continue  # an apostrophe ("answer's"), not a quote
        if closer in before[at + 1 :]:
            continue  # the quote closed before the marker
        if closer in after:
            return True
    return False


def _count_or_ordinal(text: str, start: int, end: int) -> bool:
    return bool(_ORDINAL_BEFORE.search(text[max(0, start - 4) : start])) or bool(
        _COUNT_AFTER.match(text, end)
    )


def _other_scale(text: str, end: int, max_score: int) -> bool:
    match = _SCALE_AFTER.match(text[end : end + 24])
    return match is not None and int(match.group(1)) != max_score


def _list_number(text: str, start: int, end: int) -> bool:
    """ "Score:\\n1. Accuracy…\\n2. …": the 1 is the first item of a list, not a score."""
    if end >= len(text) or text[end] not in ".、．)）":
        return False
    raw = unicodedata.normalize("NFKC", text[start:end])
    if not raw.isdigit():
        return False
    following = f"{int(raw) + 1}{text[end]}"
    return f"\n{following}" in text[end : end + 2000] or f" {following} " in text[end : end + 400]


# --- markers --------------------------------------------------------------------------------

_MARKER = re.compile(
    r"(?:\[\[|［［|【【|〚)\s*([^\[\]［］【】〚〛\n]{0,120}?)\s*(?:\]\]|］］|】】|〛)"
)
# Words that name one of the two answers, and words for a rating, in every language we read.
_ANSWER_WORD = r"(?:answer|response|assistant|回复|回答|答案|応答|解答)"
_RATING_WORD = r"(?:rating|score|评分|得分|分数|評価|スコア)"
_ANSWER_REF = re.compile(
    rf"{_ANSWER_WORD}\s*(?:#|no\.?\s*)?([12１２一二])",
    re.IGNORECASE,
)
_BOTH = re.compile(
    r"both answers|two answers|both responses"
    r"|两个回复|两个回答|两者|二者|双方|両方|両回答|二つの回答",
    re.IGNORECASE,
)
_RATING_MARKER = re.compile(
    rf"^{_RATING_WORD}?\s*(?:for|of)?\s*{_ANSWER_WORD}\s*([12１２])\s*(?:的)?\s*{_RATING_WORD}?"
    r"\s*[:：=]\s*(.+)$",
    re.IGNORECASE,
)
_TIE = re.compile(
    r"equivalent|equal|a tie|\btie\b|the same|equally"
    r"|一样|相同|相当|持平|平局|同样|不分上下|同等|引き分け|互角",
    re.IGNORECASE,
)
_BETTER = re.compile(
    r"better|superior|wins|preferred|更好|更优|较好|更佳|胜|優れ|良い|方が", re.IGNORECASE
)
_WORSE = re.compile(r"worse|inferior|更差|较差|劣", re.IGNORECASE)
_OVERALL = re.compile(
    r"overall\s+(?:score|rating)|final\s+(?:score|rating)|total\s+score|overall\s*[:：]"
    r"|综合评分|综合得分|综合分|总分|总体评分|总评分|最终评分|最终得分|整体评分"
    r"|総合評価|総合スコア|総合点|総合得点|全体評価|全体的な評価",
    re.IGNORECASE,
)
# A criterion whose name says it is the overall score ("5. Overall:", "| 综合 | 4 |").
_OVERALL_NAME = re.compile(
    r"^(?:overall|total|final|summary|总体|综合|總合|总分|总评|整体|最终|総合|全体|合計)",
    re.IGNORECASE,
)
_CRITERION_LINE = re.compile(
    r"^[ \t>#]*(?:(?:\d{1,2}|[一二三四五六七八九十]{1,2})\s*[.、．)）]|[-*•+])\s*"
    r"(?:\*\*)?([^:：\n\[\]［］]{1,48}?)(?:\*\*)?\s*[:：]",
    re.MULTILINE,
)
_CRITERION_FIRST = " \t*#>-•+一二三四五六七八九十"
# Matched against the lower-cased line: an IGNORECASE alternation is several times slower, and
# headers are looked for on every short line of every verdict a batch collects.
_GROUP_HEADERS = (
    (re.compile(r"advantages|strengths|pros\b|优点|長所|良い点"), "advantages"),
    (
        re.compile(r"shortcomings|disadvantages|weaknesses|cons\b|不足|缺点|短所|改善点"),
        "shortcomings",
    ),
)
_MARKER_OPENERS = ("[[", "［［", "【【", "〚")


def _answer_no(text: str) -> AnswerNo | None:
    digit = unicodedata.normalize("NFKC", text)
    if digit in ("1", "一"):
        return 1
    if digit in ("2", "二"):
        return 2
    return None


@dataclass
class _Marker:
    start: int
    end: int
    inner: str
    line_start: int
    criterion: str | None  # the list line (numbered or bulleted) it sits on, if any
    group: str | None

    @property
    def span(self) -> SpanData:
        return _span(self.start, self.end)


def _line_bounds(text: str) -> list[tuple[int, int]]:
    bounds: list[tuple[int, int]] = []
    start = 0
    end = text.find("\n")
    while end != -1:
        bounds.append((start, end))
        start = end + 1
        end = text.find("\n", start)
    bounds.append((start, len(text)))
    return bounds


def _find_markers(text: str) -> list[re.Match[str]]:
    """What `_MARKER.finditer` finds, found faster: a marker can only start where an opener
    is, and `str.find` reaches those far sooner than the regex engine's scan of every
    character (a collect reads hundreds of thousands of verdicts)."""
    starts: list[int] = []
    for opener in _MARKER_OPENERS:
        at = text.find(opener)
        while at != -1:
            starts.append(at)
            at = text.find(opener, at + 1)  # overlapping: "[[[3]]" is a marker at 1
    found: list[re.Match[str]] = []
    end = 0
    for start in sorted(starts):
        if start >= end and (match := _MARKER.match(text, start)) is not None:
            found.append(match)
            end = match.end()
    return found


def _criterion_name(raw: str) -> str:
    return raw.strip().strip("*_ ").strip()


def _criteria_lines(text: str, bounds: list[tuple[int, int]]) -> dict[int, str]:
    """Line start -> criterion name, as `_CRITERION_LINE.finditer` would find them: its `^`
    only matches at a line start, so only line starts past the last match are tried."""
    criteria_at: dict[int, str] = {}
    end = 0
    for line_start, _ in bounds:
        first = text[line_start : line_start + 1]
        # What the pattern can start with: most lines are prose, and this spares them a match.
        if not first or not (first.isdecimal() or first in _CRITERION_FIRST):
            continue
        if line_start >= end and (match := _CRITERION_LINE.match(text, line_start)) is not None:
            criteria_at[line_start] = _criterion_name(match.group(1))
            end = max(match.end(), line_start + 1)
    return criteria_at


def _group_headers(
    text: str, bounds: list[tuple[int, int]], criteria_at: dict[int, str]
) -> list[tuple[int, str]]:
    """(line start, group) of each group header before the last criterion line, in order: a
    short line, not a criterion line, that names advantages or shortcomings (shortcomings when
    it names both). Line by line, short lines only: a search of the whole text for these words
    costs several times more, as no literal prefix lets the regex engine skip ahead."""
    last_criterion = max(criteria_at, default=-1)
    headers: list[tuple[int, str]] = []
    for line_start, line_end in bounds:
        if line_start >= last_criterion:
            break
        if line_end - line_start < 80 and line_start not in criteria_at:
            lowered = text[line_start:line_end].lower()
            names = [name for pattern, name in _GROUP_HEADERS if pattern.search(lowered)]
            if names:
                headers.append((line_start, names[-1]))
    return headers


def _scan_markers(text: str, found: list[re.Match[str]]) -> list[_Marker]:
    """Every marker, with the criterion line and group (advantages/shortcomings) it sits in."""
    if not found:
        return []
    bounds = _line_bounds(text)
    starts = [line_start for line_start, _ in bounds]
    criteria_at = _criteria_lines(text, bounds)
    headers = _group_headers(text, bounds, criteria_at)
    markers: list[_Marker] = []
    group: str | None = None
    passed = 0  # headers before the line looked at last
    for m in found:
        line_start = starts[bisect_right(starts, m.start()) - 1]
        criterion = criteria_at.get(line_start)
        if criterion is not None:
            while passed < len(headers) and headers[passed][0] < line_start:
                group = headers[passed][1]
                passed += 1
        in_group = group if criterion is not None else None
        markers.append(
            _Marker(m.start(), m.end(), m.group(1).strip(), line_start, criterion, in_group)
        )
    return markers


def _context_before(text: str, marker: _Marker, previous_end: int) -> str:
    start = max(marker.line_start, previous_end, marker.start - 160)
    return text[start : marker.start]


def parse_winner(inner: str) -> Winner | None:
    """The winner a phrase names: "Answer 1 is better", "回复2更好", "equivalent"; else None."""
    if _TIE.search(inner):
        return "tie"
    refs = _ANSWER_REF.findall(inner)
    if not refs:
        return None
    answer = _answer_no(refs[0])
    if answer is None:
        return None
    if _WORSE.search(inner):
        return 2 if answer == 1 else 1
    if _BETTER.search(inner) or _ANSWER_REF.fullmatch(inner.strip()):
        return answer
    return None


def winner_name(winner: Winner) -> str:
    return "a tie" if winner == "tie" else f"Answer {winner}"


def implied_winner(scores: dict[str, Score]) -> Winner:
    one, two = scores["1"], scores["2"]
    return "tie" if one == two else (1 if one > two else 2)


def settle_pairwise(v: Draft) -> None:
    """Readable when a winner or both answers' scores were found, unless they contradict each
    other: then both readings are the reason and neither is shown as the winner."""
    if v.winner is not None and len(v.answer_scores) == 2:
        implied = implied_winner(v.answer_scores)
        if implied != v.winner:
            one, two = fmt_score(v.answer_scores["1"]), fmt_score(v.answer_scores["2"])
            v.reason = (
                f"the verdict names {winner_name(v.winner)} as the winner but scores Answer 1 "
                f"{one} and Answer 2 {two}, which makes {winner_name(implied)} the winner"
            )
            v.parsed = False
            return
    if v.winner is None and len(v.answer_scores) == 2:
        # Both answers scored and no winner named: the higher score is the winner, as anyone
        # reading the scores would say (no span: no words of the judge name it).
        v.winner = implied_winner(v.answer_scores)
    if v.winner is not None:
        v.parsed = True
    elif not v.reason:
        v.reason = "no winner and not both answers' overall scores were found"


def agreed(
    values: Sequence[tuple[Score, SpanData | None]], what: str
) -> tuple[Score, SpanData | None] | str:
    """The value every reading agrees on, with the last one's span (a closing summary repeats
    the score), or the sentence that says they disagree."""
    distinct = sorted({fmt_score(value) for value, _ in values}, key=float)
    if len(distinct) > 1:
        return f"the verdict states different {what} ({' and '.join(distinct)})"
    return values[-1]


class _Reader:
    def __init__(self, text: str, mode: str, max_score: int) -> None:
        self.text = text
        self.mode = mode
        self.max_score = max_score
        self.verdict = Draft(max_score=max_score)
        self._clauses: Clauses | None = None

    @property
    def clauses(self) -> Clauses:
        if self._clauses is None:
            self._clauses = Clauses(self.text)
        return self._clauses

    # A score out of range is rejected and noted, never clamped.
    def _score(self, raw: str, where: str) -> Score | None:
        value = parse_number(raw, self.max_score)
        if value is None:
            if parse_number(raw) is not None:
                self.verdict.ambiguities.append(
                    f"{where}: {raw} is on another scale than 1..{self.max_score}; ignored"
                )
            return None
        if not 1 <= value <= self.max_score:
            self.verdict.ambiguities.append(
                f"{where}: score {fmt_score(value)} is outside 1..{self.max_score}; ignored"
            )
            return None
        return value

    def read(self) -> Draft:
        v = self.verdict
        found = _find_markers(self.text)
        v.markers = [_span(m.start(), m.end()) for m in found]
        if not self.text.strip():
            v.reason = "the verdict is empty"
            return v
        if "{" in self.text and self._read_json():
            return v
        markers = _scan_markers(self.text, found)
        if markers:
            if self.mode == "pairwise":
                self._read_pairwise_markers(markers)
            else:
                self._read_single_markers(markers)
            v.source = "markers"
            if v.parsed or v.reason:
                return v
        if "|" in self.text and self._read_table():
            return v
        if self.mode != "pairwise" and self._read_prose():
            return v
        if not v.reason:
            if _REFUSAL.search(self.text):
                v.reason = "the judge declined to give a score"
            elif self.mode == "pairwise":
                v.reason = "no winner and not both answers' overall scores were found"
            elif v.criteria:
                v.reason = "criteria were scored but no overall score was found"
            elif markers:
                v.reason = "the [[...]] markers found do not say an overall score or winner"
            else:
                v.reason = (
                    "no score marker such as [[3]] and no sentence that states a score was found"
                )
        return v

    def _usable(self, marker: _Marker) -> bool:
        """A marker the judge gave as its own reading: not quoted, not in a refusal."""
        if _quoted(self.clauses, marker.start, marker.end):
            self.verdict.ambiguities.append(f"[[{marker.inner}]] is quoted, not the judge's own")
            return False
        if _negated(self.clauses, marker.start, marker.end):
            self.verdict.ambiguities.append(f"[[{marker.inner}]] is in a negation; ignored")
            return False
        if _other_scale(self.text, marker.end, self.max_score):
            self.verdict.ambiguities.append(
                f"[[{marker.inner}]] is given on another scale than 1..{self.max_score}; ignored"
            )
            return False
        return True

    # --- marker verdicts ----------------------------------------------------------------------

    def _read_single_markers(self, markers: list[_Marker]) -> None:
        v = self.verdict
        overall: list[tuple[Score, SpanData | None]] = []
        plain: list[tuple[Score, SpanData | None]] = []
        previous_end = 0
        for marker in markers:
            context = _context_before(self.text, marker, previous_end)
            previous_end = marker.end
            named_overall = marker.criterion is not None and bool(
                _OVERALL_NAME.match(marker.criterion) or _OVERALL.search(marker.criterion)
            )
            if marker.criterion is not None and not named_overall:
                # A criterion's own marker: a quote or a refusal there changes no overall
                # reading, and checking each of them was most of a long verdict's reading time.
                self._criterion_from_marker(marker, context)
                continue
            if not self._usable(marker):
                continue
            value = self._score(marker.inner, "overall")
            if value is None:
                if parse_number(marker.inner) is None and not _NA.match(marker.inner):
                    v.ambiguities.append(f"unrecognised marker [[{marker.inner}]]")
                continue
            if named_overall or _OVERALL.search(context):
                overall.append((value, marker.span))
            else:
                plain.append((value, marker.span))
        readings = overall or plain
        if not readings:
            return
        chosen = agreed(readings, "overall scores" if overall else "scores in [[n]] markers")
        if isinstance(chosen, str):
            v.reason = chosen
            return
        v.score, v.score_span = chosen
        v.parsed = True

    def _criterion_from_marker(self, marker: _Marker, context: str) -> None:
        v = self.verdict
        name = marker.criterion or ""
        rating = _RATING_MARKER.match(marker.inner)
        if rating:
            answer = _answer_no(rating.group(1))
            value_text = rating.group(2).strip()
            if _NA.match(value_text):
                v.criteria.append(_criterion(name, "N/A", answer, marker.group, marker.span))
                return
            value = self._score(value_text, name)
            if value is not None:
                v.criteria.append(_criterion(name, value, answer, marker.group, marker.span))
            return
        if _NA.match(marker.inner):
            score: Score | Literal["N/A"] | None = "N/A"
        else:
            score = self._score(marker.inner, name)
            if score is None:
                return
        answers: list[AnswerNo | None] = [None]
        if self.mode == "pairwise":
            refs = _ANSWER_REF.findall(context)
            if refs:
                answers = [_answer_no(refs[-1])]
            elif _BOTH.search(context):
                answers = [1, 2]
            else:
                v.ambiguities.append(f"{name}: cannot tell which answer [[{marker.inner}]] is for")
        for answer in answers:
            v.criteria.append(_criterion(name, score, answer, marker.group, marker.span))

    def _read_pairwise_markers(self, markers: list[_Marker]) -> None:
        v = self.verdict
        previous_end = 0
        winners: list[tuple[Winner, SpanData]] = []
        overall: dict[str, list[tuple[Score, SpanData | None]]] = {}
        loose: dict[str, list[tuple[Score, SpanData | None]]] = {}
        for marker in markers:
            context = _context_before(self.text, marker, previous_end)
            previous_end = marker.end
            named_overall = marker.criterion is not None and bool(
                _OVERALL_NAME.match(marker.criterion) or _OVERALL.search(marker.criterion)
            )
            if marker.criterion is not None and not named_overall:
                # A criterion's own marker: a quote or a refusal there changes no overall
                # reading, and checking each of them was most of a long verdict's reading time.
                self._criterion_from_marker(marker, context)
                continue
            if not self._usable(marker):
                continue
            winner = parse_winner(marker.inner) if parse_number(marker.inner) is None else None
            if winner is not None:
                winners.append((winner, marker.span))
                continue
            rating = _RATING_MARKER.match(marker.inner)
            if rating:
                answer = _answer_no(rating.group(1))
                value = self._score(rating.group(2), f"answer {answer}")
                if answer is not None and value is not None:
                    loose.setdefault(str(answer), []).append((value, marker.span))
                continue
            value = self._score(marker.inner, "answer score")
            if value is None:
                if parse_number(marker.inner) is None:
                    v.ambiguities.append(f"unrecognised marker [[{marker.inner}]]")
                continue
            where = context + (marker.criterion or "")
            refs = _ANSWER_REF.findall(where)
            if not refs:
                v.ambiguities.append(f"cannot tell which answer [[{marker.inner}]] is for")
                continue
            answer = _answer_no(refs[-1])
            if answer is None:
                continue
            target = overall if (named_overall or _OVERALL.search(where)) else loose
            target.setdefault(str(answer), []).append((value, marker.span))
        if winners:
            distinct = {w for w, _ in winners}
            if len(distinct) > 1:
                names = " and ".join(sorted(winner_name(w) for w in distinct))
                v.reason = f"the verdict names more than one winner ({names})"
                return
            v.winner, v.winner_span = winners[-1]
        # Scores next to an answer but without an "overall" word count only when no overall
        # scores were stated at all.
        for key, readings in (overall or loose).items():
            chosen = agreed(readings, f"scores for Answer {key}")
            if isinstance(chosen, str):
                v.reason = chosen
                return
            v.answer_scores[key], span = chosen
            if span is not None:
                v.answer_score_spans[key] = span
        if v.winner is None and len(v.answer_scores) < 2:
            v.answer_scores.clear()
            v.answer_score_spans.clear()
            return
        settle_pairwise(v)

    # --- Markdown tables ----------------------------------------------------------------------

    def _read_table(self) -> bool:
        """| Criterion | Score | tables: the row named Overall / 总体 / 综合 / 総合 is the score
        (pairwise: one column per answer)."""
        v = self.verdict
        rows: list[tuple[list[str], list[tuple[int, int]]]] = []
        for line_start, line_end in _line_bounds(self.text):
            line = self.text[line_start:line_end]
            stripped = line.strip()
            if not (stripped.startswith("|") and stripped.endswith("|") and len(stripped) > 2):
                continue
            cells: list[str] = []
            spans: list[tuple[int, int]] = []
            at = line_start + line.index("|") + 1
            for cell in stripped[1:-1].split("|"):
                lead = len(cell) - len(cell.lstrip())
                cells.append(cell.strip().strip("*_` ").strip())
                spans.append((at + lead, at + lead + len(cell.strip())))
                at += len(cell) + 1
            if all(set(c) <= set(":- ") for c in cells):
                continue  # the |---|---| separator
            rows.append((cells, spans))
        if len(rows) < 2:
            return False
        header = rows[0][0]
        answer_columns: dict[int, AnswerNo] = {}
        for index, cell in enumerate(header):
            ref = _ANSWER_REF.search(cell)
            if ref and (column_answer := _answer_no(ref.group(1))) is not None:
                answer_columns[index] = column_answer
        overall_rows = [r for r in rows[1:] if r[0] and _OVERALL_NAME.match(r[0][0])]
        for cells, spans in rows[1:]:
            if not cells or (cells, spans) in overall_rows:
                continue
            for index in range(1, len(cells)):
                score = self._table_score(cells[index], cells[0])
                if score is not None:
                    answer = answer_columns.get(index)
                    v.criteria.append(
                        _criterion(cells[0], score, answer, None, _span(*spans[index]))
                    )
                    if not answer_columns:
                        break
        if not overall_rows:
            return False
        v.source = "table"
        if self.mode == "pairwise":
            if not answer_columns:
                return False
            found: dict[str, list[tuple[Score, SpanData | None]]] = {}
            for cells, spans in overall_rows:
                for index, column in answer_columns.items():
                    key = str(column)
                    if index < len(cells):
                        score = self._table_score(cells[index], cells[0])
                        if isinstance(score, int | float):
                            found.setdefault(key, []).append((score, _span(*spans[index])))
            for key, answer_readings in found.items():
                chosen = agreed(answer_readings, f"scores for Answer {key}")
                if isinstance(chosen, str):
                    v.reason = chosen
                    return True
                v.answer_scores[key], span = chosen
                if span is not None:
                    v.answer_score_spans[key] = span
            if len(v.answer_scores) < 2:
                v.answer_scores.clear()
                v.answer_score_spans.clear()
                return False
            settle_pairwise(v)
            return True
        readings: list[tuple[Score, SpanData | None]] = []
        for cells, spans in overall_rows:
            for index in range(1, len(cells)):
                score = self._table_score(cells[index], cells[0])
                if isinstance(score, int | float):
                    readings.append((score, _span(*spans[index])))
                    break
        if not readings:
            return False
        chosen = agreed(readings, "overall scores")
        if isinstance(chosen, str):
            v.reason = chosen
            return True
        v.score, v.score_span = chosen
        v.parsed = True
        return True

    def _table_score(self, cell: str, name: str) -> Score | Literal["N/A"] | None:
        inner = cell.strip("[]［］ ")
        if _NA.match(inner):
            return "N/A"
        if parse_number(inner) is None:
            return None
        return self._score(inner, name)

    # --- prose (custom templates) -------------------------------------------------------------

    _STRONG = (
        re.compile(
            rf"\brate\s+(?:this|the|it)\s*(?:answer|response)?\s+(?:as|at|a|an)?\s*({_NUM})\b",
            re.IGNORECASE,
        ),
        # "give it a 4", "assign a score of 4", "give 4/5": the judge's verb with an object, a
        # score word or a scale; "the answer gives 2" (the answer's doing) is none of these.
        re.compile(
            r"\b(?:give|assign|award)s?\s+"
            r"(?:(?:it|this\s+answer|the\s+answer|this\s+response|the\s+response)\s*(?:a|an)?"
            r"|(?:it\s+)?(?:a|an)?\s*(?:score|rating|grade)\s*(?:of)?)\s*"
            rf"({_NUM})(?:\s*(?:/|out\s+of)\s*\d+)?\s*(?:points?|stars?)?\b",
            re.IGNORECASE,
        ),
        re.compile(
            rf"\b(?:give|assign|award)s?\s+({_NUM})\s*(?:/|out\s+of)\s*(\d+)\b", re.IGNORECASE
        ),
        re.compile(
            r"\bscore\s+(?:it|this(?:\s+answer|\s+response)?|the\s+(?:answer|response))\s+"
            rf"(?:a|an|as|at)?\s*({_NUM})\b",
            re.IGNORECASE,
        ),
        re.compile(
            r"\b(?:overall\s+|final\s+|total\s+)?(?:score|rating|grade)[ \t]*(?:is|:|：|=|of)"
            rf"[ \t]*(?:\*\*)?({_NUM})\b",
            re.IGNORECASE,
        ),
        re.compile(
            r"(?:\boverall|总体|综合|総合|总分|整体)[ \t]*(?:score|rating|评分|得分|評価|スコア)?"
            rf"[ \t]*(?:is|:|：|=|为|は)[ \t]*(?:\*\*)?({_NUM})",
            re.IGNORECASE,
        ),
        re.compile(rf"\b({_NUM})\s*(?:/|out\s+of)\s*(\d+)\b", re.IGNORECASE),
        re.compile(rf"\bdeserves?\s+(?:a|an)?\s*(?:score\s+of\s+|rating\s+of\s+)?({_NUM})\b", re.I),
        re.compile(rf"打\s*({_NUM})\s*分"),
        re.compile(rf"(?:给出?|评为|评定为)\s*({_NUM})\s*分"),
        re.compile(rf"(?:评分|得分|分数|总分)[ \t]*(?:为|是|:|：)?[ \t]*({_NUM})\s*分?"),
        re.compile(rf"(?:評価|スコア|点数)[ \t]*(?:は|:|：)[ \t]*({_NUM})"),
        re.compile(rf"を?\s*({_NUM})\s*点?\s*と評価"),
    )
    _WEAK = (
        re.compile(rf"\bscored?\s+({_NUM})\b", re.IGNORECASE),
        re.compile(rf"({_NUM})\s*分"),
        re.compile(rf"({_NUM})\s*点"),
    )

    def _read_prose(self) -> bool:
        v = self.verdict
        strong = self._prose_matches(self._STRONG)
        weak = [] if strong else self._prose_matches(self._WEAK)
        candidates = strong or weak
        if not candidates:
            return False
        v.source = "prose"
        chosen = agreed([(value, _span(s, e)) for value, s, e in candidates], "scores")
        if isinstance(chosen, str):
            v.reason = chosen.replace("the verdict states", "the text states")
            return True
        v.score, v.score_span = chosen
        v.parsed = True
        if not strong:
            v.ambiguities.append("the score was read from loose prose; check it")
        return True

    def _prose_matches(self, patterns: tuple[re.Pattern[str], ...]) -> list[tuple[Score, int, int]]:
        found: dict[int, tuple[Score, int, int]] = {}
        text = self.text
        for pattern in patterns:
            for match in pattern.finditer(text):
                start, end = match.span(1)
                if start in found:
                    continue
                # "4/10" against a 1..5 scale: a reason to distrust, not to rescale.
                stated_scale = match.group(2) if len(match.groups()) >= 2 else None
                if stated_scale and int(stated_scale) != self.max_score:
                    continue
                if stated_scale and _COUNT_AFTER.match(text, match.end()):
                    continue  # "4 out of 5 criteria" is a count
                if (
                    _other_scale(text, end, self.max_score)
                    or _count_or_ordinal(text, start, end)
                    or _list_number(text, start, end)
                    or _negated(self.clauses, start, end)
                    or _quoted(self.clauses, start, end)
                ):
                    continue
                value = self._score(match.group(1), "score")
                if value is not None:
                    found[start] = (value, start, end)
        return sorted(found.values(), key=lambda item: item[1])

    # --- JSON verdicts ------------------------------------------------------------------------

    _OVERALL_KEYS: frozenset[str] = frozenset({
        "总分", "总体评分", "综合评分", "综合得分", "总评分", "最终评分", "overall", "overallscore",
        "overallrating", "score", "totalscore", "total", "finalscore", "rating", "総合評価",
        "総合スコア", "総合点", "総合得点", "finalrating", "总体", "综合", "総合",
    })  # fmt: skip
    _SCORE_KEYS = frozenset({"分数", "得分", "评分", "score", "rating", "スコア", "点数", "評価"})
    _WINNER_KEYS = frozenset(
        {"winner", "better", "betteranswer", "胜者", "更好的回复", "更好的回答", "勝者"}
    )

    def _read_json(self) -> bool:
        """A JSON object: the whole text, a fenced block, or the last object after prose; one
        cut off after its score is read up to the cut."""
        found = find_json_object(self.text)
        if found is None:
            return False
        data, offset = found
        v = self.verdict
        v.source = "json"
        cursor = offset
        overall: list[tuple[Score, SpanData | None]] = []
        nested: list[tuple[Score, SpanData | None]] = []
        winners: list[tuple[Winner, SpanData | None]] = []
        for key, value in data.items():
            norm = _norm_key(key)
            span = self._json_span(str(key), cursor)
            if span is not None:
                cursor = span["end"]
            if (norm in self._OVERALL_KEYS or norm in self._SCORE_KEYS) and not isinstance(
                value, dict | list
            ):
                score = self._score(str(value), "overall")
                if score is not None:
                    overall.append((score, span))
                continue
            if norm in self._WINNER_KEYS:
                winner = parse_winner(str(value)) or parse_winner(f"answer {value}")
                if winner is None and str(value).strip().upper() in ("A", "B", "C"):
                    winner = {"A": 1, "B": 2, "C": "tie"}[str(value).strip().upper()]  # type: ignore[assignment]
                if winner is not None:
                    winners.append((winner, span))
                continue
            answer_ref = _ANSWER_REF.fullmatch(
                re.sub(r"(?:的)?(?:score|总分|综合评分|得分|分数|overall)$", "", norm)
            )
            if answer_ref:
                answer = _answer_no(answer_ref.group(1))
                raw = self._inner_score(value, self._OVERALL_KEYS | self._SCORE_KEYS)
                score = self._score(raw, f"answer {answer}") if raw is not None else None
                if answer is not None and score is not None:
                    v.answer_scores[str(answer)] = score
                    if span is not None:
                        v.answer_score_spans[str(answer)] = span
                continue
            if isinstance(value, dict):
                inner_overall = self._inner_score(value, self._OVERALL_KEYS - self._SCORE_KEYS)
                if inner_overall is not None and (score := self._score(inner_overall, key)):
                    nested.append((score, self._json_span(str(key), offset)))
                    continue
                if _OVERALL_NAME.match(norm) or norm in ("scores", "评分结果", "評価結果"):
                    raw = self._inner_score(value, self._SCORE_KEYS)
                    if raw is not None and (score := self._score(raw, key)):
                        nested.append((score, span))
                    self._json_criteria(value, cursor)
                    continue
            raw = self._inner_score(value, self._SCORE_KEYS)
            if raw is None:
                continue
            if _NA.match(raw.strip()):
                v.criteria.append(_criterion(str(key), "N/A", None, None, span))
                continue
            score = self._score(raw, str(key))
            if score is not None:
                v.criteria.append(_criterion(str(key), score, None, None, span))
        readings = overall or nested
        if readings:
            chosen = agreed(readings, "overall scores")
            if isinstance(chosen, str):
                v.reason = chosen
                return True
            v.score, v.score_span = chosen
        if winners:
            distinct = {w for w, _ in winners}
            if len(distinct) > 1:
                names = " and ".join(sorted(winner_name(w) for w in distinct))
                v.reason = f"the verdict names more than one winner ({names})"
                return True
            v.winner, v.winner_span = winners[-1]
        if self.mode == "pairwise":
            if len(v.answer_scores) < 2:
                v.answer_scores.clear()
                v.answer_score_spans.clear()
            settle_pairwise(v)
            if not v.parsed and not v.reason:
                v.reason = "the JSON verdict has no winner and not both answers' scores"
        else:
            v.parsed = v.score is not None
        if not v.parsed and not v.reason:
            v.reason = "the JSON verdict has no overall score key (such as 总分, overall or score)"
        return True

    def _json_criteria(self, value: dict[str, Any], cursor: int) -> None:
        """{"scores": {"accuracy": 4, "overall": 3}}: the other keys are the criteria."""
        for key, inner in value.items():
            norm = _norm_key(key)
            if norm in self._OVERALL_KEYS or norm in self._SCORE_KEYS:
                continue
            raw = self._inner_score(inner, self._SCORE_KEYS)
            if raw is None:
                continue
            span = self._json_span(str(key), cursor)
            score: Score | Literal["N/A"] | None = (
                "N/A" if _NA.match(raw.strip()) else self._score(raw, str(key))
            )
            if score is not None:
                self.verdict.criteria.append(_criterion(str(key), score, None, None, span))

    @staticmethod
    def _inner_score(value: Any, keys: frozenset[str]) -> str | None:
        if isinstance(value, dict):
            for k, inner in value.items():
                if _norm_key(k) in keys and not isinstance(inner, dict | list):
                    return str(inner)
            return None
        if isinstance(value, bool | list) or value is None:
            return None
        if isinstance(value, int | float) or (
            isinstance(value, str) and parse_number(value) is not None
        ):
            return str(value)
        if isinstance(value, str) and _NA.match(value.strip()):
            return value
        return None

    def _json_span(self, key: str, cursor: int) -> SpanData | None:
        """Where a key's score sits in the raw text, so the TUI can highlight it."""
        encoded_key = json.dumps(key, ensure_ascii=False)
        at = self.text.find(encoded_key, cursor)
        if at == -1:
            at = self.text.find(json.dumps(key), cursor)
        if at == -1:
            return None
        after = at + len(encoded_key)
        match = _JSON_NUMBER.search(self.text, after)
        if match is None or match.start() - after > 200:
            return _span(at, after)
        return _span(match.start(), match.end())


_JSON_NUMBER = re.compile(r"\"?\s*-?[\d０-９]+(?:\.\d+)?\s*\"?|\"(?:N/A|n/a)\"")
_FENCE = re.compile(r"```(?:json|JSON)?[ \t]*\n?(.*?)(?:```|$)", re.DOTALL)


def _norm_key(key: object) -> str:
    return re.sub(r"[\s_\-]", "", str(key)).lower()


def find_json_object(text: str) -> tuple[dict[str, Any], int] | None:
    """The verdict's JSON object and where it starts: the whole text, else the last fenced
    block, else the last `{` that starts an object. An object cut off (the judge ran out of
    tokens) is read up to its last complete value."""
    stripped = text.strip()
    if stripped.startswith("{"):
        try:
            data = json.loads(stripped)
        except ValueError:
            pass
        else:
            return (data, text.index("{")) if isinstance(data, dict) else None
    candidates: list[int] = []
    for fence in _FENCE.finditer(text):
        brace = text.find("{", fence.start(1), fence.end(1) if fence.end(1) > 0 else None)
        if brace != -1:
            candidates.append(brace)
    if not candidates:
        at = text.find("{")
        # Only objects that start a line or follow a colon: braces in prose are rarely JSON.
        while at != -1 and len(candidates) < 20:
            if at == 0 or text[at - 1] in "\n :：" or text[:at].rstrip().endswith(("\n", ":")):
                candidates.append(at)
            at = text.find("{", at + 1)
    decoder = json.JSONDecoder()
    best: tuple[dict[str, Any], int] | None = None
    covered = -1  # the end of the last object read: a `{` before it is inside that object
    for start in candidates:
        if start < covered:
            continue
        try:
            data, covered = decoder.raw_decode(text, start)
        except ValueError:
            data = _cut_off_object(text, start)
            covered = len(text) if data is not None else covered
        if isinstance(data, dict) and data:
            best = (data, start)  # the last object wins: prose may show an example first
    return best


def _cut_off_object(text: str, start: int) -> dict[str, Any] | None:
    """A JSON object that stops before its end, read up to its last complete member."""
    stack: list[str] = []
    in_string = False
    escaped = False
    last_good = -1  # index just before a comma that closes a complete member
    closers_at_good: list[str] = []
    for index in range(start, min(len(text), start + 200_000)):
        ch = text[index]
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
            continue
        if ch == '"':
            in_string = True
        elif ch in "{[":
            stack.append("}" if ch == "{" else "]")
        elif ch in "}]":
            if not stack:
                return None
            stack.pop()
            if not stack:
                return None  # complete: raw_decode failed for another reason
            last_good, closers_at_good = index + 1, list(stack)
        elif ch == ",":
            last_good, closers_at_good = index, list(stack)
    if last_good == -1:
        return None
    repaired = text[start:last_good] + "".join(reversed(closers_at_good))
    try:
        data = json.loads(repaired)
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


def pai_verdict(text: str, mode: str, max_score: int) -> Draft:
    """Read a verdict in the service's own forms (the `pai` verdict format)."""
    return _Reader(text, mode, max_score).read()


def verdict_data(
    text: str, mode: str = "single", max_score: int = 5, verdict_format: str = "pai"
) -> VerdictData:
    """Read any verdict text into the JSON form of its `Verdict` (what `model_dump(mode="json")`
    gives), for storing without building the model. `mode` is single, pairwise or custom;
    `verdict_format` one of docs/verdicts.md; never raises."""
    try:
        if verdict_format == "pai":
            draft = pai_verdict(text or "", str(mode), max_score)
        else:
            from judge_tui.judging.verdict_formats import read_format

            draft = read_format(text or "", str(mode), max_score, verdict_format)
        draft.verdict_format = verdict_format
        return draft.finish().data()
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
