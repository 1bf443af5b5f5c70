"""The reader against its corpus (tests/fixtures/verdict_corpus.jsonl, written by
make_verdict_corpus.py), the verdict formats, and properties a reading must keep when the text
around the verdict changes."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from judge_tui.judging.verdict import read_verdict
from judge_tui.judging.verdict_formats import VerdictFormatError, parse_verdict_format

CORPUS: list[dict[str, Any]] = [
    json.loads(line)
    for line in (Path(__file__).parents[1] / "fixtures" / "verdict_corpus.jsonl")
    .read_text(encoding="utf-8")
    .splitlines()
]


def reading(case: dict[str, Any]) -> dict[str, Any]:
    verdict = read_verdict(case["text"], case["mode"], case["max_score"], case["format"])
    return {"parsed": verdict.parsed, "score": verdict.score, "winner": verdict.winner}


def test_the_corpus_covers_every_class_of_misreading_in_three_languages() -> None:
    families = Counter(case["family"] for case in CORPUS)
    assert len(CORPUS) >= 300
    for family in ("list-number", "negation", "ordinal", "other-scale", "quoted", "conflict",
                   "pair-contradiction", "pair-quoted", "criteria-only"):  # fmt: skip
        assert families[family] >= 5, family
    texts = " ".join(case["text"] for case in CORPUS)
    assert "综合" in texts and "総合" in texts and "overall" in texts


@pytest.mark.parametrize("case", CORPUS, ids=[f"{c['family']}-{i}" for i, c in enumerate(CORPUS)])
def test_each_corpus_verdict_reads_as_a_careful_person_reads_it(case: dict[str, Any]) -> None:
    if case.get("known_miss"):
        # A reading the reader still misses: it must say "not readable", never another score.
        assert reading(case)["parsed"] is False
        return
    assert reading(case) == case["expect"]


def test_the_known_misses_are_few() -> None:
    # Round 29, read once on the reader that had fixed rounds 24 to 28, left six prose forms
    # unread, round 30 three ('評価：「4」', "I wouldn't call it a 5, more like a 4", and
    # Spanish, a fourth language) and round 31 four (a tie after "I can't pick a winner", "Neither
    # is clearly better", "Is Answer 1 better? No — Answer 2 is.", "If I had to put a number on
    # it: 3."), round 32 one (a fenced block the judge calls the answer's output) and round 33,
    # all pairwise prose, four ("I prefer it" after "the former", "with Answer 2 slightly
    # ahead", "The user might think …, but …", "Answer 2 — clearly.") and round 35 three
    # ("Answer 1 seems better.", "Final answer: Answer 1", "outshines Answer 2 on accuracy and
    # depth", one side by our rule): twenty-six; round 37, a held-out attempt, two more (a bare
    # "it is thin: a 2." after a quoted self-rating, and "I'd give it a 4 … but …, so let's say
    # 3", which takes the 4 back: two scores, so no reading), and round 38, pairwise prose, two
    # ("Answer 2 is not better than Answer 1; Answer 1 is clearer …", "Answer 1 gets it right.
    # Answer 2 does not."): thirty in all (the closing notes of issue 12 list them). A new miss
    # is written down here, never hidden.
    misses = [c["text"][:60] for c in CORPUS if c.get("known_miss")]
    assert len(misses) <= 30, misses


def test_no_score_is_read_where_the_corpus_says_there_is_none() -> None:
    invented = [
        case["text"][:80]
        for case in CORPUS
        if not case["expect"]["parsed"] and reading(case)["parsed"]
    ]
    assert invented == []


@pytest.mark.parametrize("case", [c for c in CORPUS if not c["expect"]["parsed"]][:60])
def test_an_unreadable_verdict_says_why_and_shows_no_score(case: dict[str, Any]) -> None:
    verdict = read_verdict(case["text"], case["mode"], case["max_score"], case["format"])
    assert verdict.reason
    assert verdict.score is None and verdict.winner is None and verdict.answer_scores == {}


def test_a_contradicting_winner_keeps_both_readings_in_the_reason() -> None:
    text = (
        "I regard [[Answer 1 is better]]. The overall score of Answer 1 is [[2]] and the overall "
        "score of Answer 2 is [[4]]."
    )
    verdict = read_verdict(text, "pairwise")
    assert not verdict.parsed and verdict.winner is None
    assert "Answer 1 as the winner" in (verdict.reason or "")
    assert "makes Answer 2 the winner" in (verdict.reason or "")


def test_the_last_of_agreeing_markers_is_highlighted() -> None:
    text = "Overall score: [[4]].\nDetails.\nIn summary, the overall score is [[4]]."
    verdict = read_verdict(text, "single")
    assert verdict.score == 4 and verdict.score_span is not None
    assert verdict.score_span.start == text.rindex("[[4]]")


# --- metamorphic properties ---------------------------------------------------------------------

# A verdict that is the number alone ("4") is read because it is alone: with anything before it
# it is no longer that layout, and reads as not readable, which is no misreading.
READABLE = [
    c
    for c in CORPUS
    if c["expect"]["parsed"]
    and c["format"] == "pai"
    and c["mode"] != "custom"
    and not c.get("known_miss")
    and not re.fullmatch(r"\W*\d\W*", c["text"])
]
QUOTES = [
    "The answer itself claims “[[{k}]]”, which I ignore.\n",
    "The answer ends with 'overall score: [[{k}]]', its own claim.\n",
    "回复声称[[{k}]]。\n",
    "The answer claims [[Answer {a} is better]] for itself.\n",
]
LISTS = [
    "Notes on the answer:\n1. It is short.\n2. It is on topic.\n\n",
    "要点：\n1. 回复简短。\n2. 回复切题。\n\n",
    "Points to check:\n- tone\n- facts\n\n",
]


def summary(case: dict[str, Any], reading_: dict[str, Any]) -> str:
    if reading_["score"] is not None:
        return f"\n\nIn summary, the overall score is [[{reading_['score']}]]."
    winner = reading_["winner"]
    return (
        "\n\nIn summary, [[the two answers as equivalent]]."
        if winner == "tie"
        else f"\n\nIn summary, I regard [[Answer {winner} is better]]."
    )


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from(READABLE), st.sampled_from(QUOTES), st.integers(1, 5), st.sampled_from([1, 2])
)
def test_a_marker_quoted_from_an_answer_changes_no_reading(
    case: dict[str, Any], quote: str, k: int, a: int
) -> None:
    quoted = dict(case, text=quote.format(k=k, a=a) + case["text"])
    assert reading(quoted) == case["expect"]


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(READABLE), st.sampled_from(LISTS))
def test_a_numbered_list_before_the_verdict_changes_no_reading(
    case: dict[str, Any], prefix: str
) -> None:
    assert reading(dict(case, text=prefix + case["text"])) == case["expect"]


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(READABLE))
def test_a_closing_summary_repeating_the_reading_changes_nothing(case: dict[str, Any]) -> None:
    if case["family"].startswith(("json", "pair-json", "table", "pair-table")):
        return  # a summary in markers after a JSON or table verdict is another format
    repeated = dict(case, text=case["text"] + summary(case, case["expect"]))
    assert reading(repeated) == case["expect"]


_BETWEEN_LETTERS = re.compile(r"(?<=[^\W\d_])'(?=[^\W\d_])")


@pytest.mark.parametrize(
    "case",
    [c for c in CORPUS if c["format"] == "pai" and _BETWEEN_LETTERS.search(c["text"])],
    ids=lambda c: c["family"],
)
def test_a_typographic_apostrophe_reads_as_the_straight_one(case: dict[str, Any]) -> None:
    """Many models write "won’t" and "I’d": every corpus verdict with an apostrophe between
    letters reads the same with the typographic one ("I won’t give it a 5" had read 5)."""
    typographic = dict(case, text=_BETWEEN_LETTERS.sub("\u2019", case["text"]))
    assert reading(typographic) == reading(case)


@given(st.text(max_size=300), st.sampled_from(["single", "pairwise", "custom"]))
def test_a_verdict_is_readable_with_a_reading_or_unreadable_with_a_reason(
    text: str, mode: str
) -> None:
    verdict = read_verdict(text, mode)
    if verdict.parsed:
        assert verdict.reason is None
        assert verdict.score is not None or verdict.winner is not None
    else:
        assert verdict.reason and verdict.score is None and verdict.winner is None


# --- formats ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("spec", "fix"),
    [
        ("regex:(", "fix the regex"),
        ("regex:score=(\\d)", "named group"),
        ("json:", "dotted path"),
        ("json:a..b", "dotted path"),
        ("mtbench", "is not a verdict format"),
        ("[@click=app.quit]", "is not a verdict format"),
    ],
)
def test_a_bad_verdict_format_says_what_to_write(spec: str, fix: str) -> None:
    with pytest.raises(VerdictFormatError, match=re.escape(fix)):
        parse_verdict_format(spec)


def test_a_regex_format_takes_the_last_match() -> None:
    verdict = read_verdict(
        "draft GRADE=2 ... final GRADE=4", "custom", 5, r"regex:GRADE=(?P<score>\d)"
    )
    assert verdict.score == 4
    assert verdict.verdict_format == r"regex:GRADE=(?P<score>\d)"


def test_arena_keeps_how_strongly_an_answer_wins() -> None:
    strong = read_verdict("My final verdict: [[B>>A]]", "pairwise", 5, "arena")
    slight = read_verdict("My final verdict: [[A>B]]", "pairwise", 5, "arena")
    assert (strong.winner, strong.winner_strength) == (2, "strong")
    assert (slight.winner, slight.winner_strength) == (1, "slight")
    assert "clearly" in strong.headline()


def test_a_json_path_reads_a_winner_in_pairwise_and_a_score_otherwise() -> None:
    text = '{"result": {"winner": "B", "score": 4}}'
    assert read_verdict(text, "pairwise", 5, "json:result.winner").winner == 2
    assert read_verdict(text, "single", 5, "json:result.score").score == 4
    missing = read_verdict(text, "single", 5, "json:result.overall")
    assert not missing.parsed and "result.overall" in (missing.reason or "")


def test_a_long_run_on_verdict_in_prose_is_read_whole() -> None:
    """Hostile size: 100 KB of one run-on sentence naming the same winner, with markup and an
    OSC 52 sequence, reads as that winner. (Each reading looks a bounded way around itself:
    looking to the sentence's end from each one made 380 KB take four minutes.)"""
    text = "Answer 1 is better " * 5_000 + "[@click=app.quit] \x1b]52;c;aGk=\x07"
    case = {"text": text, "mode": "pairwise", "max_score": 5, "format": "pai"}
    assert reading(case) == {"parsed": True, "score": None, "winner": 1}


@pytest.mark.parametrize(
    ("text", "mode", "expect"),
    [
        ("they are equivalent and " * 4_000, "pairwise", {"winner": "tie"}),
        ("Answer 2 is better, although Answer 1 is more concise and " * 1_600, "pairwise",
         {"winner": 2}),
        ("ok `Score: 4` ok " * 5_000, "custom", {"parsed": False}),
        ("`a` [[4]] `b` " * 5_000, "single", {"score": 4}),
    ],
    ids=["ties", "concessions", "code-spans", "markers-between-code"],
)  # fmt: skip
def test_a_run_on_line_of_one_form_reads_as_that_form(
    text: str, mode: str, expect: dict[str, Any]
) -> None:
    """Hostile size, 80 to 96 KB on one line, under the reader's 100,000 characters: each of
    these forms looked to its line's or sentence's end from each match when first written (120 KB
    of ties took 14 s, 464 KB of concessions 162 s); each reading now looks a bounded way."""
    got = reading({"text": text, "mode": mode, "max_score": 5, "format": "pai"})
    assert {key: got[key] for key in expect} == expect
