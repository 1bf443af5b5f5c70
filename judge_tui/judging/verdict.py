"""Read a judge's verdict text into scores, winner and criteria, with the spans they came from.

The reader never invents a score: when nothing reliable is found the verdict says
`parsed=False` with the reason. It reads the documented marker forms (docs/service.md §4) in
English, Chinese and Japanese, `json_object` verdicts, and the free prose of custom templates.
"""

from __future__ import annotations

import json
import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from judge_tui.judging.scores import Score, fmt_score

AnswerNo = Literal[1, 2]
Winner = Literal[1, 2, "tie"]


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
    answer_scores: dict[str, Score] = Field(default_factory=dict)
    answer_score_spans: dict[str, Span] = Field(default_factory=dict)
    criteria: list[Criterion] = Field(default_factory=list)
    markers: list[Span] = Field(default_factory=list)  # every [[...]] in the text
    ambiguities: list[str] = Field(default_factory=list)
    source: Literal["markers", "json", "prose", "none"] = "none"

    def headline(self) -> str:
        """One line: `Score 3/5`, `Winner: Answer 1 (4/5 vs 2/5)`, or why it is unreadable."""
        if not self.parsed:
            return f"Not readable: {self.reason}"
        parts: list[str] = []
        if self.winner is not None:
            parts.append("Winner: Tie" if self.winner == "tie" else f"Winner: Answer {self.winner}")
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
class _Draft:
    """What the reader has found so far: the fields of `Verdict`, in its order."""

    parsed: bool = False
    reason: str | None = None
    score: Score | None = None
    score_span: SpanData | None = None
    max_score: int = 5
    winner: Winner | None = None
    winner_span: SpanData | None = None
    answer_scores: dict[str, Score] = field(default_factory=dict)
    answer_score_spans: dict[str, SpanData] = field(default_factory=dict)
    criteria: list[dict[str, Any]] = field(default_factory=list)
    markers: list[SpanData] = field(default_factory=list)
    ambiguities: list[str] = field(default_factory=list)
    source: str = "none"

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


def parse_number(text: str) -> Score | None:
    """A score written as digits (ASCII or full-width), a decimal, or a word; else None."""
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
        value = float(match.group(1))
        return int(value) if value.is_integer() else value
    return None


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
_CRITERION_LINE = re.compile(
    r"^[ \t*#>-]*(?:\d{1,2}|[一二三四五六七八九十]{1,2})\s*[.、．)）]\s*"
    r"(?:\*\*)?([^:：\n\[\]［］]{1,48}?)(?:\*\*)?\s*[:：]",
    re.MULTILINE,
)
_CRITERION_FIRST = " \t*#>-一二三四五六七八九十"
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
    criterion: str | None  # the numbered criterion line it sits on, if any
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
            criteria_at[line_start] = match.group(1).strip()
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


def _parse_winner(inner: str) -> Winner | None:
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


class _Reader:
    def __init__(self, text: str, mode: str, max_score: int) -> None:
        self.text = text
        self.mode = mode
        self.max_score = max_score
        self.verdict = _Draft(max_score=max_score)

    # A score out of range is rejected and noted, never clamped.
    def _score(self, raw: str, where: str) -> Score | None:
        value = parse_number(raw)
        if value is None:
            return None
        if not 1 <= value <= self.max_score:
            self.verdict.ambiguities.append(
                f"{where}: score {fmt_score(value)} is outside 1..{self.max_score}; ignored"
            )
            return None
        return value

    def read(self) -> _Draft:
        v = self.verdict
        found = _find_markers(self.text)
        v.markers = [_span(m.start(), m.end()) for m in found]
        if not self.text.strip():
            v.reason = "the verdict is empty"
            return v
        if self._looks_like_json() and self._read_json():
            return v
        markers = _scan_markers(self.text, found)
        if markers:
            if self.mode == "pairwise":
                self._read_pairwise_markers(markers)
            else:
                self._read_single_markers(markers)
            if v.parsed:
                v.source = "markers"
                return v
        if self.mode != "pairwise" and self._read_prose():
            v.source = "prose"
            return v
        if not v.reason:
            v.reason = (
                "no score marker such as [[3]] and no sentence that states a score was found"
                if not markers
                else "the [[...]] markers found do not say an overall score or winner"
            )
        return v

    # --- marker verdicts ----------------------------------------------------------------------

    def _read_single_markers(self, markers: list[_Marker]) -> None:
        v = self.verdict
        overall: list[tuple[Score, _Marker]] = []
        plain: list[tuple[Score, _Marker]] = []
        previous_end = 0
        for marker in markers:
            context = _context_before(self.text, marker, previous_end)
            previous_end = marker.end
            if marker.criterion is not None:
                self._criterion_from_marker(marker, context)
                continue
            value = self._score(marker.inner, "overall")
            if value is None:
                if parse_number(marker.inner) is None and not _NA.match(marker.inner):
                    v.ambiguities.append(f"unrecognised marker [[{marker.inner}]]")
                continue
            if _OVERALL.search(context):
                overall.append((value, marker))
            else:
                plain.append((value, marker))
        chosen: tuple[Score, _Marker] | None = None
        if overall:
            chosen = overall[0]
            others = {fmt_score(val) for val, _ in overall[1:] if val != chosen[0]}
            if others:
                v.reason = (
                    f"the verdict states different overall scores ({fmt_score(chosen[0])} and "
                    f"{', '.join(sorted(others))})"
                )
                return
        elif len(plain) == 1 and not v.criteria:
            chosen = plain[0]
        elif plain:
            v.ambiguities.append("several [[n]] markers and none is marked as the overall score")
        if chosen is None:
            if v.criteria:
                v.reason = "criteria were scored but no overall score marker was found"
            return
        v.score, v.score_span = chosen[0], chosen[1].span
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
        loose: dict[str, tuple[Score, _Marker]] = {}
        for marker in markers:
            context = _context_before(self.text, marker, previous_end)
            previous_end = marker.end
            if marker.criterion is not None:
                self._criterion_from_marker(marker, context)
                continue
            winner = _parse_winner(marker.inner) if parse_number(marker.inner) is None else None
            if winner is not None:
                if v.winner is None:
                    v.winner, v.winner_span = winner, marker.span
                elif v.winner != winner:
                    v.ambiguities.append(
                        "the verdict names more than one winner; the first is kept"
                    )
                continue
            rating = _RATING_MARKER.match(marker.inner)
            if rating:
                answer = _answer_no(rating.group(1))
                value = self._score(rating.group(2), f"answer {answer}")
                if answer is not None and value is not None:
                    loose.setdefault(str(answer), (value, marker))
                continue
            value = self._score(marker.inner, "answer score")
            if value is None:
                if parse_number(marker.inner) is None:
                    v.ambiguities.append(f"unrecognised marker [[{marker.inner}]]")
                continue
            refs = _ANSWER_REF.findall(context)
            if not refs:
                v.ambiguities.append(f"cannot tell which answer [[{marker.inner}]] is for")
                continue
            answer = _answer_no(refs[-1])
            if answer is None:
                continue
            key = str(answer)
            if _OVERALL.search(context):
                if key in v.answer_scores and v.answer_scores[key] != value:
                    v.ambiguities.append(f"answer {key} has two overall scores; the first is kept")
                    continue
                v.answer_scores.setdefault(key, value)
                v.answer_score_spans.setdefault(key, marker.span)
            else:
                loose.setdefault(key, (value, marker))
        # Scores next to an answer but without an "overall" word count only when no overall
        # scores were stated at all.
        if not v.answer_scores:
            for key, (value, marker) in loose.items():
                v.answer_scores[key] = value
                v.answer_score_spans[key] = marker.span
        if v.winner is not None and len(v.answer_scores) == 2:
            one, two = v.answer_scores["1"], v.answer_scores["2"]
            implied: Winner = "tie" if one == two else (1 if one > two else 2)
            if implied != v.winner:
                v.ambiguities.append("the winner named disagrees with the overall scores")
        if v.winner is not None or len(v.answer_scores) == 2:
            v.parsed = True
        else:
            v.reason = "no winner marker and not both answers' overall scores were found"

    # --- prose (custom templates) -------------------------------------------------------------

    _STRONG = (
        re.compile(
            rf"\brate\s+(?:this|the)\s+(?:answer|response)\s+(?:as|at|a|an)?\s*({_NUM})\b",
            re.IGNORECASE,
        ),
        re.compile(
            r"\b(?:give|assign|award)s?\s+"
            r"(?:it|this\s+answer|the\s+answer|this\s+response)?\s*(?:a|an)?\s*"
            rf"(?:score|rating)?\s*(?:of)?\s*({_NUM})(?:\s*(?:/|out\s+of)\s*\d+)?\s*(?:points?)?\b",
            re.IGNORECASE,
        ),
        re.compile(
            r"\b(?:overall\s+|final\s+|total\s+)?(?:score|rating)\s*(?:is|:|：|=|of)\s*"
            rf"({_NUM})\b",
            re.IGNORECASE,
        ),
        re.compile(rf"\b({_NUM})\s*(?:/|out\s+of)\s*(\d+)\b", re.IGNORECASE),
        re.compile(rf"打\s*({_NUM})\s*分"),
        re.compile(rf"(?:评分|得分|分数|总分|评为)\s*(?:为|是|:|：)?\s*({_NUM})\s*分?"),
        re.compile(rf"(?:評価|スコア|点数)\s*(?:は|:|：)\s*({_NUM})"),
    )
    _WEAK = (
        re.compile(rf"\bscored?\s+({_NUM})\b", re.IGNORECASE),
        re.compile(rf"({_NUM})\s*分"),
        re.compile(rf"({_NUM})\s*点"),
    )

    def _read_prose(self) -> bool:
        v = self.verdict
        strong = self._prose_matches(self._STRONG)
        weak = self._prose_matches(self._WEAK)
        candidates = strong or weak
        if not candidates:
            return False
        value, start, end = candidates[0]
        conflicting = sorted({fmt_score(val) for val, _, _ in strong if val != value})
        if conflicting:
            v.reason = (
                f"the text states different scores ({fmt_score(value)} and "
                f"{', '.join(conflicting)})"
            )
            return False
        v.score, v.score_span = value, _span(start, end)
        v.parsed = True
        if not strong:
            v.ambiguities.append("the score was read from loose prose; check it")
        return True

    def _prose_matches(self, patterns: tuple[re.Pattern[str], ...]) -> list[tuple[Score, int, int]]:
        found: list[tuple[Score, int, int]] = []
        for pattern in patterns:
            for match in pattern.finditer(self.text):
                # "4/10" against a 1..5 scale: a reason to distrust, not to rescale.
                stated_scale = match.group(2) if len(match.groups()) >= 2 else None
                if stated_scale and int(stated_scale) != self.max_score:
                    continue
                value = self._score(match.group(1), "score")
                if value is not None:
                    found.append((value, match.start(1), match.end(1)))
        found.sort(key=lambda item: item[1])
        return found

    # --- json_object verdicts -----------------------------------------------------------------

    _OVERALL_KEYS: frozenset[str] = frozenset({
        "总分", "总体评分", "综合评分", "综合得分", "总评分", "最终评分", "overall", "overallscore",
        "overallrating", "score", "totalscore", "total", "finalscore", "rating", "総合評価",
        "総合スコア", "総合点", "総合得点",
    })  # fmt: skip
    _SCORE_KEYS = frozenset({"分数", "得分", "评分", "score", "rating", "スコア", "点数", "評価"})
    _WINNER_KEYS = frozenset(
        {"winner", "better", "betteranswer", "胜者", "更好的回复", "更好的回答", "勝者"}
    )

    def _looks_like_json(self) -> bool:
        return self.text.lstrip().startswith(("{", "```"))

    def _read_json(self) -> bool:
        v = self.verdict
        body = self.text.strip()
        fence = re.match(r"^```(?:json)?\s*(.*?)\s*```$", body, re.DOTALL)
        if fence:
            body = fence.group(1)
        try:
            data = json.loads(body)
        except ValueError:
            return False
        if not isinstance(data, dict):
            return False
        v.source = "json"
        cursor = 0
        for key, value in data.items():
            norm = re.sub(r"[\s_\-]", "", str(key)).lower()
            span = self._json_span(str(key), value, cursor)
            if span is not None:
                cursor = span["end"]
            if norm in self._OVERALL_KEYS and not isinstance(value, dict | list):
                score = self._score(str(value), "overall")
                if score is not None and v.score is None:
                    v.score, v.score_span = score, span
                continue
            if norm in self._WINNER_KEYS:
                winner = _parse_winner(str(value)) or _parse_winner(f"answer {value}")
                if winner is not None:
                    v.winner, v.winner_span = winner, span
                continue
            answer_ref = _ANSWER_REF.fullmatch(
                re.sub(r"(?:的)?(?:score|总分|综合评分|得分|分数)$", "", norm)
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
            raw = self._inner_score(value, self._SCORE_KEYS)
            if raw is None:
                continue
            if _NA.match(raw.strip()):
                v.criteria.append(_criterion(str(key), "N/A", None, None, span))
                continue
            score = self._score(raw, str(key))
            if score is not None:
                v.criteria.append(_criterion(str(key), score, None, None, span))
        if self.mode == "pairwise":
            v.parsed = v.winner is not None or len(v.answer_scores) == 2
        else:
            v.parsed = v.score is not None
        if not v.parsed:
            v.reason = "the JSON verdict has no overall score key (such as 总分, overall or score)"
        return True

    @staticmethod
    def _inner_score(value: Any, keys: frozenset[str]) -> str | None:
        if isinstance(value, dict):
            for k, inner in value.items():
                if re.sub(r"[\s_\-]", "", str(k)).lower() in keys and not isinstance(
                    inner, dict | list
                ):
                    return str(inner)
            return None
        if isinstance(value, bool | list):
            return None
        if isinstance(value, int | float) or (
            isinstance(value, str) and parse_number(value) is not None
        ):
            return str(value)
        if isinstance(value, str) and _NA.match(value.strip()):
            return value
        return None

    def _json_span(self, key: str, value: Any, cursor: int) -> SpanData | None:
        """Where a key's score sits in the raw text, so the TUI can highlight it."""
        encoded_key = json.dumps(key, ensure_ascii=False)
        at = self.text.find(encoded_key, cursor)
        if at == -1:
            at = self.text.find(json.dumps(key), cursor)
        if at == -1:
            return None
        after = at + len(encoded_key)
        number = re.compile(r"\"?\s*-?[\d０-９]+(?:\.\d+)?\s*\"?|\"(?:N/A|n/a)\"")
        match = number.search(self.text, after)
        if match is None or match.start() - after > 200:
            return _span(at, after)
        return _span(match.start(), match.end())


def verdict_data(text: str, mode: str = "single", max_score: int = 5) -> VerdictData:
    """Read any verdict text into the JSON form of its `Verdict` (what `model_dump(mode="json")`
    gives), for storing without building the model. `mode` is single, pairwise or custom;
    never raises."""
    try:
        return _Reader(text or "", str(mode), max_score).read().data()
    except Exception as exc:  # a reader bug must not lose the verdict text
        return _Draft(max_score=max_score, reason=f"the reader failed: {exc!r}").data()


def read_verdict(text: str, mode: str = "single", max_score: int = 5) -> Verdict:
    """Read any verdict text. `mode` is single, pairwise or custom; never raises."""
    data = verdict_data(text, mode, max_score)
    try:
        return Verdict.model_validate(data)
    except ValidationError as exc:  # a reader bug must not lose the verdict text
        return Verdict(parsed=False, max_score=max_score, reason=f"the reader failed: {exc!r}")
