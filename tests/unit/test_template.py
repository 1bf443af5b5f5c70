from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from judge_tui.judging.inputs import InputError, JudgeInputs, JudgeParams, Mode
from judge_tui.judging.requests import build_chat_request, verdict_max_score
from judge_tui.judging.template import (
    TemplateError,
    check_template,
    escape_braces,
    find_placeholders,
    infer_max_score,
    render_template,
)


def test_render_fills_placeholders_and_keeps_doubled_braces_literal() -> None:
    text = 'Q: {question}\nA: {answer}\nReply as {{"score": N}}'
    out = render_template(text, {"question": "2+2?", "answer": "4"})
    assert out == 'Q: 2+2?\nA: 4\nReply as {"score": N}'


def test_unknown_placeholder_is_named() -> None:
    with pytest.raises(TemplateError) as err:
        render_template("{question} {tone}", {"question": "q"})
    assert "{tone}" in str(err.value)
    assert err.value.placeholder == "tone"


def test_missing_value_is_named() -> None:
    with pytest.raises(TemplateError) as err:
        render_template("{question} vs {ref_answer}", {"question": "q", "ref_answer": ""})
    assert "{ref_answer}" in str(err.value) and "no value" in str(err.value)


def test_a_stray_brace_says_how_to_write_a_literal_one() -> None:
    with pytest.raises(TemplateError) as err:
        render_template('Output {"score": 1}', {})
    assert "{{" in str(err.value)
    assert "line 1" in str(err.value)


def test_user_variables_are_known_placeholders() -> None:
    assert render_template("{tone}!", {"tone": "formal"}) == "formal!"


def test_check_reports_every_problem_with_its_span() -> None:
    text = "{question} {nope} {answer}"
    problems = check_template(text, {"question": "q"})
    assert [(p.placeholder, text[p.start : p.end]) for p in problems] == [
        ("nope", "{nope}"),
        ("answer", "{answer}"),
    ]


def test_find_placeholders_spans() -> None:
    text = "a {question} {{x}} {answer1}"
    assert [(p.name, text[p.start : p.end]) for p in find_placeholders(text)] == [
        ("question", "{question}"),
        ("answer1", "{answer1}"),
    ]


@given(st.text(max_size=200))
def test_escaped_text_renders_back_to_itself(text: str) -> None:
    assert render_template(escape_braces(text), {}) == text


@given(st.text(max_size=50), st.text(max_size=50))
def test_values_are_inserted_verbatim_even_when_they_contain_braces(q: str, a: str) -> None:
    values = {"question": q if q.strip() else "x", "answer": a if a.strip() else "y"}
    out = render_template("[{question}]({answer})", values)
    assert out == f"[{values['question']}]({values['answer']})"


def test_scale_is_inferred_from_custom_templates() -> None:
    assert infer_max_score("Please score the answer on a scale of 1 to 10") == 10
    assert infer_max_score("请按1-10分打分") == 10
    assert infer_max_score("no scale here") is None
    inputs = JudgeInputs(
        mode=Mode.CUSTOM, user_template="on a scale of 1 to 7: {question}", question="q"
    )
    assert verdict_max_score(inputs) == 7


def test_single_request_shape_matches_the_docs() -> None:
    inputs = JudgeInputs(question="Q", answer="A", ref_answer="R", max_score=10)
    body = build_chat_request(inputs, JudgeParams(model="pai-judge-plus", json_verdict=True)).wire()
    assert body == {
        "model": "pai-judge-plus",
        "messages": [
            {
                "role": "user",
                "content": [
                    {
                        "mode": "single",
                        "type": "json",
                        "json": {
                            "question": "Q",
                            "answer": "A",
                            "ref_answer": "R",
                            "max_score": 10,
                        },
                    }
                ],
            }
        ],
        "response_format": {"type": "json_object"},
    }


def test_pairwise_and_custom_request_shapes() -> None:
    pair = build_chat_request(
        JudgeInputs(mode=Mode.PAIRWISE, question="Q", answer1="A1", answer2="A2"), JudgeParams()
    ).wire()
    assert pair["messages"][0]["content"][0]["json"] == {
        "question": "Q",
        "answer1": "A1",
        "answer2": "A2",
    }
    assert pair["messages"][0]["content"][0]["mode"] == "pairwise"
    custom = build_chat_request(
        JudgeInputs(mode=Mode.CUSTOM, system="S", user_template="Q={question}", question="x"),
        JudgeParams(temperature=0.2, seed=7),
    ).wire()
    assert custom["messages"] == [
        {"role": "system", "content": "S"},
        {"role": "user", "content": "Q=x"},
    ]
    assert custom["temperature"] == 0.2 and custom["seed"] == 7


@pytest.mark.parametrize(
    ("inputs", "needle"),
    [
        (JudgeInputs(question="  ", answer="a"), "question is empty"),
        (JudgeInputs(question="q", answer=""), "answer is empty"),
        (JudgeInputs(mode=Mode.PAIRWISE, question="q", answer1="a"), "answer 2 is empty"),
        (JudgeInputs(mode=Mode.CUSTOM, question="q"), "user template"),
        (JudgeInputs(question="q", answer="a", max_score=1), "max score"),
    ],
)
def test_bad_inputs_are_named_before_anything_is_sent(inputs: JudgeInputs, needle: str) -> None:
    with pytest.raises(InputError) as err:
        build_chat_request(inputs, JudgeParams())
    assert needle in str(err.value)
