"""How a verdict is read: the service's markers (`pai`), other judges' formats, or the user's own.

A format is named by a short text, the same in a template, on the shell and in a dataset:
`pai`, `mtbench-single`, `mtbench-pair`, `arena`, `prometheus`, `regex:PATTERN` (a named group
`score` or `winner`; the last match wins) and `json:PATH` (a dotted path into a JSON verdict).
Each is described, with examples, in docs/verdicts.md. Every reader returns the same `Verdict`
shape and keeps its rule: no score where the text gives none, and two readings that disagree
are reported rather than chosen between.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from judge_tui.judging.scores import Score
from judge_tui.judging.verdict import Draft, SpanData, Strength, Winner
from judge_tui.judging.verdict_context import (
    Clauses,
    agreed,
    agreed_winner,
    parse_winner,
    score_in_scale,
    set_aside,
    settle_pairwise,
    winner_name,
)
from judge_tui.judging.verdict_json import find_json_object

FORMAT_NAMES = ("pai", "mtbench-single", "mtbench-pair", "arena", "prometheus")
FORMAT_HELP = (
    "pai (the service's [[n]] markers), mtbench-single ([[7]] on 1..10), mtbench-pair ([[A]], "
    "[[B]], [[C]] for a tie), arena ([[A>>B]] … [[B>>A]]), prometheus ([RESULT] 4), "
    "regex:PATTERN (a named group score or winner) or json:PATH (a dotted path such as "
    "json:result.score)"
)


@dataclass(frozen=True)
class VerdictFormat:
    """A parsed format name: its kind and, for regex and json, the pattern or the path."""

    kind: str
    argument: str = ""

    @property
    def spec(self) -> str:
        return f"{self.kind}:{self.argument}" if self.argument else self.kind

    @property
    def default_max_score(self) -> int | None:
        """The scale the format's judges use when the user states none (MT-bench: 1..10)."""
        return 10 if self.kind == "mtbench-single" else None

    @property
    def compares(self) -> bool:
        """A format whose verdict names a winner, whatever the judgment's mode."""
        return self.kind in ("mtbench-pair", "arena")


class VerdictFormatError(ValueError):
    """A format name that cannot be used; the message says what to write instead."""


def parse_verdict_format(spec: str | None) -> VerdictFormat:
    """`pai`, `arena`, `regex:…`, `json:…` as a VerdictFormat; VerdictFormatError otherwise."""
    text = (spec or "pai").strip()
    kind, sep, argument = text.partition(":")
    kind = kind.strip().lower()
    if kind in FORMAT_NAMES and not sep:
        return VerdictFormat(kind)
    if kind == "regex" and sep:
        try:
            pattern = re.compile(argument)
        except re.error as exc:
            raise VerdictFormatError(
                f"The verdict format's pattern does not compile ({exc}); fix the regex."
            ) from None
        if not {"score", "winner"} & set(pattern.groupindex):
            raise VerdictFormatError(
                "A regex verdict format needs a named group (?P<score>…) or (?P<winner>…); add one."
            )
        return VerdictFormat("regex", argument)
    if kind == "json" and sep:
        path = argument.strip()
        if not path or any(not part for part in path.split(".")):
            raise VerdictFormatError(
                "A json verdict format needs a dotted path such as json:result.score; give one."
            )
        return VerdictFormat("json", path)
    raise VerdictFormatError(f"{text[:60]!r} is not a verdict format; use {FORMAT_HELP}.")


def read_format(text: str, mode: str, max_score: int, spec: str) -> Draft:
    """Read `text` with the format `spec` (anything but `pai`, which verdict.py reads)."""
    fmt = parse_verdict_format(spec)
    draft = Draft(max_score=max_score, source="format")
    if not text.strip():
        draft.reason = "the verdict is empty"
        return draft
    reader = _READERS[fmt.kind]
    reader(draft, text, mode, fmt)
    return draft


# --- winners and scores as these formats write them --------------------------------------------

_LETTER_WINNERS: dict[str, Winner] = {"A": 1, "B": 2, "C": "tie", "TIE": "tie"}


def _winner_value(raw: object) -> Winner | None:
    """A winner written as 1/2, A/B, C or tie, or a phrase such as "Answer 1 is better"."""
    text = unicodedata.normalize("NFKC", str(raw)).strip().strip("[]\"' ")
    upper = text.upper()
    if upper in _LETTER_WINNERS:
        return _LETTER_WINNERS[upper]
    if upper in ("1", "2"):
        return 1 if upper == "1" else 2
    return parse_winner(text)


def _settle_scores(
    draft: Draft, readings: Sequence[tuple[Score, SpanData | None]], what: str
) -> None:
    if not readings:
        draft.reason = draft.reason or f"no {what} was found"
        return
    chosen = agreed(readings, "scores")
    if isinstance(chosen, str):
        draft.reason = chosen
        return
    draft.score, draft.score_span = chosen
    draft.parsed = True


def _settle_winners(
    draft: Draft, readings: Sequence[tuple[Winner, SpanData | None]], what: str
) -> None:
    if not readings:
        draft.reason = draft.reason or f"no {what} was found"
        return
    named = agreed_winner(readings)
    if isinstance(named, str):
        draft.reason = named
        return
    draft.winner, draft.winner_span = named
    draft.parsed = True


def _span(match: re.Match[str], group: int | str = 1) -> dict[str, int]:
    return {"start": match.start(group), "end": match.end(group)}


# --- the formats --------------------------------------------------------------------------------

# "[[7]]", and as judges also write it, "[[Rating: 7]]" and "[[7/10]]" (read only on its own scale)
_MTBENCH_SCORE = re.compile(
    r"\[\[\s*(?P<label>rating\s*[:：]\s*)?(?P<score>\d+(?:\.\d+)?|one|two|three|four|five|six|seven|eight|nine|ten)"
    r"(?:\s*/\s*(?P<scale>\d+))?\s*\]\]",
    re.IGNORECASE,
)
_MTBENCH_LOOSE = re.compile(r"(?<!\[)\[\s*(?P<score>\d+(?:\.\d+)?)\s*\](?!\])")


def _judges_own(draft: Draft, text: str, matches: list[re.Match[str]]) -> list[re.Match[str]]:
    """The markers that are the judge's own reading: not quoted (from the answer, or from the
    format the prompt asked for), not refused, disclaimed, supposed or weighed as an
    alternative (verdict_context.set_aside). Each one left out is noted."""
    clauses = Clauses(text)
    kept = []
    for match in matches:
        if set_aside(clauses, match.start(), match.end()):
            draft.ambiguities.append(f"{match.group(0)} is not the judge's own reading; ignored")
        else:
            kept.append(match)
    return kept


_RATING_LABEL = re.compile(r"(?:rating|score|评分|評価)\s*[:：]?\s*\**\s*$", re.IGNORECASE)


def _read_mtbench_single(draft: Draft, text: str, mode: str, fmt: VerdictFormat) -> None:
    """FastChat's single-answer grading: "Rating: [[7]]", or "[7]" when no double brackets.
    When the judge's own markers differ, the ones labelled "Rating:" (the format asked for)
    are its rating; a bare [[9]] elsewhere is prose about a score."""
    matches = list(_MTBENCH_SCORE.finditer(text)) or list(_MTBENCH_LOOSE.finditer(text))
    own = _judges_own(draft, text, matches)
    labelled = [
        m
        for m in own
        if m.groupdict().get("label")
        or _RATING_LABEL.search(text[max(0, m.start() - 24) : m.start()])
    ]
    readings: list[tuple[Score, SpanData | None]] = []
    for m in labelled or own:
        if m.groupdict().get("scale") not in (None, str(draft.max_score)):
            draft.reason = f"{m.group(0)} is given on another scale than 1..{draft.max_score}"
        elif (value := score_in_scale(draft, m.group("score"), "rating")) is not None:
            readings.append((value, _span(m, "score")))
    _settle_scores(draft, readings, "rating such as [[7]]")


_MTBENCH_PAIR = re.compile(r"\[\[\s*([ABCabc])\s*\]\]")


def _read_mtbench_pair(draft: Draft, text: str, mode: str, fmt: VerdictFormat) -> None:
    """FastChat's pairwise grading: [[A]] for the first answer, [[B]] the second, [[C]] a tie."""
    own = _judges_own(draft, text, list(_MTBENCH_PAIR.finditer(text)))
    readings = [(_LETTER_WINNERS[m.group(1).upper()], _span(m)) for m in own]
    _settle_winners(draft, readings, "verdict such as [[A]], [[B]] or [[C]]")
    _unless_words_disagree(draft, text)


def _unless_words_disagree(draft: Draft, text: str) -> None:
    """A label the judge's own words contradict ("Assistant A is better. [[B]]") is two
    readings, not a winner: the words are read as the `pai` format reads prose."""
    if not draft.parsed or draft.winner is None:
        return
    # Imported here: format names are checked on paths that never read a verdict (a template's
    # load, a batch plan), and the pai reader's patterns take over 100 ms to compile.
    from judge_tui.judging.pai_reader import pai_verdict

    said = pai_verdict(text, "pairwise", draft.max_score)
    if said.parsed and said.winner is not None and said.winner != draft.winner:
        draft.reason = (
            f"the verdict's words name {winner_name(said.winner)} but its label names "
            f"{winner_name(draft.winner)}"
        )
        draft.parsed = False
        draft.winner = draft.winner_span = None


_ARENA = re.compile(r"\[\[\s*([AB]\s*(?:>>|>|=|<<|<)\s*[AB])\s*\]\]")
_ARENA_READINGS: dict[str, tuple[Winner, Strength | None]] = {
    "A>>B": (1, "strong"), "A>B": (1, "slight"), "A=B": ("tie", None), "B=A": ("tie", None),
    "B>A": (2, "slight"), "B>>A": (2, "strong"), "A<B": (2, "slight"), "A<<B": (2, "strong"),
    "B<A": (1, "slight"), "B<<A": (1, "strong"),
}  # fmt: skip


def _read_arena(draft: Draft, text: str, mode: str, fmt: VerdictFormat) -> None:
    """Arena-Hard's five labels, keeping how strongly one answer is preferred."""
    found: list[tuple[Winner, Strength | None, dict[str, int]]] = []
    own = _judges_own(draft, text, list(_ARENA.finditer(text)))
    for m in own:
        label = re.sub(r"\s+", "", m.group(1))
        if label in _ARENA_READINGS:
            winner, strength = _ARENA_READINGS[label]
            found.append((winner, strength, _span(m)))
    labels = {(w, s) for w, s, _ in found}
    if len(labels) > 1:
        shown = sorted({m.group(1) for m in own})
        draft.reason = f"the verdict gives more than one label ({', '.join(shown)})"
        return
    _settle_winners(draft, [(w, span) for w, _, span in found], "label such as [[A>B]]")
    _unless_words_disagree(draft, text)
    if draft.parsed:
        draft.winner_strength = found[-1][1]


_PROMETHEUS = re.compile(
    # (the number whole: "4.5 or 5" must not give way to "4" before ".5")
    r"\[RESULT\]\s*[:：]?\s*(?:score\s*[:：]?\s*)?\(?\s*(\d+(?:\.\d+)?(?![\d.])|[AB]\b)\s*\)?"
    # not one of two offered: "[RESULT] A or B?"
    r"(?![ \t]*(?:or\b|/[ \t]*[AB]\b|\?))",
    re.IGNORECASE,
)


def _read_prometheus(draft: Draft, text: str, mode: str, fmt: VerdictFormat) -> None:
    """Prometheus: feedback, then "[RESULT] 4" (absolute) or "[RESULT] A" (relative)."""
    matches = _judges_own(draft, text, list(_PROMETHEUS.finditer(text)))
    letters = [m for m in matches if m.group(1).upper() in ("A", "B")]
    if letters and len(letters) == len(matches):
        readings = [(_LETTER_WINNERS[m.group(1).upper()], _span(m)) for m in letters]
        _settle_winners(draft, readings, "[RESULT] A or B")
        return
    scores = [
        (value, _span(m))
        for m in matches
        if m not in letters and (value := score_in_scale(draft, m.group(1), "result")) is not None
    ]
    _settle_scores(draft, scores, "[RESULT] followed by a score")


def _read_regex(draft: Draft, text: str, mode: str, fmt: VerdictFormat) -> None:
    """The user's pattern: the last match wins; a named group `score` or `winner` says what."""
    pattern = re.compile(fmt.argument)
    matches = list(pattern.finditer(text))
    if not matches:
        draft.reason = "the verdict format's pattern does not match the verdict"
        return
    last = matches[-1]
    groups = last.groupdict()
    if groups.get("winner") is not None:
        winner = _winner_value(groups["winner"])
        if winner is None:
            draft.reason = f"the pattern's winner {groups['winner']!r} is not 1, 2, A, B or tie"
            return
        draft.winner, draft.winner_span = winner, _span(last, "winner")
        draft.parsed = True
        return
    if groups.get("score") is not None:
        value = score_in_scale(draft, groups["score"], "score")
        if value is None:
            draft.reason = (
                f"the pattern's score {groups['score']!r} is not a score on 1..{draft.max_score}"
            )
            return
        draft.score, draft.score_span = value, _span(last, "score")
        draft.parsed = True
        return
    draft.reason = "the pattern matched but its score or winner group is empty"


def _walk(data: Any, path: str) -> tuple[bool, Any]:
    node = data
    for part in path.split("."):
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif (
            isinstance(node, list)
            and part.lstrip("-").isdigit()
            and -len(node) <= int(part) < len(node)
        ):
            node = node[int(part)]
        else:
            return False, None
    return True, node


def _read_json_path(draft: Draft, text: str, mode: str, fmt: VerdictFormat) -> None:
    """A dotted path into the verdict's JSON object: a number is the score; in pairwise mode a
    winner (1, 2, A, B, tie) is the winner."""
    found = find_json_object(text)
    if found is None:
        draft.reason = "the verdict has no JSON object"
        return
    data, start = found
    ok, value = _walk(data, fmt.argument)
    if not ok:
        draft.reason = f"the JSON verdict has no {fmt.argument}"
        return
    if isinstance(value, dict | list) or value is None or isinstance(value, bool):
        draft.reason = f"{fmt.argument} in the JSON verdict is not a score or a winner"
        return
    key = fmt.argument.split(".")[-1]
    at = text.find(f'"{key}"', start)
    span = {"start": at, "end": at + len(key) + 2} if at != -1 else None
    if mode == "pairwise":
        winner = _winner_value(value)
        if winner is not None:
            draft.winner, draft.winner_span = winner, span
            draft.parsed = True
            return
    score = score_in_scale(draft, str(value), fmt.argument)
    if score is None:
        draft.reason = (
            f"{fmt.argument} = {str(value)[:40]!r} is not a score on 1..{draft.max_score}"
        )
        return
    draft.score, draft.score_span = score, span
    draft.parsed = True


_READERS = {
    "mtbench-single": _read_mtbench_single,
    "mtbench-pair": _read_mtbench_pair,
    "arena": _read_arena,
    "prometheus": _read_prometheus,
    "regex": _read_regex,
    "json": _read_json_path,
}

__all__ = [
    "FORMAT_HELP",
    "FORMAT_NAMES",
    "VerdictFormat",
    "VerdictFormatError",
    "parse_verdict_format",
    "read_format",
    "settle_pairwise",
]
