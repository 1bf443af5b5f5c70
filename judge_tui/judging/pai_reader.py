"""The `pai` verdict format: the service's own markers (docs/service.md §4) in English, Chinese
and Japanese, with the criteria and groups around them, and what judges write instead of them:
Markdown score tables, JSON verdicts, and the prose of custom templates. What it reads and what
it refuses is in docs/verdicts.md."""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Literal

from judge_tui.judging.scores import Score
from judge_tui.judging.verdict import (
    AnswerNo,
    Draft,
    SpanData,
    Winner,
    criterion_data,
    span_data,
)
from judge_tui.judging.verdict_context import (
    ANSWER_REF,
    ANSWER_WORD,
    ANSWER_WORD_AT_START,
    COUNT_AFTER,
    NA,
    NUM,
    REFUSAL,
    Clauses,
    agreed,
    agreed_winner,
    alternative,
    answer_no,
    count_or_ordinal,
    criteria_numbers,
    criterion_line_label,
    disclaimed,
    hedged,
    list_number,
    malformed_number,
    negated,
    not_one_score,
    other_scale,
    parse_number,
    parse_winner,
    plain_apostrophes,
    quoted,
    rubric_level,
    score_in_scale,
    settle_pairwise,
    struck_out,
    supposed,
    winner_value,
)
from judge_tui.judging.verdict_json import JSON_NUMBER, find_json_object, norm_key

# --- markers --------------------------------------------------------------------------------

_MARKER = re.compile(
    r"(?:\[\[|［［|【【|〚)\s*([^\[\]［］【】〚〛\n]{0,120}?)\s*(?:\]\]|］］|】】|〛)"
)
# Words that name one of the two answers, and words for a rating, in every language we read.
_RATING_WORD = r"(?:rating|score|评分|得分|分数|評価|スコア)"
_BOTH = re.compile(
    r"both answers|two answers|both responses"
    r"|两个回复|两个回答|两者|二者|双方|両方|両回答|二つの回答",
    re.IGNORECASE,
)
_RATING_MARKER = re.compile(
    rf"^{_RATING_WORD}?\s*(?:for|of)?\s*{ANSWER_WORD}\s*([12１２])\s*(?:的)?\s*{_RATING_WORD}?"
    r"\s*[:：=]\s*(.+)$",
    re.IGNORECASE,
)
_OVERALL = re.compile(
    r"overall\s+(?:score|rating)|final\s+(?:score|rating)|total\s+score|overall\s*[:：]"
    r"|综合评分|综合得分|综合分|总分|总体评分|总评分|最终评分|最终得分|整体评分"
    r"|総合評価|総合スコア|総合点|総合得点|全体評価|全体的な評価",
    re.IGNORECASE,
)
# The judge correcting its own score, in so many words: "I revise the overall score to",
# "Correction:", "更正为", "訂正".
_REVISION = re.compile(
    r"\b(?:revis(?:e|ed|ing)|correct(?:ed|ing)|chang(?:e|ed|ing)|updat(?:e|ed|ing)"
    r"|adjust(?:ed|ing)?|lower(?:ed|ing)?|rais(?:e|ed|ing))\s+(?:my\s+|the\s+|this\s+)?"
    r"(?:overall\s+|final\s+)?(?:score|rating)\b|\bcorrection\s*[:：]|更正|修正为|改为|訂正",
    re.IGNORECASE,
)
# After a score, another offered in its place: "2, or 4 if the typo is ignored", "3 or maybe 4".
_OR_ELSE_AFTER = re.compile(
    r"(?:[ \t]*(?:/|out[ \t]+of)[ \t]*\d+)?[ \t]*,?[ \t]*(?:\bor\b|或)", re.I
)
# A criterion whose name says it is the overall score ("5. Overall:", "| 综合 | 4 |",
# "| Weighted total | | 3 |").
_OVERALL_NAME = re.compile(
    r"^(?:weighted\s+|grand\s+)?"
    r"(?:overall|total|final|summary|总体|综合|總合|总分|总评|整体|最终|総合|全体|合計)",
    re.IGNORECASE,
)
# A criterion line named only for the score is the score's line: "**Score:** [[4]]" (its bold
# had made a one-criterion list named "Score"). Not "Result": a list may score the answer's.
_SCORE_NAME = re.compile(
    r"(?:my\s+|the\s+)?(?:score|rating|grade|评分|得分|分数|評価|スコア|点数)", re.IGNORECASE
)
# A JSON object under one of these keys holds the verdict's own score, not a criterion's.
_RESULT_KEYS = frozenset({
    "scores", "evaluation", "assessment", "result", "results", "verdict", "judgment",
    "judgement", "rating", "评分结果", "评价", "评估", "结果", "評価結果", "評価", "結果",
})  # fmt: skip
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
# A word a judge puts before the score it gives: "earns a solid 4", "I'd call it a fair 3".
_SCORE_ADJECTIVE = (
    r"(?:(?:solid|strong|fair|decent|generous|clear|respectable|modest|mere|low|high|weak|full"
    r"|well-deserved)\s+)"
)


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
        return span_data(self.start, self.end)


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


class _Reader:
    def __init__(self, text: str, mode: str, max_score: int) -> None:
        self.text = text
        self.mode = mode
        self.max_score = max_score
        self.verdict = Draft(max_score=max_score)
        self._clauses: Clauses | None = None
        # Where prose gives a score with another beside it ("4 or 5", "maybe 4"): no reading,
        # but a final one so given leaves the verdict's score open (_read_prose).
        self._hedged_scores: list[int] = []
        # A score said in a number no reader can take ("Score: 2.5.0"), for the reason given
        self._malformed_score: str | None = None

    @property
    def clauses(self) -> Clauses:
        if self._clauses is None:
            self._clauses = Clauses(self.text)
        return self._clauses

    # A score out of range is rejected and noted, never clamped.
    def _score(self, raw: str, where: str) -> Score | None:
        return score_in_scale(self.verdict, raw, where)

    def read(self) -> Draft:
        v = self.verdict
        found = _find_markers(self.text)
        v.markers = [span_data(m.start(), m.end()) for m in found]
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
        if self.mode == "pairwise" and self._read_prose_winner():
            return v
        if not v.reason:
            if REFUSAL.search(self.text):
                v.reason = "the judge declined to give a score"
            elif self.mode == "pairwise":
                v.reason = "no winner and not both answers' overall scores were found"
            elif v.criteria:
                v.reason = "criteria were scored but no overall score was found"
            elif markers:
                v.reason = "the [[...]] markers found do not say an overall score or winner"
            elif self._malformed_score is not None:
                v.reason = (
                    f"the score is written as {self._malformed_score}, which is not one number"
                )
            else:
                v.reason = (
                    "no score marker such as [[3]] and no sentence that states a score was found"
                )
        return v

    def _usable(self, marker: _Marker) -> bool:
        """A marker the judge gave as its own reading: not quoted, not in a refusal, not only
        supposed ("如果…，综合评分可以是[[5]]")."""
        if quoted(self.clauses, marker.start, marker.end):
            self.verdict.ambiguities.append(f"[[{marker.inner}]] is quoted, not the judge's own")
            return False
        if negated(self.clauses, marker.start, marker.end):
            self.verdict.ambiguities.append(f"[[{marker.inner}]] is in a negation; ignored")
            return False
        if supposed(self.clauses, marker.start, marker.end, if_after_needs_mood=True):
            self.verdict.ambiguities.append(f"[[{marker.inner}]] is only supposed; ignored")
            return False
        # Pairwise verdicts give the two answers' scores side by side ("[[4]] and [[2]]").
        if self.mode != "pairwise" and alternative(self.text, marker.start, marker.end):
            self.verdict.ambiguities.append(f"[[{marker.inner}]] is one of alternatives weighed")
            return False
        if disclaimed(self.text, marker.end):
            self.verdict.ambiguities.append(
                f"[[{marker.inner}]] is set aside by the words after it"
            )
            return False
        if other_scale(self.text, marker.end, self.max_score):
            self.verdict.ambiguities.append(
                f"[[{marker.inner}]] is given on another scale than 1..{self.max_score}; ignored"
            )
            return False
        return True

    # --- marker verdicts ----------------------------------------------------------------------

    def _reading_markers(self, markers: list[_Marker]) -> Iterator[tuple[_Marker, str, bool]]:
        """Each marker that may hold the overall reading, with the text before it and whether
        its list line names it the overall one. A criterion's own marker is read into the
        criteria here and not yielded: a quote or a refusal there changes no overall reading,
        and checking each of them was most of a long verdict's reading time."""
        previous_end = 0
        for marker in markers:
            context = _context_before(self.text, marker, previous_end)
            previous_end = marker.end
            named_overall = marker.criterion is not None and bool(
                _OVERALL_NAME.match(marker.criterion)
                or _OVERALL.search(marker.criterion)
                or _SCORE_NAME.fullmatch(marker.criterion.strip())
            )
            if marker.criterion is not None and not named_overall:
                self._criterion_from_marker(marker, context)
            elif self._usable(marker):
                yield marker, context, named_overall

    def _read_single_markers(self, markers: list[_Marker]) -> None:
        v = self.verdict
        overall: list[tuple[Score, SpanData | None]] = []
        plain: list[tuple[Score, SpanData | None]] = []
        for marker, context, named_overall in self._reading_markers(markers):
            value = self._score(marker.inner, "overall")
            if value is None:
                if parse_number(marker.inner) is None and not NA.match(marker.inner):
                    v.ambiguities.append(f"unrecognised marker [[{marker.inner}]]")
                continue
            if _REVISION.search(context):
                # "I revise the overall score to [[3]]": the judge's own correction replaces
                # what it said before; a change without such words is a conflict, said so.
                v.ambiguities.append(f"[[{marker.inner}]] revises the score given before it")
                overall.clear()
                plain.clear()
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
            answer = answer_no(rating.group(1))
            value_text = rating.group(2).strip()
            if NA.match(value_text):
                v.criteria.append(criterion_data(name, "N/A", answer, marker.group, marker.span))
                return
            value = self._score(value_text, name)
            if value is not None:
                v.criteria.append(criterion_data(name, value, answer, marker.group, marker.span))
            return
        if NA.match(marker.inner):
            score: Score | Literal["N/A"] | None = "N/A"
        else:
            score = self._score(marker.inner, name)
            if score is None:
                return
        answers: list[AnswerNo | None] = [None]
        if self.mode == "pairwise":
            refs = ANSWER_REF.findall(context)
            if refs:
                answers = [answer_no(refs[-1])]
            elif _BOTH.search(context):
                answers = [1, 2]
            else:
                v.ambiguities.append(f"{name}: cannot tell which answer [[{marker.inner}]] is for")
        for answer in answers:
            v.criteria.append(criterion_data(name, score, answer, marker.group, marker.span))

    def _read_pairwise_markers(self, markers: list[_Marker]) -> None:
        v = self.verdict
        winners: list[tuple[Winner, SpanData | None]] = []
        overall: dict[str, list[tuple[Score, SpanData | None]]] = {}
        loose: dict[str, list[tuple[Score, SpanData | None]]] = {}
        for marker, context, named_overall in self._reading_markers(markers):
            winner = parse_winner(marker.inner) if parse_number(marker.inner) is None else None
            if winner is not None:
                winners.append((winner, marker.span))
                continue
            rating = _RATING_MARKER.match(marker.inner)
            if rating:
                answer = answer_no(rating.group(1))
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
            refs = ANSWER_REF.findall(where)
            if not refs:
                v.ambiguities.append(f"cannot tell which answer [[{marker.inner}]] is for")
                continue
            answer = answer_no(refs[-1])
            if answer is None:
                continue
            target = overall if (named_overall or _OVERALL.search(where)) else loose
            target.setdefault(str(answer), []).append((value, marker.span))
        if winners:
            named = agreed_winner(winners)
            if isinstance(named, str):
                v.reason = named
                return
            v.winner, v.winner_span = named
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
            ref = ANSWER_REF.search(cell)
            if ref and (column_answer := answer_no(ref.group(1))) is not None:
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
                        criterion_data(cells[0], score, answer, None, span_data(*spans[index]))
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
                            found.setdefault(key, []).append((score, span_data(*spans[index])))
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
                    readings.append((score, span_data(*spans[index])))
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
        if NA.match(inner):
            return "N/A"
        if parse_number(inner) is None:
            return None
        return self._score(inner, name)

    # --- prose (custom templates) -------------------------------------------------------------

    # The judge's verbs, and the label a math judge asks for, named: said by the answer ("the
    # answer rates it a 4", "the answer's final answer: 4"), they are the answer's, not the
    # verdict (_JUDGE_VERBS, _FINAL_ANSWER in _prose_matches).
    # "rate this answer as 4", "Rated 3.", "I would score this answer at 4"
    _RATE = re.compile(
        r"\b(?:rate[sd]?|grade[sd]?)\s+(?:it|this|that|the\s+(?:answer|response)"
        rf"|this\s+(?:answer|response))?\s*(?:as|at|a|an|with)?\s*(?:a\s+|an\s+)?({NUM})\b",
        re.IGNORECASE,
    )
    # The judge's verbs of giving a score ("give", "gave", "assigning", "awarded").
    _GIVE_VERB = r"(?:giv(?:e|es|ing)|gave|assign(?:s|ing|ed)?|award(?:s|ing|ed)?)"
    # "give it a 4", "giving this a solid 4", "assign a score of 4": the judge's verb with an
    # object or a score word; "the answer gives 2" (the answer's doing) is neither.
    _GIVE = re.compile(
        rf"\b{_GIVE_VERB}\s+"
        r"(?:(?:it|this|that|the\s+(?:answer|response)|this\s+(?:answer|response))\s*"
        r"(?:a\s+|an\s+)?(?:[a-z]+\s+)??"
        r"|(?:it\s+)?(?:a|an)?\s*(?:score|rating|grade)\s*(?:of)?\s*)"
        rf"({NUM})(?:\s*(?:/|out\s+of)\s*\d+)?\s*(?:points?|stars?)?\b",
        re.IGNORECASE,
    )
    _GIVE_ON_SCALE = re.compile(
        rf"\b{_GIVE_VERB}\s+"
        rf"({NUM})\s*(?:/|out\s+of)\s*(\d+)\b",
        re.IGNORECASE,
    )
    # "I'd put it at 3", "I'd call it a 4", "peg this answer at 2"
    _PUT = re.compile(
        r"\b(?:put|puts|putting|place|places|placing|peg|pegs|pegging|call|calls|mark|marks)\s+"
        r"(?:it|this|this\s+(?:answer|response)|the\s+(?:answer|response))\s+"
        rf"(?:at\s+|as\s+)?(?:a\s+|an\s+)?{_SCORE_ADJECTIVE}?({NUM})\b(?!\s*(?:st|nd|rd|th)\b)",
        re.IGNORECASE,
    )
    # "A 4 seems right", "I think a 2 is fair here": the number the judge finds fair (not when
    # its clause denies it: "I don't think a 4 is fair", _FAIR_DENIED)
    _FAIR_NUMBER = re.compile(
        rf"\b(?:a|an)\s+({NUM})\s+(?:seems|feels|looks|sounds|is)\s+(?:about\s+|just\s+)?"
        r"(?:right|fair|appropriate|reasonable|justified|warranted|deserved|apt|correct)\b",
        re.IGNORECASE,
    )
    _FAIR_DENIED = re.compile(r"\b(?:not|never|hardly|whether)\b|n't\b", re.IGNORECASE)
    _GO_WITH = re.compile(
        rf"\b(?:go|going|went|settle|settling|land)\s+(?:with|on)\s+(?:a\s+)?({NUM})\b",
        re.IGNORECASE,
    )
    _FINAL_ANSWER = re.compile(
        rf"\bfinal(?:\s+answer)?[ \t]*[:：=][ \t]*(?:\*\*)?({NUM})\b", re.IGNORECASE
    )
    # "I judge the assistant's reply itself as a 2", "evaluating this response as a 3"
    _JUDGE_AS = re.compile(
        r"\b(?:(?:judg|evaluat|rat|grad|scor)(?:e|es|ed|ing)|assess(?:es|ed|ing)?)\s+"
        r"(?:it|this|that|(?:the|this)\s+(?:(?:assistant|model)'s\s+)?(?:answer|response|reply)"
        r"(?:\s+itself)?)\s+"
        rf"as\s+(?:an?\s+)?{_SCORE_ADJECTIVE}?({NUM})\b(?!\s*(?:st|nd|rd|th)\b)",
        re.IGNORECASE,
    )
    # "Average: 4", "Mean score = 3", "平均分：4": the criteria's average is the verdict's
    # score, when said as the end of what is said ("Average length: 4 paragraphs" is none).
    _AVERAGE = re.compile(
        r"(?:\b(?:average|mean)(?:[ \t]+(?:score|rating))?|平均分|平均点|平均)"
        rf"[ \t]*(?:is|:|：|=|为|は)[ \t]*(?:\*\*)?({NUM})(?:\*\*)?"
        r"(?=[ \t]*(?:/[ \t]*\d+[ \t]*)?(?:分|点)?[ \t]*(?:[.,;!。，；！)）\n]|\Z))",
        re.IGNORECASE,
    )
    _LAST_NUMBER = re.compile(
        r"(?<=[.!?。！？\n])[ \t]{0,3}(?:\*\*)?(\d+(?:\.\d+)?|[０-９]+)(?:\*\*)?[ \t]*\Z"
    )
    # "I'd say 3.", "I would say it's a 4": said as the end of what is said ("I'd say 3 of the
    # 5 points hold" is a count)
    _SAY = re.compile(
        rf"\bi(?:'d|\s+would)\s+say\s+(?:it'?s\s+|it\s+is\s+)?(?:an?\s+)?({NUM})"
        r"(?=[ \t]*(?:/[ \t]*\d+[ \t]*)?(?:[.!,;)\n]|\Z))",
        re.IGNORECASE,
    )
    # "5段階中3", "5段階評価で4": a score on a scale of so many levels (checked against ours)
    _OF_LEVELS = re.compile(rf"(?<=段階)(?:評価)?(?:中|で)[ \t]*({NUM})")
    _LEVELS_BEFORE = re.compile(r"(\d+)[ \t]*\Z")
    _JUDGE_VERBS = (_RATE, _GIVE, _GIVE_ON_SCALE, _GO_WITH, _PUT, _JUDGE_AS)

    # Each pattern is a way a judge states its score, with the number as group 1 (group 2, when
    # there is one, the scale it was given on). Every match then passes the same checks:
    # not a count, a list number, a hedge, a refusal, a quote, another scale or a criterion's
    # own line (verdict_context.py).
    _STRONG = (
        _RATE,
        re.compile(
            r"\bscor(?:e|es|ing)\s+(?:it|this|that|the\s+(?:answer|response)"
            r"|this\s+(?:answer|response))\s+"
            rf"(?:a|an|as|at)?\s*({NUM})\b",
            re.IGNORECASE,
        ),
        _GIVE,
        _GIVE_ON_SCALE,
        _GO_WITH,
        _PUT,
        _JUDGE_AS,
        _SAY,
        _AVERAGE,
        _FAIR_NUMBER,
        re.compile(
            r"\b(?:earns?|gets?|receives?|merits?|warrants?|deserves?|is\s+awarded)\s+"
            # "deserves no more than a 2" gives the 2; "at least a 3" would give none
            r"(?:no\s+more\s+than\s+|nothing\s+more\s+than\s+|at\s+most\s+|at\s+best\s+)?"
            rf"(?:a\s+|an\s+)?{_SCORE_ADJECTIVE}?(?:score\s+of\s+|rating\s+of\s+)?({NUM})\b",
            re.IGNORECASE,
        ),
        # a label: "Score: 4", "Final answer: 2/5", "The score should be 3", "Score - 5"
        re.compile(
            r"\b(?:overall\s+|final\s+|total\s+)?(?:score|rating|grade|result|verdict)[ \t]*"
            r"(?:is|should\s+be|would\s+be|:|：|=|of|-|–)"
            rf"[ \t]*(?:\*\*)?[ \t]*({NUM})\b",
            re.IGNORECASE,
        ),
        _FINAL_ANSWER,
        # Prometheus' result line, as judges trained on it write it even when not asked to
        re.compile(rf"\[RESULT\][ \t]*[:：]?[ \t]*({NUM})(?:[ \t]*/[ \t]*(\d+))?", re.IGNORECASE),
        # a heading, then the number alone at the start of the next line with text: "## Score\n
        # \n**2** — it contradicts itself", "### スコア\n5" (not "1." of a list under it)
        re.compile(
            r"^[ \t]*(?:#{1,6}[ \t]*\**|\*\*)[ \t]*(?:overall[ \t]+|final[ \t]+|total[ \t]+)?"
            r"(?:score|rating|grade|评分|得分|分数|总分|综合评分|评价|評価|スコア|点数|総合評価|採点|評点)"
            r"[ \t]*\**[ \t]*[:：]?[ \t]*\**[ \t]*\n(?:[ \t]*\n)*[ \t]*(?:\*\*)?"
            rf"({NUM})(?:\*\*)?(?![\d.．]|[ \t]*[)）、])",
            re.IGNORECASE | re.MULTILINE,
        ),
        # a boxed result closing the verdict, as math judges end theirs: "\\boxed{5}"
        re.compile(rf"\\boxed\{{[ \t]*({NUM})[ \t]*\}}\$?\s*\Z"),
        # the verdict is the number alone, as G-Eval style prompts ask: "4", "**4**", "4."
        re.compile(rf"\A\s*(?:\*\*)?({NUM})(?:\*\*)?[.。]?\s*\Z"),
        # ... or the verdict's last sentence or line: "The response is solid overall. 4",
        # "Good coverage.\n\n**4**" (digits, no period after: "3." closing a list is no score)
        _LAST_NUMBER,
        # a line labelled with a score word: "Points awarded: 4", "我的打分：3", "总评：2分"
        re.compile(
            r"^[ \t]*(?:[-*•+][ \t]*)?\**[^\n:：\d]{0,30}?"
            r"(?:score|rating|grade|points|marks|result|verdict|评分|打分|得分|分数|总分|总评|评价"
            r"|評価|スコア|点数|得点|採点|評点)[^\n:：\d]{0,12}?\**[ \t]*[:：=][ \t]*\**[ \t]*"
            rf"({NUM})",
            re.IGNORECASE | re.MULTILINE,
        ),
        re.compile(
            r"(?:\boverall|总体|综合|総合|总分|整体)[ \t]*"
            r"(?:score|rating|quality|评分|得分|评价|評価|スコア|点)?"
            rf"[ \t]*(?:is|:|：|=|为|は)[ \t]*(?:\*\*)?({NUM})",
            re.IGNORECASE,
        ),
        # "overall 4." at the end of what is said ("overall 4 errors" is a count)
        re.compile(rf"\boverall[ \t]+({NUM})(?=[ \t]*(?:[.,;!)\n]|/|\Z))", re.IGNORECASE),
        # the answer's quality as a whole: "Quality of the answer: 2/5", "回答の質：2"
        re.compile(
            r"(?:\b(?:answer|response)[ \t]+quality"
            r"|\bquality[ \t]+of[ \t]+the[ \t]+(?:answer|response)"
            r"|回答质量|回复质量|回答の質|回答の品質)[ \t]*(?:[:：=—–-])?[ \t]*\**"
            r"(\d+(?:\.\d+)?|[０-９]+)",  # digits: "回答质量一般" is no 1
            re.IGNORECASE,
        ),
        # a score word, then within a few words and no other number, the number: "My verdict
        # is a 5", "The final rating I'd assign is 3", "Rating → 4", "評価：★★★☆☆（3）". Digits
        # only: "评价一下" is no 1. A stated scale "(1-5)" may sit between.
        re.compile(
            r"\b(?:score|rating|grade|verdict|assessment|evaluation)\b"
            r"(?:[ \t]*\(\s*[01]\s*(?:-|–|to)\s*\d+\s*\))?"
            r"[^\d\n.!?;。！？]{0,24}?(?<![\d.\-−])(\d+(?:\.\d+)?|[０-９]+)",
            re.IGNORECASE,
        ),
        re.compile(
            r"(?:评分|打分|得分|评价|评估|分数|評価|スコア|点数|得点|採点|評点)"
            r"[^\d\n。！？；]{0,12}?(\d+(?:\.\d+)?|[０-９]+)"
        ),
        # a number on a stated scale: "4/5", "4 out of 5", "3 on a scale of 1 to 5"
        re.compile(rf"\b({NUM})\s*(?:/|out\s+of)\s*(\d+)\b", re.IGNORECASE),
        # "scores 4 of 5." ends there; "4 of 5 examples" is a count
        re.compile(rf"\b({NUM})\s+of\s+(\d+)(?=[ \t]*(?:[.,;!)\n]|\Z))", re.IGNORECASE),
        re.compile(rf"\b({NUM})\s+on\s+a\s+scale\s+of\s+1\s*(?:to|-|–)\s*(\d+)\b", re.I),
        re.compile(rf"\b({NUM})\s+on\s+a\s+1\s*(?:to|-|–)\s*(\d+)\s+scale\b", re.I),
        # Chinese and Japanese
        re.compile(rf"打\s*({NUM})\s*分"),
        re.compile(rf"(?:给出?|给予|评为|评定为|得到|获得|拿到)\s*({NUM})\s*分"),
        re.compile(
            r"(?:评分|得分|分数|总分|评价)[ \t]*(?:为|是|:|：)?[ \t]*"
            rf"({NUM})\s*分?"
        ),
        re.compile(
            rf"(?:評価|スコア|点数|総合点|得点|採点|評点|合計点?)[ \t]*(?:は|:|：)[ \t]*({NUM})"
        ),
        re.compile(rf"を?\s*({NUM})\s*点?\s*と評価"),
        _OF_LEVELS,
        re.compile(rf"({NUM})\s*点を(?:付け|つけ)ます"),
        re.compile(rf"({NUM})\s*点と(?:します|する)"),
    )
    _ANSWER_SUBJECT = re.compile(
        r"\b(?:answer|response|assistant|model|user|student|author)[ \t]+"
        r"(?:also[ \t]+|then[ \t]+)?\Z",
        re.IGNORECASE,
    )
    # "the question is rated 4/5 for difficulty": something else is rated, by any pattern
    _OTHER_RATED = re.compile(
        r"\b(?:question|prompt|task|problem)[ \t]+(?:is|was)[ \t]+(?:rated|scored|graded)"
        r"[ \t]+(?:at[ \t]+|as[ \t]+)?(?:an?[ \t]+)?\Z"
        # "The reference answer would get a 5": an answer the judge imagines, not this one
        r"|\b(?:reference|ideal|perfect|model|gold|expected|sample|flawless|complete)[ \t]+"
        r"(?:answer|response|solution)[ \t]+(?:would[ \t]+|should[ \t]+)?"
        r"(?:get|gets|earn|earns|deserve|deserves|receive|receives|score|scores|merit|merits"
        r"|be[ \t]+(?:rated|scored|given)|is[ \t]+(?:rated|scored|given))[ \t]+"
        r"(?:at[ \t]+|as[ \t]+)?(?:an?[ \t]+)?\Z",
        re.IGNORECASE,
    )
    _ANSWER_POSSESSIVE = re.compile(
        r"\b(?:(?:answer|response|assistant|model|user|student)'s|its|their)[ \t]+\Z"
        r"|(?:回答|回复|答案|模型)的\Z",
        re.IGNORECASE,
    )
    _WEAK = (
        re.compile(rf"\bscored?\s+({NUM})\b", re.IGNORECASE),
        re.compile(rf"({NUM})\s*分"),
        re.compile(rf"({NUM})\s*点"),
    )

    # The words one of which each pattern above cannot match without (in the lower-cased text):
    # a pattern whose words are all absent is not tried. Most start at every character, and
    # trying all of them on a long verdict cost most of a millisecond.
    _STRONG_NEEDLES: tuple[tuple[str, ...], ...] = (
        ("rate", "grade"),
        ("scor",),
        ("giv", "gave", "assign", "award"),
        ("giv", "gave", "assign", "award"),
        ("go", "went", "settl", "land"),
        ("put", "plac", "peg", "call", "mark"),
        ("judg", "assess", "evaluat", "rat", "grad", "scor"),
        ("say",),
        ("average", "mean", "平均"),
        ("right", "fair", "appropriate", "reasonable", "justified", "warranted", "deserved",
         "apt", "correct"),
        ("earn", "get", "receiv", "merit", "warrant", "deserv", "awarded"),
        ("score", "rating", "grade", "result", "verdict"),
        ("final",),
        ("[result]",),
        ("#", "**"),
        ("boxed",),
        ("",),  # the pattern is anchored at both ends: one try
        ("",),
        ("score", "rating", "grade", "points", "marks", "result", "verdict", "评分", "打分",
         "得分", "分数", "总分", "总评", "评价", "評価", "スコア", "点数", "得点", "採点", "評点"),
        ("overall", "总体", "综合", "総合", "总分", "整体"),
        ("overall",),
        ("quality", "质量", "質", "品質"),
        ("score", "rating", "grade", "verdict", "assessment", "evaluation"),
        ("评分", "打分", "得分", "评价", "评估", "分数", "評価", "スコア", "点数", "得点", "採点",
         "評点"),
        ("/", "out"),
        (" of ",),
        ("scale",),
        ("scale",),
        ("打",),
        ("给", "评为", "评定为", "得到", "获得", "拿到"),
        ("评分", "得分", "分数", "总分", "评价"),
        ("評価", "スコア", "点数", "総合点", "得点", "採点", "評点", "合計"),
        ("と評価",),
        ("段階",),
        ("点を",),
        ("点と",),
    )  # fmt: skip
    _WEAK_NEEDLES: tuple[tuple[str, ...], ...] = (("scor",), ("分",), ("点",))

    def _read_prose(self) -> bool:
        v = self.verdict
        strong = self._prose_matches(self._STRONG, self._STRONG_NEEDLES)
        weak = [] if strong else self._prose_matches(self._WEAK, self._WEAK_NEEDLES)
        candidates = strong or weak
        if not candidates:
            return False
        candidates = self._with_scores_after_a_turn(candidates)
        v.source = "prose"
        if any(at > candidates[-1][1] and self._said_final(at) for at in self._hedged_scores):
            # "Score: 3. Final score: 4 or 5.": the 3 was not the judge's last word
            v.reason = "the text's final score is a range or a choice, not one score"
            return True
        if len({value for value, _, _ in candidates}) > 1:
            # "5 out of 5 for style but only 2 out of 5 overall", "3/5; would be 5/5 with
            # sources": a score for one side, or one the answer would get, is not the one given.
            candidates = [c for c in candidates if not self._aside(c[1], c[2])] or candidates
            candidates = self._revised(candidates)
        chosen = agreed([(value, span_data(s, e)) for value, s, e in candidates], "scores")
        if isinstance(chosen, str):
            v.reason = chosen.replace("the verdict states", "the text states")
            return True
        v.score, v.score_span = chosen
        v.parsed = True
        if not strong:
            v.ambiguities.append("the score was read from loose prose; check it")
        return True

    # A turn, then a number that ends its clause, after a word or a stop that leads to a score:
    # "…, but the example is wrong, so 3.", "…; on reflection, a 3.", "…, but let's say 3/5.",
    # "…，但考虑到错误，3分。". Not "but it misses step 3." (the number names a step).
    _TURN_THEN_SCORE = re.compile(
        r"(?:\b(?:but|however|though|actually|on[ \t]+(?:second[ \t]+thought|reflection)"
        r"|then[ \t]+again|that[ \t]+said)\b|但|不过|可是)"
        r"[^.!?\n。！？]{0,160}?"
        r"(?:[,:;—–，：；]|\b(?:an?|say|it|that|to|like|maybe|perhaps|probably|so)\b)[ \t]*"
        r"(\d+(?:\.\d+)?)(?:[ \t]*(?:/|out[ \t]+of)[ \t]*(\d+))?[ \t]*分?"
        r"(?=[ \t]*(?:[.!;)。！；]|$))",
        re.IGNORECASE | re.MULTILINE,
    )

    # What the answer would get, not what it gets: "…, though a citation would have made it a 5",
    # "…, which might justify a 3" ("but I would go with 3" is the judge's own).
    _SUPPOSED_AFTER_TURN = re.compile(
        r"(?<![Ii] )(?<![Ww]e )\b(?:would|could|might|may|should|can|will)\b|\b(?:if|unless)\b"
        r"|如果|的话|なら",
        re.IGNORECASE,
    )

    def _with_scores_after_a_turn(
        self, candidates: list[tuple[Score, int, int]]
    ) -> list[tuple[Score, int, int]]:
        """The prose scores, and a score given after a turn that follows the last of them: "I'd
        give it a 4, but the example is wrong, so 3" takes the 4 back, so the text states two
        scores, and which one the judge kept is not for the reader to choose. A refused number
        is none ("…, but I wouldn't give it a 5"), and so is a supposed one ("…, though a
        citation would have made it a 5"); a quoted one still makes the text doubtful
        (the quote test takes "the example is wrong, so 3" for a format's example). Only the 400
        characters after the last score are looked at."""
        text = self.text
        after = candidates[-1][2]
        taken = {start for _, start, _ in candidates}
        added: list[tuple[Score, int, int]] = []
        for match in self._TURN_THEN_SCORE.finditer(text, after, min(len(text), after + 400)):
            start, end = match.span(1)
            scale = match.group(2)
            value = parse_number(match.group(1))
            if (
                start in taken
                or value is None
                or not 1 <= value <= self.max_score
                or self._other_scale(scale)
                or negated(self.clauses, start, end)
                or self._SUPPOSED_AFTER_TURN.search(text, match.start(), start)
            ):
                continue
            added.append((value, start, end))
        return sorted(candidates + added, key=lambda item: item[1]) if added else candidates

    # After a score, its scale if stated ("/5", "out of 5"), then what is said of the score.
    _ITS_SCALE = r"(?:[ \t]*(?:/|out[ \t]+of)[ \t]*\d+)?"
    _OVERALL_AFTER_SCORE = re.compile(
        rf"{_ITS_SCALE}[ \t]*(?:分|点)?[ \t]*"
        r"(?:\b(?:overall|in[ \t]+total|all[ \t]+told)\b|总体|综合|総合)",
        re.IGNORECASE,
    )
    _FOR_ASPECT_AFTER = re.compile(
        rf"{_ITS_SCALE}[ \t]+(?:for|on|in)[ \t]+"
        r"(?!(?:it|this|that|the[ \t]+(?:answer|response)|this[ \t]+(?:answer|response))\b)",
        re.IGNORECASE,
    )
    _WOULD_BE_BEFORE = re.compile(
        r"\b(?:would|could|might)[ \t]+(?:be|get|earn|deserve|receive|merit|reach|score)[ \t]+"
        r"(?:an?[ \t]+)?\Z",
        re.IGNORECASE,
    )

    # Said right before a score, these make it the judge's last word on it: "Updated score: 4",
    # "Final rating: 2", "最终给3分", "最終評価は3".
    _REVISED_BEFORE = re.compile(
        r"\b(?:final|updated|revised|corrected|adjusted|new)[ \t]+(?:overall[ \t]+)?"
        r"(?:score|rating|grade|verdict)\b|\b(?:ultimately|finally|in[ \t]+the[ \t]+end)\b"
        r"|最终|最后|最終",
        re.IGNORECASE,
    )

    _NUMBER_CHARS = frozenset("0123456789.,_:'+-/eE½¼¾⅐⅑⅒⅓⅔⅕⅖⅗⅘⅙⅚⅛⅜⅝⅞↉")

    def _whole_token(self, start: int, end: int) -> str:
        """The malformed number around start..end, as written ("2.5.0", "1_9/10")."""
        text = self.text
        while start > 0 and end - start < 24 and text[start - 1] in self._NUMBER_CHARS:
            start -= 1
        while end < len(text) and end - start < 24 and text[end] in self._NUMBER_CHARS:
            end += 1
        return text[start:end].strip(".,:'/-+")

    _LIST_LINE = re.compile(r"[ \t]*(\d{1,3})[ \t]*[.)、．）]")

    def _list_item(self, start: int, end: int) -> bool:
        """The number at start..end, on a line of its own, starts or goes on a list: the line
        before ends in a colon ("Score:\n1") or is the item one less ("2. Drain\n3")."""
        text = self.text
        line = text.rfind("\n", 0, start)
        if line == -1 or text[line + 1 : start].strip(" \t*"):
            return False
        before = text[:line].rstrip()
        if before.endswith((":", "：")):
            return True
        previous = self._LIST_LINE.match(before, before.rfind("\n") + 1)
        return previous is not None and text[start:end] == str(int(previous.group(1)) + 1)

    # "Score (1-10): 4": the range the judge scored on, stated before the number
    _RANGE_BEFORE = re.compile(r"\(\s*[01]\s*(?:-|–|to)\s*(\d+)\s*\)[^()\n]{0,12}\Z")

    def _other_scale(self, stated: str | None) -> bool:
        """The scale stated with a number ("4/10", "4 out of 10") is not ours: a reason to
        distrust the number, never to rescale it."""
        if not stated:
            return False
        return int(stated) != self.max_score

    def _other_range_before(self, start: int) -> bool:
        """A range stated just before the number is not ours: "Score (1-10): 4" on 1..5."""
        if ")" not in self.text[max(0, start - 14) : start]:
            return False
        stated = self._RANGE_BEFORE.search(self.text, max(0, start - 40), start)
        return stated is not None and int(stated.group(1)) != self.max_score

    def _our_levels(self, at: int) -> bool:
        """The levels named before "段階" at `at` are our scale's ("5段階中3" on 1..5)."""
        levels = self._LEVELS_BEFORE.search(self.text, max(0, at - 10), max(0, at - 2))
        return levels is not None and int(levels.group(1)) == self.max_score

    def _said_revised(self, start: int) -> bool:
        """The score at `start` is said, on its line just before it, to be the updated one."""
        return self._REVISED_BEFORE.search(self.text, self._label_from(start), start) is not None

    def _said_final(self, start: int) -> bool:
        """... or the final or the overall one."""
        return (
            self._said_revised(start)
            or _OVERALL.search(self.text, self._label_from(start), start) is not None
        )

    def _label_from(self, start: int) -> int:
        """Where a label of the score at `start` may begin: its line, 40 characters back."""
        return max(self.text.rfind("\n", 0, start) + 1, start - 40)

    def _revised(self, candidates: list[tuple[Score, int, int]]) -> list[tuple[Score, int, int]]:
        """When prose scores conflict and the last one is said to be the final or the updated
        one ("Score: 3 … Updated score: 4"), that one; not when an earlier one is said to be
        the final or the overall one too ("Overall: 4/5. Final score: 3/5" stays two readings),
        nor when the last is offered with another ("Updated score: 2, or 4 if …")."""
        *earlier, last = candidates
        if (
            self._said_revised(last[1])
            and not any(self._said_final(start) for _, start, _ in earlier)
            and not _OR_ELSE_AFTER.match(self.text, last[2])
        ):
            return [last]
        return candidates

    def _aside(self, start: int, end: int) -> bool:
        """The score at start..end is given for one side of the answer ("4/5 for accuracy") or
        as what it would get ("would be 5/5 with sources"), unless said to be the overall one
        ("2 out of 5 overall")."""
        text = self.text
        if self._OVERALL_AFTER_SCORE.match(text, end):
            return False
        return bool(
            self._FOR_ASPECT_AFTER.match(text, end)
            or self._WOULD_BE_BEFORE.search(text, max(0, start - 24), start)
        )

    def _prose_matches(
        self, patterns: tuple[re.Pattern[str], ...], needles: tuple[tuple[str, ...], ...]
    ) -> list[tuple[Score, int, int]]:
        found: dict[int, tuple[Score, int, int]] = {}
        text = self.text
        lowered = self.clauses.lowered
        in_criteria_run = criteria_numbers(text)  # "accuracy 4, clarity 3" scores no answer
        for pattern, words in zip(patterns, needles, strict=True):
            if not any(word in lowered for word in words):
                continue
            for match in pattern.finditer(text):
                start, end = match.span(1)
                if start in found:
                    continue
                # "4/10" against a 1..5 scale: a reason to distrust, not to rescale.
                stated_scale = match.group(2) if len(match.groups()) >= 2 else None
                if self._other_scale(stated_scale):
                    continue
                if stated_scale and COUNT_AFTER.match(text, match.end()):
                    continue  # "4 out of 5 criteria" is a count
                said_at = match.start()
                before = text[max(0, said_at - 24) : said_at]
                if (
                    start in in_criteria_run
                    or (match.re in self._JUDGE_VERBS and self._ANSWER_SUBJECT.search(before))
                    or (match.re is self._FINAL_ANSWER and self._ANSWER_POSSESSIVE.search(before))
                    or (match.re is self._LAST_NUMBER and self._list_item(start, end))
                    or (match.re is self._OF_LEVELS and not self._our_levels(match.start()))
                    or self._other_range_before(start)
                    or (
                        match.re is self._FAIR_NUMBER
                        and self._FAIR_DENIED.search(text, self.clauses.start_of(start), start)
                    )
                    or self._OTHER_RATED.search(text, max(0, start - 40), start)
                    or other_scale(text, end, self.max_score)
                    or not_one_score(text, end)
                    or malformed_number(text, start, end)
                    or text.endswith(_MARKER_OPENERS, max(0, start - 2), start)
                    or disclaimed(text, match.end())
                    or rubric_level(text, start, end)
                    or count_or_ordinal(text, start, end)
                    or list_number(text, start, end)
                    or hedged(text, start, end)
                    or criterion_line_label(self.clauses, start) is not None
                    or negated(self.clauses, start, end)
                    or quoted(self.clauses, start, end)
                    or supposed(self.clauses, start, end)
                ):
                    if hedged(text, start, end):
                        self._hedged_scores.append(start)
                    elif self._malformed_score is None and malformed_number(text, start, end):
                        self._malformed_score = self._whole_token(start, end)
                    continue
                value = self._score(match.group(1), "score")
                if value is not None:
                    found[start] = (value, start, end)
        return sorted(found.values(), key=lambda item: item[1])

    # --- pairwise prose ------------------------------------------------------------------------

    # An answer as prose names it: "answer 2", "Response B", "回复2" (also mid-sentence, where
    # CJK has no word boundary), "the second answer", "第二个回答", and as comparisons of
    # outputs name it: "Output (a)", "Model B", "Candidate 1".
    # What follows an assistant's name to name its answer: "Assistant A's answer".
    _ITS_ANSWER = r"'s[ \t]+(?:answer|response|reply|output)\b"
    _PROSE_ANSWER = (
        rf"(?:(?:{ANSWER_WORD_AT_START}|\b(?:output|candidate|completion|model))"
        r"\s*(?:#|no\.?\s*|_|\((?=[ \t]*[12AaBb][ \t]*\)))?[ \t]*"
        r"([12１２]|(?-i:[AB])(?![A-Za-z])|(?-i:[ab])(?=[ \t]*\)))(?:[ \t]*\))?"
        # "Assistant A's answer is better": the answer by its assistant's name
        rf"(?:{_ITS_ANSWER})?"
        r"|\bthe\s+(first|second|former|latter)(?:\s+(?:answer|response|one)\b"
        r"|(?=\s+(?:is|was|wins)\b))"
        rf"|第([一二12])个?{ANSWER_WORD})"
    )
    # Said of one side of an answer, not of the answer: "better at formatting", "wins on
    # clarity", "better written", "回复1更好的地方在于…", "回答1の方が良い点は…".
    _ONE_SIDE_AFTER = (
        # ("in every way", "on all counts": as a whole)
        r"(?![ \t]+(?:(?:at|in|on|for)(?![ \t]+(?:every|all|each)\b)|with|about|when|written"
        r"|formatted|organi[sz]ed|structured"
        r"|presented"
        # "better" saying how it does one thing: "Answer 1 better follows the format"
        r"|follows|explains|handles|covers|describes|uses|cites|captures|conveys|matches|fits"
        r"|structures|organi[sz]es|formats|presents|justifies|supports|demonstrates|illustrates"
        r"|reflects|interprets|solves|adheres|sticks|complies)\b|的地方|之处|的一点|的方面|在于|な?点)"
    )
    _ADVERB = (
        r"(?:(?:clearly|slightly|much|significantly|somewhat|actually|definitely|noticeably|far"
        r"|marginally|a\s+bit|a\s+little)\s+"
        # "在准确性和完整性上均优于": better in every named respect, not in one of them
        r"|明显|显然|略|稍|整体|总体|在[^。！？，,；\n]{1,30}?(?:上|方面)(?:均|都)|均|都)?"
    )
    # "Answer 2 is better", "Response 1 is clearly superior", "the second answer wins", "Answer
    # 1 beats Answer 2", "回复2更好", "回复1稍好一些", "回复1胜出", "回答1のほうが良い",
    # "回答1の勝ち", "回答2を選びます".
    _PROSE_WINNERS = (
        re.compile(
            rf"{_PROSE_ANSWER}\**\s*(?:is|was)?\s*{_ADVERB}"
            r"(?:better|superior|preferred|preferable|stronger|ahead\b|wins\b|beats\b|outperforms\b"
            r"|outshines\b|に軍配が上が"
            r"|surpasses\b|edges\s+out\b|comes\s+out\s+(?:ahead|on\s+top)\b|has\s+the\s+edge\b"
            r"|the\s+(?:better|stronger|superior)\s+(?:one|answer|response)"
            r"|the\s+(?:clear\s+|overall\s+)?winner"
            # helpfulness is what a pairwise judge weighs as a whole
            r"|more\s+helpful\b|更有帮助|より役に立"
            r"|更好|更优|更佳|较好|稍好|略好|好一些|优于|胜出"
            r"|获胜|完胜|更胜一筹|略胜一筹|胜(?=[。！，,.!\s]|\Z)|の(?:方|ほう)が(?:良い|よい|優れ)|の勝ち"
            # "回复2更符合用户的要求", "Answer 2 better meets the user's needs": the question
            # as a whole, not one side of it
            r"|更(?:符合|满足)(?:用户|题目|问题)?的?(?:要求|需求)"
            r"|better\s+(?:meets|answers|addresses|satisfies)\s+the\s+(?:user'?s\s+)?"
            r"(?:question|request|needs|requirements|prompt)\b"
            r"|が(?:より)?優れてい(?:ます|る)|を選(?:び|択し)ま|を(?:支持|推)しま)"
            rf"{_ONE_SIDE_AFTER}",
            re.IGNORECASE,
        ),
        # "Winner: Answer 1", "The better response is Response 2", "I prefer the first answer",
        # "I'd go with Answer 1", "Preferred: Answer 1", "我选择回复2", "胜出者：回复1",
        # "勝者：回答1"
        re.compile(
            r"(?:\bwinner|\bbetter\s+(?:answer|response|one)|\bprefer(?:red|ence)"
            # "Slight edge to Answer 1", "the edge goes to Answer 2"
            r"|\b(?<!no\s)(?:(?:slight|clear|small|narrow)\s+)?edge\s+(?:goes\s+)?to"
            r"|\bi(?:'d|\s+would)?\s+(?:(?:slightly|strongly|clearly|somewhat|definitely|still)\s+)?"
            r"(?:prefer|favou?r|pick|choose|select|go\s+with|lean\s+towards?)"
            r"|\bi(?:'m|\s+am)\s+(?:going\s+with|picking|choosing)"
            r"|\bmy\s+vote\s+goes\s+to|\bi\s+(?:side\s+with|vote\s+for)|我投给?"
            r"|胜者|胜出者|获胜者|更好的(?:回复|回答)|我(?:选择|选)|我更?(?:倾向于|偏向|偏好|喜欢)|勝者)"
            # the answer by name, or by its letter alone closing the sentence: "I prefer A."
            rf"\s*(?:is|:|：|—|–|是)?\s*\**\s*(?:{_PROSE_ANSWER}"
            r"|(?-i:([AB]))\**(?=[ \t]*[.!。！]|[ \t]*\Z))"
            # ... and not the subject of a sentence after the label: "Winner: Answer 2 has more
            # errors" says no winner
            # (looked at past "'s answer" too, whether or not the name took it)
            rf"(?!(?:{_ITS_ANSWER})?\**[ \t]+(?:has|have|is|was|does|did"
            r"|contains|makes|gets|lacks|fails|misses|shows|gives|uses|says)\b)",
            re.IGNORECASE,
        ),
        # "the final decision is Response 1.", "Final verdict: Answer 2", "Overall: Answer 2.",
        # "结论：回复2", "The better answer: 2": the answer named alone, as the end of what is
        # said ("Verdict: Answer 2 has errors" names no winner).
        re.compile(
            r"(?:\b(?:final\s+)?(?:decision|choice|verdict|pick|conclusion)|\boverall"
            # "On balance, Answer 1.", "If I must choose, Answer 2.", "The winner is clear:
            # Answer 2.": a phrase that weighs it all, then the answer alone
            r"|\b(?:on\s+balance|all\s+things\s+considered"
            r"|if\s+i\s+(?:must|have\s+to|had\s+to)\s+(?:choose|pick))(?=\s*,)"
            r"|\bthe\s+winner\s+is\s+clear(?=\s*:)"
            r"|\bthe\s+(?:better|stronger)\s+of\s+the\s+two"
            r"|(?:\A|(?<=\n))[ \t]*\**better\**(?=[ \t]*[:：])"
            r"|\b(?:better|preferred|winning)\s+(?:answer|response|output)|结论|結論)"
            rf"\s*(?:is|:|：|—|–|是|,)\s*\**\s*(?:{_PROSE_ANSWER}|([12])(?![\w.])|(?-i:([AB]))(?![\w.]))"
            r"\**[ \t]*(?=[.!。！,，;；\n]|\Z)",
            re.IGNORECASE,
        ),
        # "A is better.": a letter alone as the sentence's subject, as judges shown "A" and
        # "B" write it ("Plan A is better" names no answer), or after a word that concludes:
        # "A is more concise, so A is better"
        re.compile(
            r"(?:^|(?<=[.!?。！？:：])|\b(?:so|thus|hence|therefore|overall|and)\b,?)"
            r"[ \t]*(?:\*\*)?(?-i:([AB]))(?:\*\*)?[ \t]+"
            rf"(?:(?:is|was)[ \t]+{_ADVERB}(?:better|superior|preferred|preferable|stronger"
            rf"|the\s+(?:better|stronger|winner)\b)|wins\b){_ONE_SIDE_AFTER}",
            re.IGNORECASE | re.MULTILINE,
        ),
        # "Which is better? Answer 2, because it runs.": the judge's own question answered
        re.compile(
            r"\b(?:which|who)\b[^?？\n]{0,60}?\b(?:better|best|wins?|preferred|stronger)\b"
            rf"[^?？\n]{{0,30}}?[?？][ \t]*\**[ \t]*{_PROSE_ANSWER}\**[ \t]*"
            r"(?=[.!。！,，;；:：\n]|\Z)",
            re.IGNORECASE,
        ),
        # "I find Answer 2 more accurate and better overall", "I consider Response A to be
        # the stronger one": the judge's own finding, with what it weighed on the way
        re.compile(
            r"\bI\s+(?:find|consider|deem|judge|rate)\s+"
            rf"{_PROSE_ANSWER}\s+(?:to\s+be\s+)?"
            r"(?:(?!(?:not|no|hardly|never|less)\b)[a-z-]+,?\s+){0,6}?"
            r"(?:better|superior|preferable|stronger|the\s+(?:better|stronger)\s+(?:one|answer|response))"
            rf"\b{_ONE_SIDE_AFTER}",
            re.IGNORECASE,
        ),
        # "Answer 1 follows the instructions and is therefore better": the answer the subject of
        # its sentence, a few words of what it does (no "not", no comparison), "and is … better"
        re.compile(
            rf"(?:^|(?<=[.!?;:][ \t]))\**{_PROSE_ANSWER}\**[ \t]+"
            r"(?:(?!(?:not|no|never|hardly|but|than|while|whereas|although)\b)"
            r"[\w'’-]+,?[ \t]+){1,8}?"
            r"and[ \t]+(?:is|was)[ \t]+(?:(?:therefore|thus|hence|so|clearly|also|overall)[ \t]+)?"
            r"(?:better|superior|preferable|stronger"
            r"|the[ \t]+(?:better|stronger)[ \t]+(?:one|answer|response))"
            rf"\b{_ONE_SIDE_AFTER}",
            re.IGNORECASE | re.MULTILINE,
        ),
        # "回复1比回复2更准确、更完整，因此更好": a comparison that ends in "better"
        re.compile(
            rf"{_PROSE_ANSWER}比{ANSWER_WORD}[12１２]"
            # (no "but" or "not" on the way: "更长，但不一定更好" says no winner)
            r"[^。！？，,；\n但不没]{0,20}?(?:[，,][^。！？，,；\n但不没]{0,20}?)?"
            r"(?:因此|所以|总体|整体)?(?:更好|更(?:符合|满足)(?:用户|题目|问题)?的?(?:要求|需求))",
            re.IGNORECASE,
        ),
    )
    # The verdict's last line is the answer's name alone, as a prompt asking "which is better?"
    # gets it ("Answer 2.", "**Response A**"); matched against that line only (_answer_alone).
    # (A verdict cut off after a heading "Answer 2" has the status truncated, whatever is read.)
    _ANSWER_ALONE = re.compile(
        rf"(?:\*\*[ \t]*)?{_PROSE_ANSWER}(?:[ \t]*\*\*)?[ \t]*[.。!！]?", re.IGNORECASE
    )
    # "Answer 1 is worse than Answer 2", "回复1较差": the other answer wins.
    _PROSE_LOSERS = re.compile(
        rf"{_PROSE_ANSWER}\s*(?:is|was)?\s*"
        r"(?:clearly\s+|slightly\s+|much\s+|significantly\s+|somewhat\s+|明显|略)?"
        rf"(?:worse|inferior|weaker|更差|较差|不如(?={ANSWER_WORD})|の方が劣"
        # "Answer 2 falls short of Answer 1", "loses", "a clear loser", 逊于, "回答1より劣って"
        r"|falls?\s+short\b|loses\b|(?:a|the)\s+(?:clear\s+)?loser\b"
        rf"|逊于(?={ANSWER_WORD})|は{ANSWER_WORD}[12１２]より劣っ){_ONE_SIDE_AFTER}",
        re.IGNORECASE,
    )
    # "Answer 1 > Answer 2", "回复2 = 回复1"
    _PROSE_COMPARED = re.compile(
        rf"{_PROSE_ANSWER}[ \t]*(>>?|<<?|=)[ \t]*{_PROSE_ANSWER}", re.IGNORECASE
    )
    _ALIKE = (
        r"(?:about\s+|roughly\s+|essentially\s+|basically\s+)?(?:the\s+same(?=\s*(?:[.,;!]|\Z))"
        r"|equivalent|tied|of\s+(?:equal|similar|comparable)\s+quality|equally\s+(?:good|strong"
        r"|weak|bad|helpful|useful|wrong|correct|poor|accurate|valid|acceptable|incomplete|complete"
        r"|fine))"
        # ... unless the sentence goes on to put one ahead: "roughly equivalent, with Answer 2
        # slightly ahead" is no tie. (A bounded look: to the sentence's end, each of a run-on
        # line's ties took time in the line's length.)
        r"(?![^.;!?\n]{0,80}?\b(?:ahead|better|stronger|preferable|edges?|wins?)\b)"
    )
    _PROSE_TIE = re.compile(
        r"\b(?:they|both(?:\s+answers|\s+responses)?|the\s+two(?:\s+answers|\s+responses)?)\s+are"
        rf"\s+{_ALIKE}|{_PROSE_ANSWER}\s+and\s+{_PROSE_ANSWER}\s+are\s+{_ALIKE}"
        r"|\bneither\s+(?:answer\s+|response\s+|one\s+)?is\s+better"
        r"|\bi\s+have\s+no\s+preference\b(?!\s+(?:for|between|about))"
        r"|\bit(?:'s|\s+is)\s+a\s+(?:tie|draw)\b"
        # "I consider them a tie", "call it a draw"
        r"|\b(?:call|consider|declare|deem|rate|judge|count|score)\s+(?:it|this|them"
        r"|(?:the\s+two|both)(?:\s+answers|\s+responses)?)\s+(?:as\s+)?(?:a\s+)?(?:tie|draw)\b"
        # "There is no meaningful difference between the two answers." (the clause ends there:
        # not "… between the two answers' lengths")
        r"|\bno\s+(?:(?:meaningful|real|significant|notable|substantive|discernible|clear)\s+)?"
        r"difference\s+(?:in\s+quality\s+)?between\s+(?:them|(?:the\s+two|both)"
        r"(?:\s+answers|\s+responses)?)(?=[ \t]*(?:[.;!]|$))"
        # "… only the formatting differs. Tie.": the word alone as the last sentence of its line
        r"|(?<=[.!?][ \t])\**(?:tie|draw)\**[.!]?[ \t]*$"
        # (a line's start by ^: a match from the line break before was weighed in the line before)
        r"|^[ \t]*\**(?:tie|draw)\**[ \t]*(?:[.!]?[ \t]*$|[:：]|[—–][ \t]|-[ \t])"
        r"|\b(?:final\s+)?(?:verdict|decision|result|choice|pick)\s*(?:is|:|：)\s*\**\s*(?:a\s+)?tie\b"
        r"|(?:两者|两个(?:回复|回答))的?(?:质量|水平)?(?:相当|相近|一样好|差不多|几乎一样|基本相同)|不分上下|难分高下|不相上下|旗鼓相当|打平"
        r"|平局|平手|引き分け|甲乙つけがたい|優劣つけがたい"
        r"|(?:両者|両方|両回答|どちらも|二つの回答)(?:とも)?(?:は|が)?[^。！？\n]{0,8}?"
        r"(?:同程度|同等|互角|同じくらい)"
        rf"|{_PROSE_ANSWER}(?:和|与|跟|と){ANSWER_WORD}[12１２](?:は)?(?:打平|持平|相当|同等|同程度|互角|一样好)",
        re.IGNORECASE | re.MULTILINE,
    )
    # Right before it, these make the answer a place, not the subject: in "the first example in
    # Answer 2 is better", an example is better, and no answer is named the winner.
    _PLACE_BEFORE = re.compile(
        r"\b(?:in|of|from|than|to|for|on|with|by|about|within|inside|under)\s+(?:the\s+)?\Z"
        # "回复1比回复2更好": the answer after 比 is the one compared against
        r"|比\s*\Z",
        re.IGNORECASE,
    )
    # Said before it in its clause, these make a winner's sentence no verdict: "I don't think
    # answer 2 is better", "whether answer 1 is better"; after it, a contrast leaves it open.
    # A likelihood is no verdict either: "Confidence that Answer 1 is better: 70%", "maybe".
    _DENIED_BEFORE = re.compile(
        r"\b(?:not|never|doubt|whether|confidence|probability|chance|likelihood|likely|maybe"
        r"|perhaps|possibly)\b|n't\b|不(?!错)|没有|ではない|可能",  # 不错 is "good"
        re.I,
    )
    # Looked for within this many characters: a sentence that runs on longer says its "but"
    # too late to matter, and an unbounded look made a long run-on verdict take minutes.
    _CONTRAST_WINDOW = 200
    _CONTRAST_WORD = re.compile(r"\b(?:but|however|although|though|yet)\b|但|然而|不过", re.I)
    _CONTRAST_AFTER = re.compile(
        r"[^.!?\n。！？]*?(?:\b(?:but|however|although|though|yet)\b|但|然而|不过)", re.I
    )
    # A concession that grants the other answer a quality of style keeps the winner: "Answer 2
    # is better, although Answer 1 is more concise" ("…, although I am not sure", "…, although
    # Answer 2 is more correct" and a "however" after it do not).
    _CONCEDED_AFTER = re.compile(
        rf"[ \t]*,?[ \t]*(?:although|though|even[ \t]+though)[ \t]+{_PROSE_ANSWER}[ \t]+"
        r"(?:is|was)[ \t]+(?:(?:a[ \t]+bit|slightly|somewhat)[ \t]+)?"
        r"(?:more[ \t]+(?:concise|detailed|thorough|readable|polished|fluent|elaborate|verbose"
        r"|formal|friendly|creative|structured|organi[sz]ed)|shorter|longer|simpler|neater"
        r"|friendlier|faster)\b"
        # (to the sentence's end, a bounded way: a run-on line's every winner looked to its end)
        r"(?:(?!\b(?:but|however|yet)\b)[^.!?;\n。！？；]){0,160}(?:[.!。！]|\Z)",
        re.IGNORECASE,
    )

    # "Answer 2 is better than Answer 1 in tone", "Answer 1 beats Answer 2 on length", "Answer 2
    # falls short of Answer 1 in tone": better on one side, not as a whole
    _THAN_ON_ONE_SIDE = re.compile(
        rf"[ \t]+(?:(?:than|of)[ \t]+)?{_PROSE_ANSWER}[ \t]+(?:at|in|on|for|with|about|when)\b"
        r"(?![ \t]+(?:every|all|each|most|almost|nearly)\b)",  # "on every criterion": as a whole
        re.IGNORECASE,
    )
    # The rest of the sentence ends in a question mark: "Is Answer 1 better than Answer 2?"
    _ASKED_AFTER = re.compile(r"[^.!?。！？\n]{0,120}[?？]")
    # A winner in a tag, as prompts that ask for XML get it: "<winner>B</winner>".
    _WINNER_TAG = re.compile(
        r"<(winner|verdict|preferred|better|choice|胜者)>[ \t\n]*([^<\n]{1,40}?)[ \t\n]*</\1>",
        re.IGNORECASE,
    )
    # Each answer's score said in prose: "Answer 1: 4/5", "Answer 2 gets a 4", "回复1：4分",
    # as the whole of what is said about it ("Answer 1: 4 paragraphs" is no score).
    # Where an answer's score ends: its clause's end, or an "and" / "but" to the next one.
    _SCORE_END = r"(?=[ \t]*(?:[.,;!，；。、\n)）]|\Z|(?:and|while|but|whereas)\b))"
    _ANSWER_SCORE = re.compile(
        rf"{_PROSE_ANSWER}[ \t]*(?:[:：=—–(（]|-(?!\d)|gets?|got|scores?|scored|receives?|earns?"
        r"|(?:overall\s+|final\s+)?(?:score|rating|grade)[ \t]*[:：=]"
        r"|is\s+(?:rated|scored)|的?(?:评分|得分|分数)[ \t]*[:：为是]?|得)"
        rf"[ \t]*(?:an?\s+)?\**[ \t]*({NUM})\**(?:[ \t]*(?:/|out\s+of)[ \t]*(\d+))?"
        rf"[ \t]*(?:分|点|points?)?{_SCORE_END}",
        re.IGNORECASE,
    )
    # "I'd give Answer 1 a 3", "rate Response B at 4", and the next answer's in the same
    # sentence without the verb again: "… and Answer 2 a 5" (the groups as _ANSWER_SCORE's)
    # (after the answer named: "a 3", "as a 4", "at 2/5")
    _GIVEN_SCORE = (
        r"\s+(?:an?\s+|as\s+(?:an?\s+)?|at\s+)?\**"
        rf"({NUM})\**(?:[ \t]*(?:/|out\s+of)[ \t]*(\d+))?{_SCORE_END}"
    )
    _GIVE_ANSWER = re.compile(
        rf"\b(?:{_GIVE_VERB}|rat(?:e|es|ing)|scor(?:e|es|ing))\s+{_PROSE_ANSWER}{_GIVEN_SCORE}",
        re.IGNORECASE,
    )
    _AND_ANSWER = re.compile(
        rf"[ \t]*,?[ \t]*and\s+{_PROSE_ANSWER}{_GIVEN_SCORE}",
        re.IGNORECASE,
    )
    # Both answers' scores as letters in one list: "Scores: A=4, B=2", "A: 3/5, B: 5/5". A
    # letter alone names an answer only so, beside the other one ("A 3 seems fair" names none).
    # (in either order: "B=2, A=4" gives A 4 too)
    _LETTER_SCORES = tuple(
        re.compile(
            rf"(?<![\w']){first}[ \t]*[:：=][ \t]*\**({NUM})\**(?:[ \t]*/[ \t]*(\d+))?[ \t]*"
            rf"[,;，；、][ \t]*{second}[ \t]*[:：=][ \t]*\**({NUM})\**(?:[ \t]*/[ \t]*(\d+))?"
            r"(?=[ \t]*(?:[.,;!，；。、\n)）→]|\Z))",
        )
        for first, second in (("A", "B"), ("B", "A"))
    )
    _LETTER_ORDERS: tuple[tuple[AnswerNo, AnswerNo], ...] = ((1, 2), (2, 1))
    # "Answer 1 is better overall, although Answer 2 is more concise": "overall" has weighed
    # what the "although" concedes.
    _OVERALL_AFTER = re.compile(r"[ \t]+overall\b", re.IGNORECASE)

    def _read_prose_winner(self) -> bool:
        """A pairwise verdict in prose: the winner a sentence or a tag names ("Answer 2 is
        better", "Winner: Answer 1", "<winner>B</winner>"), a tie ("they are equally good"),
        or both answers' scores ("Answer 1: 4/5", "Answer 2 gets a 3"), when the judge says
        it as its own, without a doubt or a "but" after it. Readings that disagree are
        reported, and a named winner the scores contradict is no winner."""
        found = self._prose_winners()
        scores = self._prose_answer_scores()
        if not found and len(scores) < 2:
            return False
        v = self.verdict
        v.source = "prose"
        if found:
            named = agreed_winner(found)
            if isinstance(named, str):
                v.reason = named
                return True
            v.winner, v.winner_span = named
        if len(scores) == 2:
            for answer, readings in sorted(scores.items()):
                chosen = agreed(readings, f"scores for Answer {answer}")
                if isinstance(chosen, str):
                    v.reason = chosen
                    v.winner = v.winner_span = None
                    return True
                v.answer_scores[answer], span = chosen
                if span is not None:
                    v.answer_score_spans[answer] = span
        settle_pairwise(v)
        if v.parsed:
            v.ambiguities.append("the winner was read from prose; check it")
        return True

    def _prose_answer_scores(self) -> dict[str, list[tuple[Score, SpanData | None]]]:
        scores: dict[str, list[tuple[Score, SpanData | None]]] = {}
        said = list(self._ANSWER_SCORE.finditer(self.text))
        for given in self._GIVE_ANSWER.finditer(self.text):
            if self._ANSWER_SUBJECT.search(self.text, max(0, given.start() - 24), given.start()):
                continue  # "the user gave Answer 1 a 5": not the judge's
            said.append(given)
            if (also := self._AND_ANSWER.match(self.text, given.end())) is not None:
                said.append(also)
        for match in said:
            named = next(n for n in (1, 2, 3) if match.group(n))
            if self._PLACE_BEFORE.search(self.text, max(0, match.start() - 12), match.start()):
                continue
            self._answer_score(scores, answer_no(match.group(named)), match, 4, match.end(named))
        if "A" in self.text and "B" in self.text:
            for pattern, (first, second) in zip(
                self._LETTER_SCORES, self._LETTER_ORDERS, strict=True
            ):
                for match in pattern.finditer(self.text):
                    self._answer_score(scores, first, match, 1, match.start(1))
                    self._answer_score(scores, second, match, 3, match.start(3))
        return scores

    def _answer_score(
        self,
        scores: dict[str, list[tuple[Score, SpanData | None]]],
        answer: AnswerNo | None,
        match: re.Match[str],
        group: int,
        since: int,
    ) -> None:
        """Adds the answer's score in `group` (its scale, if stated, in the next group) when
        the judge gives it as one score of its own."""
        text = self.text
        start, end = match.span(group)
        scale = match.group(group + 1)
        if (
            answer is None
            or self._other_scale(scale)
            or other_scale(text, end, self.max_score)
            or not_one_score(text, end)
            or malformed_number(text, start, end)
            or disclaimed(text, end)
            or list_number(text, start, end)
            or hedged(text, start, end, since=since)
            or negated(self.clauses, start, end)
            or quoted(self.clauses, start, end)
            or supposed(self.clauses, start, end)
        ):
            return
        score = self._score(match.group(group), f"answer {answer}")
        if score is not None:
            scores.setdefault(str(answer), []).append((score, span_data(start, end)))

    def _after_but(self, clause: int, start: int) -> int:
        """Where a doubt before `start` would still apply: after the last "but" or colon between
        the clause's start and it ("两个回复都不够好，但回复1稍好一些": the "不" is the other
        claim's)."""
        begin = clause
        for contrast in self._CONTRAST_WORD.finditer(self.text, clause, start):
            begin = contrast.end()
        # nor past a colon: "… is not my conclusion: Answer 1 is better" says what follows
        colon = max(self.text.rfind(":", begin, start), self.text.rfind("：", begin, start))
        return begin if colon == -1 else colon + 1

    @staticmethod
    def _compared(match: re.Match[str]) -> Winner | None:
        """The winner "Answer 1 > Answer 2" names: the greater side, or a tie for "="."""
        groups = match.groups()
        first = answer_no(next((g for g in groups[:3] if g), ""))
        second = answer_no(next((g for g in groups[4:] if g), ""))
        if first is None or second is None or first == second:
            return None
        sign = groups[3]
        if sign == "=":
            return "tie"
        return first if sign.startswith(">") else second

    def _answer_alone(self) -> re.Match[str] | None:
        """The last line, when it is an answer's name alone. Found by hand, not by a pattern
        anchored at the text's end: one with spaces on both sides of an optional part took time
        in the square of a run of spaces (16,000 spaces in a pairwise verdict took 16 s)."""
        text = self.text
        end = len(text.rstrip())
        start = text.rfind("\n", 0, end) + 1
        line = text[start:end]
        start += len(line) - len(line.lstrip())
        return self._ANSWER_ALONE.fullmatch(text, start, end)

    def _prose_winners(self) -> list[tuple[Winner, SpanData | None]]:
        text = self.text
        found: list[tuple[Winner, SpanData | None]] = []
        candidates: list[tuple[re.Match[str], Winner | None]] = [
            (m, answer_no(next(g for g in m.groups() if g)))
            for p in self._PROSE_WINNERS
            for m in p.finditer(text)
        ]
        if (alone := self._answer_alone()) is not None:
            candidates.append((alone, answer_no(next(g for g in alone.groups() if g))))
        candidates += [(m, "tie") for m in self._PROSE_TIE.finditer(text)]
        for m in self._PROSE_LOSERS.finditer(text):
            loser = answer_no(next(g for g in m.groups() if g))
            candidates.append((m, None if loser is None else (2 if loser == 1 else 1)))
        if "<" in text or ">" in text or "=" in text:
            candidates += [(m, self._compared(m)) for m in self._PROSE_COMPARED.finditer(text)]
        if "<" in text:
            candidates += [(m, winner_value(m.group(2))) for m in self._WINNER_TAG.finditer(text)]
        # Most texts hold no word of a doubt or a contrast: their clauses need not be read.
        may_deny = self._DENIED_BEFORE.search(text) is not None
        may_contrast = self._CONTRAST_WORD.search(text) is not None
        for match, winner in sorted(candidates, key=lambda c: c[0].start()):
            start, end = match.span()
            clause = self.clauses.start_of(start)
            if (
                winner is None
                or (
                    may_deny
                    and self._DENIED_BEFORE.search(text, self._after_but(clause, start), start)
                )
                or (
                    may_contrast
                    and not self._OVERALL_AFTER.match(text, end)
                    and self._CONTRAST_AFTER.match(text, end, end + self._CONTRAST_WINDOW)
                    and not self._CONCEDED_AFTER.match(text, end)
                )
                or self._PLACE_BEFORE.search(text, max(0, start - 12), start)
                or self._THAN_ON_ONE_SIDE.match(text, end)
                or self._ASKED_AFTER.match(text, end)  # asked, not said
                or quoted(self.clauses, start, end)
                or supposed(self.clauses, start, end)
            ):
                continue
            found.append((winner, span_data(start, end)))
        return found

    # --- JSON verdicts ------------------------------------------------------------------------

    _OVERALL_KEYS: frozenset[str] = frozenset({
        "总分", "总体评分", "综合评分", "综合得分", "总评分", "最终评分", "overall", "overallscore",
        "overallrating", "score", "totalscore", "total", "finalscore", "rating", "総合評価",
        "総合スコア", "総合点", "総合得点", "finalrating", "总体", "综合", "総合",
    })  # fmt: skip
    _SCORE_KEYS = frozenset({"分数", "得分", "评分", "score", "rating", "スコア", "点数", "評価"})
    _WINNER_KEYS = frozenset({
        "winner", "better", "betteranswer", "betterresponse", "preferred", "preference",
        "preferredanswer", "preferredresponse", "choice", "胜者", "更好的回复", "更好的回答",
        "勝者",
    })  # fmt: skip

    def _read_json(self) -> bool:
        """A JSON object: the whole text, a fenced block, or the last object after prose; one
        cut off after its score is read up to the cut."""
        found = find_json_object(self.text)
        if found is None:
            return False
        data, offset = found
        if self._json_before_differs(data, offset):
            self.verdict.source = "json"
            self.verdict.reason = "the verdict holds two JSON objects that differ"
            return True
        # {"result": {...}}: the verdict wrapped in one object named for it is that object.
        while len(data) == 1:
            ((key, inner),) = data.items()
            if not (isinstance(inner, dict) and inner and norm_key(key) in _RESULT_KEYS):
                break
            data = inner
        v = self.verdict
        v.source = "json"
        cursor = offset
        overall: list[tuple[Score, SpanData | None]] = []
        nested: list[tuple[Score, SpanData | None]] = []
        winners: list[tuple[Winner, SpanData | None]] = []
        for key, value in data.items():
            norm = norm_key(key)
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
                winner = winner_value(str(value))
                if winner is not None:
                    winners.append((winner, span))
                continue
            answer_ref = ANSWER_REF.fullmatch(
                re.sub(r"(?:的)?(?:score|总分|综合评分|得分|分数|overall)$", "", norm)
            )
            if answer_ref:
                answer = answer_no(answer_ref.group(1))
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
                if _OVERALL_NAME.match(norm) or norm in _RESULT_KEYS:
                    raw = self._inner_score(value, self._SCORE_KEYS)
                    if raw is not None and (score := self._score(raw, key)):
                        nested.append((score, span))
                    self._json_criteria(value, cursor)
                    continue
            raw = self._inner_score(value, self._SCORE_KEYS)
            if raw is None:
                continue
            if NA.match(raw.strip()):
                v.criteria.append(criterion_data(str(key), "N/A", None, None, span))
                continue
            score = self._score(raw, str(key))
            if score is not None:
                v.criteria.append(criterion_data(str(key), score, None, None, span))
        readings = overall or nested
        if readings:
            chosen = agreed(readings, "overall scores")
            if isinstance(chosen, str):
                v.reason = chosen
                return True
            v.score, v.score_span = chosen
        if winners:
            named = agreed_winner(winners)
            if isinstance(named, str):
                v.reason = named
                return True
            v.winner, v.winner_span = named
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

    def _json_before_differs(self, data: dict[str, Any], offset: int) -> bool:
        """Another JSON object, and nothing else, before the one read, with other values:
        '{"score": 4} {"score": 2}' is two readings (an example shown first has prose with it)."""
        before = self.text[:offset].strip()
        if not before.startswith("{") or not before.endswith("}"):
            return False
        try:
            earlier = json.loads(before)
        except ValueError:
            return False
        return isinstance(earlier, dict) and earlier != data

    def _json_criteria(self, value: dict[str, Any], cursor: int) -> None:
        """{"scores": {"accuracy": 4, "overall": 3}}: the other keys are the criteria."""
        for key, inner in value.items():
            norm = norm_key(key)
            if norm in self._OVERALL_KEYS or norm in self._SCORE_KEYS:
                continue
            raw = self._inner_score(inner, self._SCORE_KEYS)
            if raw is None:
                continue
            span = self._json_span(str(key), cursor)
            score: Score | Literal["N/A"] | None = (
                "N/A" if NA.match(raw.strip()) else self._score(raw, str(key))
            )
            if score is not None:
                self.verdict.criteria.append(criterion_data(str(key), score, None, None, span))

    @staticmethod
    def _inner_score(value: Any, keys: frozenset[str]) -> str | None:
        if isinstance(value, dict):
            for k, inner in value.items():
                if norm_key(k) in keys and not isinstance(inner, dict | list):
                    return str(inner)
            return None
        if isinstance(value, bool | list) or value is None:
            return None
        if isinstance(value, int | float) or (
            isinstance(value, str) and parse_number(value) is not None
        ):
            return str(value)
        if isinstance(value, str) and NA.match(value.strip()):
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
        match = JSON_NUMBER.search(self.text, after)
        if match is None or match.start() - after > 200:
            return span_data(at, after)
        return span_data(match.start(), match.end())


def pai_verdict(text: str, mode: str, max_score: int) -> Draft:
    """Read a verdict in the service's own forms (the `pai` verdict format); what Markdown
    strikes out is not read, and a typographic apostrophe is read as a straight one."""
    return _Reader(plain_apostrophes(struck_out(text)), mode, max_score).read()
