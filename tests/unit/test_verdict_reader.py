"""The verdict reader against every verdict printed in the seeds, and variations of them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from judge_tui.judging.verdict import Verdict, read_verdict, verdict_data

SEEDS = json.loads((Path(__file__).parents[1] / "fixtures" / "seed_verdicts.json").read_text())


@pytest.mark.parametrize("sample", SEEDS, ids=lambda s: f"{s['seed']}-{s['mode']}-{s['text'][:12]}")
def test_every_seed_verdict_reads_to_the_documented_scores(sample: dict[str, Any]) -> None:
    verdict = read_verdict(sample["text"], sample["mode"])
    expected = sample["expected"]
    assert verdict.parsed, verdict.reason
    assert verdict.score == expected["score"]
    assert verdict.winner == expected["winner"]
    assert verdict.answer_scores == expected["answer_scores"]
    assert [[c.name, c.score, c.answer] for c in verdict.criteria] == expected["criteria"]
    assert verdict.ambiguities == []


def test_seed_single_english_spans_point_at_the_markers() -> None:
    text = next(s["text"] for s in SEEDS if s["seed"] == "002" and s["mode"] == "single")
    verdict = read_verdict(text, "single")
    assert verdict.score_span is not None
    assert text[verdict.score_span.start : verdict.score_span.end] == "[[2]]"
    for criterion in verdict.criteria:
        assert criterion.span is not None
        assert text[criterion.span.start : criterion.span.end] == f"[[{criterion.score}]]"
    assert len(verdict.markers) == text.count("[[")


def test_seed_single_criteria_keep_their_groups() -> None:
    text = next(s["text"] for s in SEEDS if s["seed"] == "002" and s["mode"] == "single")
    groups = [c.group for c in read_verdict(text, "single").criteria]
    assert groups == ["advantages"] * 2 + ["shortcomings"] * 5


def test_the_overall_score_is_the_overall_marker_not_the_first_criterion() -> None:
    text = (
        "Advantages:\n1. Relevance: direct. [[5]]\n2. Accuracy: fine. [[4]]\n"
        "In summary, the overall score of the answer is [[3]]."
    )
    assert read_verdict(text, "single").score == 3


@pytest.mark.parametrize(
    ("text", "score"),
    [
        ("我认为该回复的综合评分为［［4］］,理由如下。", 4),  # full-width brackets
        ("我认为该回复的综合评分为【【2】】。", 2),
        ("I think the overall score of the answer is [[ 3 ]] because", 3),
        ("I think the overall score of the answer is [[four]].", 4),
        ("I think the overall score of the answer is [[３]].", 3),  # full-width digit
        ("この回答の総合評価は[[4]]です。\n1. 関連性:良い。[[5]]", 4),
        ("[[2]]", 2),
        ("Overall score: [[3.5]]", 3.5),
    ],
)
def test_marker_variations(text: str, score: float) -> None:
    verdict = read_verdict(text, "single")
    assert verdict.parsed, verdict.reason
    assert verdict.score == score


def test_full_width_colons_in_criteria_and_ratings() -> None:
    text = (
        "I regard [[Answer 2 is better]]. The overall score of Answer 1 is [[2]] and the overall "
        "score of Answer 2 is [[5]].\n1. Accuracy：fine ［［Rating for Answer 1：2］］ "
        "［［Rating for Answer 2：N/A］］"
    )
    verdict = read_verdict(text, "pairwise")
    assert verdict.winner == 2
    assert verdict.answer_scores == {"1": 2, "2": 5}
    assert [(c.name, c.score, c.answer) for c in verdict.criteria] == [
        ("Accuracy", 2, 1),
        ("Accuracy", "N/A", 2),
    ]


@pytest.mark.parametrize(
    ("marker", "winner"),
    [
        ("[[Answer 1 is better]]", 1),
        ("[[Answer 2 is better]]", 2),
        ("[[回复2更好]]", 2),
        ("[[两个回复一样好]]", "tie"),
        ("[[the two answers as equivalent]]", "tie"),
        ("[[回答1の方が優れている]]", 1),
        ("[[Answer 1 is worse]]", 2),
    ],
)
def test_pairwise_winner_phrases(marker: str, winner: object) -> None:
    verdict = read_verdict(f"I regard {marker}.", "pairwise")
    assert verdict.parsed
    assert verdict.winner == winner


def test_a_score_outside_the_scale_is_rejected_not_clamped() -> None:
    verdict = read_verdict("I think the overall score of the answer is [[7]].", "single")
    assert not verdict.parsed
    assert verdict.score is None
    assert any("outside 1..5" in a for a in verdict.ambiguities)
    assert read_verdict("overall score [[7]]", "single", max_score=10).score == 7


def test_conflicting_overall_scores_are_not_read() -> None:
    text = "The overall score is [[3]]. On reflection, the overall score is [[4]]."
    verdict = read_verdict(text, "single")
    assert not verdict.parsed
    assert "different overall scores" in (verdict.reason or "")


@pytest.mark.parametrize(
    "text",
    [
        "",
        "The answer is fine, I suppose.",
        "1. Relevance: good [[4]]\n2. Accuracy: fine [[3]]",  # criteria only, no overall
        "[[excellent]]",
    ],
)
def test_unreadable_verdicts_say_so_and_invent_nothing(text: str) -> None:
    verdict = read_verdict(text, "single")
    assert not verdict.parsed
    assert verdict.score is None
    assert verdict.reason


def test_pairwise_without_winner_or_scores_is_unreadable() -> None:
    verdict = read_verdict("Both answers are fine.", "pairwise")
    assert not verdict.parsed and verdict.winner is None and verdict.answer_scores == {}


@pytest.mark.parametrize(
    ("text", "score"),
    [
        ("Based on the criteria, I rate this answer as 4.", 4),
        ("I would give it a 2 out of 5.", 2),
        ("Score: 5", 5),
        ("Final rating: 3/5", 3),
        ("我会给这个回答打4分。", 4),
        ("综上,评分为2分。", 2),
        ("この回答の評価は3点です。", 3),
    ],
)
def test_free_text_custom_verdicts(text: str, score: int) -> None:
    verdict = read_verdict(text, "custom")
    assert verdict.parsed, verdict.reason
    assert verdict.score == score
    assert verdict.source == "prose"
    assert verdict.score_span is not None
    assert str(score) in text[verdict.score_span.start : verdict.score_span.end]


def test_free_text_with_conflicting_ratings_is_unreadable() -> None:
    verdict = read_verdict("I rate this answer as 2. Overall score: 4.", "custom")
    assert not verdict.parsed
    assert "different scores" in (verdict.reason or "")


def test_a_different_stated_scale_is_not_rescaled() -> None:
    assert not read_verdict("Final rating: 8/10", "custom").parsed
    assert read_verdict("Final rating: 8/10", "custom", max_score=10).score == 8


@pytest.mark.parametrize(
    ("text", "score", "criteria"),
    [
        ('{"overall": 4, "Accuracy": {"score": 5, "reason": "ok"}}', 4, [("Accuracy", 5)]),
        ('{"Overall Score": "3", "Relevance": 2}', 3, [("Relevance", 2)]),
        ('```json\n{"总分": 2, "准确性": {"分数": "N/A"}}\n```', 2, [("准确性", "N/A")]),
        ('{"score": "5", "reason": "great"}', 5, []),
    ],
)
def test_json_object_verdicts(text: str, score: int, criteria: list[tuple[str, object]]) -> None:
    verdict = read_verdict(text, "single")
    assert verdict.parsed, verdict.reason
    assert verdict.source == "json"
    assert verdict.score == score
    assert [(c.name, c.score) for c in verdict.criteria] == criteria
    assert verdict.score_span is not None
    assert str(score) in text[verdict.score_span.start : verdict.score_span.end]


def test_json_pairwise_verdict() -> None:
    text = '{"winner": "回复2", "回复1": {"总分": "2"}, "回复2": {"总分": "4"}}'
    verdict = read_verdict(text, "pairwise")
    assert verdict.parsed
    assert verdict.winner == 2
    assert verdict.answer_scores == {"1": 2, "2": 4}


def test_json_without_an_overall_key_is_unreadable() -> None:
    verdict = read_verdict('{"Accuracy": {"score": 4}}', "single")
    assert not verdict.parsed
    assert verdict.score is None
    assert "overall" in (verdict.reason or "")


def test_markup_and_escapes_in_verdicts_are_just_text() -> None:
    text = "[@click=app.quit]x[/] [b \x1b[31mred\x1b[0m overall score [[3]]"
    verdict = read_verdict(text, "single")
    assert verdict.score == 3


# --- properties -------------------------------------------------------------------------------


@given(st.text(max_size=400), st.sampled_from(["single", "pairwise", "custom"]), st.integers(2, 10))
def test_reader_never_raises_and_never_invents_out_of_range_scores(
    text: str, mode: str, max_score: int
) -> None:
    verdict = read_verdict(text, mode, max_score)
    if verdict.score is not None:
        assert 1 <= verdict.score <= max_score
        assert verdict.parsed
    for value in verdict.answer_scores.values():
        assert 1 <= value <= max_score
    if not verdict.parsed:
        assert verdict.reason


_pieces = st.sampled_from(
    [s["text"] for s in SEEDS]
    + ["\n", "Advantages:\n", "不足：\n", "1. Accuracy: ", "[[3]]", "[[Answer 1 is better]]"]
    + ["overall score [[4]]", "［［2］］", "2. **Bold**: x [[N/A]]\n", "Rating for Answer 2: [[3]]"]
    + ['{"score": 3}', "İ", "x" * 90 + "\n", "[[9]]"]
)


@given(
    st.lists(_pieces | st.text(max_size=40), max_size=6),
    st.sampled_from(["single", "pairwise", "custom"]),
)
def test_stored_verdict_data_is_the_verdict_as_json(pieces: list[str], mode: str) -> None:
    """A batch collect stores `verdict_data` as it is; the app and exports read it back as a
    Verdict: the two must be the same reading."""
    text = "".join(pieces)
    data = verdict_data(text, mode, 5)
    assert Verdict.model_validate(data).model_dump(mode="json") == data
    assert read_verdict(text, mode, 5).model_dump(mode="json") == data


# Filler that says nothing to the reader: no marker brackets or digits, no quotes (a marker in
# quotes is someone else's), no block quote or list bullet at a line's start.
_filler = st.text(
    alphabet=st.characters(blacklist_characters="[]［］【】〚〛0123456789\n\"'“”‘’「」『』«»>-*+•"),
    max_size=60,
)


@given(st.integers(1, 5), st.integers(1, 5), st.integers(1, 5), _filler, _filler)
def test_generated_single_verdicts_read_back(
    overall: int, c1: int, c2: int, before: str, after: str
) -> None:
    text = (
        f"{before}I think the overall score of the answer is [[{overall}]] {after}\n"
        f"1. Relevance: {after} [[{c1}]]\n2. Accuracy: {before} [[{c2}]]"
    )
    verdict = read_verdict(text, "single")
    assert verdict.score == overall
    assert [c.score for c in verdict.criteria] == [c1, c2]
    assert verdict.score_span is not None
    assert text[verdict.score_span.start : verdict.score_span.end] == f"[[{overall}]]"


@given(st.integers(1, 5), st.integers(1, 5), st.sampled_from(["en", "zh"]))
def test_generated_pairwise_verdicts_read_back(s1: int, s2: int, lang: str) -> None:
    if lang == "zh":
        better = "两个回复一样好" if s1 == s2 else f"回复{1 if s1 > s2 else 2}更好"
        text = (
            f"我认为[[{better}]],其中回复1的综合评分为[[{s1}]],回复2的综合评分为[[{s2}]],理由如下:"
        )
    else:
        better = (
            "the two answers as equivalent"
            if s1 == s2
            else f"Answer {1 if s1 > s2 else 2} is better"
        )
        text = (
            f"I regard [[{better}]]. The overall score of Answer 1 is [[{s1}]] and the overall "
            f"score of Answer 2 is [[{s2}]]."
        )
    verdict = read_verdict(text, "pairwise")
    assert verdict.answer_scores == {"1": s1, "2": s2}
    assert verdict.winner == ("tie" if s1 == s2 else (1 if s1 > s2 else 2))
    assert verdict.ambiguities == []


def test_a_verdict_after_thinking_is_highlighted_where_it_stands_in_the_stored_text() -> None:
    """The scores a reasoning model weighs in its opening <think> block are not read; what is
    read after it is highlighted at its place in the whole text, criteria and markers too."""
    thinking = "<think>\nMaybe [[5]]? I'd give it a 5... no wait, 3.\n</think>\n"
    text = thinking + "Overall score: [[3]]\n1. Accuracy: wrong date [[2]]"
    verdict = read_verdict(text, "single")
    assert verdict.score == 3
    assert verdict.score_span is not None
    assert text[verdict.score_span.start : verdict.score_span.end] == "[[3]]"
    assert verdict.score_span.start > len(thinking)
    assert [text[c.span.start : c.span.end] for c in verdict.criteria if c.span] == ["[[2]]"]
    assert [text[m.start : m.end] for m in verdict.markers] == ["[[3]]", "[[2]]"]
    only = read_verdict(thinking, "single")
    assert not only.parsed and only.reason is not None and "thinking" in only.reason


def test_long_runs_of_white_space_read_as_short_ones_and_highlight_in_place() -> None:
    """A hostile service pads a verdict with runs of white space (each had taken time in the
    square of its length): it reads as the same verdict padded lightly, and what is read is
    highlighted at its place in the stored text."""
    text = (
        "<think>x</think>" + " " * 5000 + "Overall score: [[4]]\n" + "\n" * 3000
        + "1. Accuracy: ok [[3]]" + "\t" * 9000 + "\nSummary: overall score [[4]]."
    )  # fmt: skip
    verdict = read_verdict(text, "single")
    assert verdict.score == 4
    assert verdict.score_span is not None
    assert text[verdict.score_span.start : verdict.score_span.end] == "[[4]]"
    assert next(text[c.span.start : c.span.end] for c in verdict.criteria if c.span) == "[[3]]"
    # the summary after the tabs and the line break starts its own line: it is no criterion
    assert [(c.name, c.score) for c in verdict.criteria] == [("Accuracy", 3)]
    assert [text[m.start : m.end] for m in verdict.markers] == ["[[4]]", "[[3]]", "[[4]]"]
    padded = read_verdict("Answer 2" + " " * 200_000 + "is better.\n" * 2, "pairwise")
    assert padded.winner == 2


@given(
    st.lists(st.sampled_from(["a", "[[4]]", " ", "\n", "\t", " " * 300, "\n" * 400]), max_size=12)
)
def test_a_shortened_text_maps_every_position_back_to_the_same_character(pieces: list[str]) -> None:
    from judge_tui.judging.verdict_context import Shortened

    original = "".join(pieces)
    shortened = Shortened(original, 7)
    stored = "x" * 7 + original
    assert len(shortened.text) <= len(original)
    for at, char in enumerate(shortened.text):
        placed = stored[shortened.where(at)]
        # a cut run's last kept character stands for the line break cut from it
        assert placed == char or (char == "\n" and placed.isspace())
    assert shortened.text.count("\n") >= min(1, original.count("\n"))


@pytest.mark.parametrize(
    ("text", "written"),
    [("Score: 2.5.0", "2.5.0"), ("SCORE: 1_9/10", "1_9/10"), ("Rating: 2e3.", "2e3")],
)
def test_a_score_in_a_malformed_number_is_named_in_the_reason(text: str, written: str) -> None:
    """The triage queue shows why a verdict could not be read: the number as the judge wrote
    it, not the generic "no score was found"."""
    verdict = read_verdict(text, "custom", 5)
    assert not verdict.parsed and verdict.score is None
    assert verdict.reason == f"the score is written as {written}, which is not one number"


def test_a_verdict_longer_than_any_judge_writes_is_not_read_and_says_why() -> None:
    """A hostile service ends a verdict with a megabyte of score-like numbers (each was weighed
    in its context, 15 µs a character: 16 MB, the most an answer may hold, took about four
    minutes, holding up every other judgment on the loop that carries them). Past the reader's
    length it is not read, and says so; thinking before the verdict does not count, nor do long
    runs of white space."""
    flood = "4/5 " * 250_000
    verdict = read_verdict("Overall score: [[4]]\n" + flood, "single")
    assert not verdict.parsed and verdict.score is None and verdict.markers == []
    assert verdict.reason is not None
    assert "1,000,021 characters long" in verdict.reason and "100,000" in verdict.reason
    assert "by hand" in verdict.reason
    paired = read_verdict("[[A>B]] " + flood, "pairwise")
    assert not paired.parsed and paired.winner is None
    thinking = "<think>" + "weighing 4/5 " * 20_000 + "</think>\nOverall score: [[4]]"
    assert read_verdict(thinking, "single").score == 4
    spaced = "Overall score: [[4]]" + " " * 500_000 + "Good."
    assert read_verdict(spaced, "single").score == 4
    under = "Overall score: [[4]]\n" + "Fine. " * 16_000
    assert read_verdict(under, "single").score == 4
