"""Deterministic, plausible verdicts in the documented formats and the question's language.

The same request always gets the same verdict. Every verdict says it comes from the
emulator, so nobody mistakes its scores for a model's.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

# Usage is counted with the rule of judge-tui's pre-flight estimate (over the texts alone).
from judge_tui.judging.preflight import estimate_tokens

EMULATOR_FINGERPRINT = "judge-tui-emulator"
NOTICE = {
    "en": "(judge-tui emulator: a simulated verdict, not a model's judgment.)",
    "zh": "(judge-tui 模拟器:模拟的评测结果,并非模型的判断。)",
    "ja": "(judge-tui エミュレータ:シミュレートされた評価であり、モデルの判断ではありません。)",
}
CRITERIA = {
    "en": ["Relevance", "Accuracy", "Completeness", "Clarity and structure", "Harmlessness"],
    "zh": ["相关性", "准确性", "完整性", "清晰度和结构", "无害性"],
    "ja": ["関連性", "正確性", "完全性", "明確さと構成", "無害性"],
}
REMARKS = {
    "en": [
        "The answer addresses the question directly.",
        "The answer is mostly correct but leaves some points unexplained.",
        "The answer covers the main points of the question.",
        "The answer is easy to follow.",
        "The answer contains nothing offensive or unsafe.",
    ],
    "zh": [
        "回复直接针对用户的问题。",
        "回复基本正确,但部分要点缺少解释。",
        "回复涵盖了问题的主要方面。",
        "回复结构清晰,易于理解。",
        "回复不包含任何冒犯性或不安全的内容。",
    ],
    "ja": [
        "回答は質問に直接答えています。",
        "回答はおおむね正確ですが、説明の足りない点があります。",
        "回答は質問の主な点を押さえています。",
        "回答は分かりやすい構成です。",
        "回答に不適切な内容は含まれていません。",
    ],
}


# The documented single-mode layout (docs/service.md §4), in each language the emulator answers in.
SINGLE_WORDING = {
    "en": {
        "lead": (
            "I think the overall score of the answer is [[{score}]] due to the following reasons:"
        ),
        "good": "Advantages of the answer:",
        "weak": "Shortcomings of the answer:",
        "row": "{i}. {n}: {r} [[{v}]]",
        "summary": "In summary, this results in an overall rating of {score}.",
    },
    "zh": {
        "lead": "我认为该回复的综合评分为[[{score}]],理由如下。",
        "good": "当前回复的优点:",
        "weak": "当前回复的不足:",
        "row": "{i}. {n}:{r}[[{v}]]",
        "summary": "综上所述,综合评分为{score}。",
    },
    "ja": {
        "lead": "この回答の総合評価は[[{score}]]です。理由は以下の通りです。",
        "good": "回答の長所:",
        "weak": "回答の短所:",
        "row": "{i}. {n}:{r}[[{v}]]",
        "summary": "",
    },
}


# What a judge sometimes writes: a verdict with no score in it (`--unreadable-rate`).
UNREADABLE = {
    "en": "The answer touches the question but I have reservations about parts of it; it is "
    "hard to put a single number on it.",
    "zh": "该回复涉及了问题,但其中部分内容有待商榷,很难给出一个确定的分数。",
    "ja": "回答は質問に触れていますが、一部に疑問があり、一つの点数にまとめるのは難しいです。",
}
# The words a repair message ends with (judging/repair.py writes them): a judge asked this after
# its verdict answers with the verdict's markers only.
REPAIR_CUE = "reply with only the final verdict"


def repair_target(body: dict[str, Any]) -> dict[str, Any] | None:
    """For a repair request (the judge's verdict, then a user message asking for the final
    verdict only), the original request, so the repaired verdict is the same judgment."""
    messages = body.get("messages")
    if not isinstance(messages, list) or len(messages) < 3:
        return None
    last = messages[-1]
    if not isinstance(last, dict) or REPAIR_CUE not in str(last.get("content", "")).lower():
        return None
    for index, message in enumerate(messages):
        if isinstance(message, dict) and message.get("role") == "assistant":
            return dict(body, messages=messages[:index])
    return None


def marker_only(task: JudgeTask, model: str, seed: Any, style: JudgeStyle) -> str:
    """The verdict's reading, in the service's markers and nothing else."""
    s1, s2 = judged_scores(task, model, seed, style)
    if s2 is not None:
        better = (
            "the two answers as equivalent"
            if s1 == s2
            else f"Answer {1 if s1 > s2 else 2} is better"
        )
        return f"[[{better}]] Answer 1 overall score: [[{s1}]] Answer 2 overall score: [[{s2}]]"
    return f"Overall score: [[{s1}]]"


class BadJudgeRequest(ValueError):
    """The request cannot be judged; the message goes back in a 400 body."""


def language_of(text: str) -> str:
    if re.search(r"[\u3040-\u30ff]", text):
        return "ja"
    if re.search(r"[\u4e00-\u9fff]", text):
        return "zh"
    return "en"


@dataclass
class JudgeTask:
    mode: str  # single | pairwise | custom
    payload: dict[str, Any]
    text: str  # everything the judge reads, for language and token counts
    max_score: int
    json_output: bool


def parse_task(body: dict[str, Any]) -> JudgeTask:
    messages = body.get("messages")
    if not isinstance(messages, list) or not messages:
        raise BadJudgeRequest("messages must be a non-empty list")
    json_output = (body.get("response_format") or {}).get("type") == "json_object"
    last = messages[-1]
    content = last.get("content") if isinstance(last, dict) else None
    if (
        isinstance(content, list)
        and content
        and isinstance(content[0], dict)
        and "mode" in content[0]
    ):
        part = content[0]
        mode = part.get("mode")
        data = part.get("json")
        if mode not in ("single", "pairwise") or not isinstance(data, dict):
            raise BadJudgeRequest("content[0].mode must be single or pairwise with a json object")
        if not str(data.get("question") or "").strip():
            raise BadJudgeRequest("json.question is required")
        needed = ("answer",) if mode == "single" else ("answer1", "answer2")
        for name in needed:
            if not str(data.get(name) or "").strip():
                raise BadJudgeRequest(f"json.{name} is required in {mode} mode")
        max_score = int(data.get("max_score") or 5)
        text = " ".join(str(v) for v in data.values())
        return JudgeTask(mode, data, text, max_score, json_output)
    texts: list[str] = []
    for message in messages:
        if not isinstance(message, dict):
            raise BadJudgeRequest("each message must be an object")
        value = message.get("content")
        if isinstance(value, str):
            texts.append(value)
        elif isinstance(value, list):
            texts.extend(str(p.get("text", "")) for p in value if isinstance(p, dict))
    text = "\n".join(texts)
    if not text.strip():
        raise BadJudgeRequest("the messages are empty")
    match = re.search(r"scale of\s*1\s*to\s*(\d+)|1\s*(?:-|~|到|至)\s*(\d+)\s*分", text)
    max_score = int(next(g for g in match.groups() if g)) if match else 5
    return JudgeTask("custom", {"text": text}, text, max(2, min(max_score, 100)), json_output)


def _rng_for(task: JudgeTask, model: str, seed: Any) -> random.Random:
    key = json.dumps([task.mode, task.payload, model, seed], sort_keys=True, ensure_ascii=False)
    return random.Random(hashlib.sha256(key.encode()).digest())


_WORD = re.compile(r"[a-z0-9]+|[\u3040-\u30ff\u4e00-\u9fff]")
_STOPWORDS = frozenset(
    {
        "a", "an", "and", "are", "as", "at", "be", "by", "do", "does", "for", "from", "how",
        "i", "in", "is", "it", "of", "on", "or", "the", "to", "was", "what", "when", "where",
        "which", "who", "why", "with", "you", "your", "this", "that", "these", "those", "can",
        "could", "would", "should",
    }
)  # fmt: skip


def _content_words(text: str) -> set[str]:
    """The words that carry meaning (every CJK character counts as one)."""
    return {w for w in _WORD.findall(text.lower()) if w not in _STOPWORDS}


def _score(
    rng: random.Random, answer: str, max_score: int, question: str = "", reference: str = ""
) -> int:
    """A plausible simulated score from simple signals, stable for a given input: an empty
    answer gets the lowest; with a reference answer, how much of it the answer covers; without
    one, whether the answer speaks to the question's words and is not too short. A quarter of
    the score is chance, so two judges (or two seeds) differ as real ones do."""
    words = _content_words(answer)
    if not answer.strip():
        return 1
    wanted = _content_words(reference)
    if wanted:
        quality = 0.75 * len(wanted & words) / len(wanted) + 0.25 * rng.random()
    else:
        asked = _content_words(question)
        on_topic = len(asked & words) / len(asked) if asked else 0.5
        adequacy = min(1.0, len(answer.strip()) / max(30, len(question.strip())))
        quality = 0.45 * on_topic + 0.30 * adequacy + 0.25 * rng.random()
    return 1 + round(quality * (max_score - 1))


def _single_score(rng: random.Random, task: JudgeTask) -> int:
    p = task.payload
    if task.mode != "single":  # a custom template: only its whole text is known
        return _score(rng, task.text, task.max_score)
    question, reference = str(p.get("question", "")), str(p.get("ref_answer", ""))
    return _score(rng, str(p.get("answer", "")), task.max_score, question, reference)


def _pair_scores(rng: random.Random, task: JudgeTask) -> tuple[int, int]:
    p = task.payload
    question, reference = str(p.get("question", "")), str(p.get("ref_answer", ""))
    return (
        _score(rng, str(p.get("answer1", "")), task.max_score, question, reference),
        _score(rng, str(p.get("answer2", "")), task.max_score, question, reference),
    )


@dataclass(frozen=True)
class JudgeStyle:
    """How the simulated judge leans (`judge-tui emulator --position-bias/--judge-noise`).

    `position_bias`: the chance that a pairwise verdict prefers the answer in slot 1 whatever the
    answers are (a judge's known failing; judging both orders shows it). `judge_noise`: the
    chance that a score moves one point, drawn per model and seed, so a repeat with another
    seed, or a second model, differs sometimes; without it every model and seed agree. Each
    draw is keyed by the request, so the same request always gets the same verdict."""

    position_bias: float = 0.0
    judge_noise: float = 0.0


def _task_rng(task: JudgeTask, salt: str, model: str = "", seed: Any = None) -> random.Random:
    key = json.dumps([task.mode, task.payload, task.text if task.mode == "custom" else "",
                      salt, model, seed], sort_keys=True, ensure_ascii=False)  # fmt: skip
    return random.Random(hashlib.sha256(key.encode()).digest())


def judged_scores(
    task: JudgeTask, model: str, seed: Any, style: JudgeStyle
) -> tuple[int, int | None]:
    """(score, None) of a single or custom judgment; (answer 1's, answer 2's) of a pairwise
    one. The quality draw depends on the judgment's inputs only; noise and position bias are
    drawn per model and seed."""
    m = task.max_score
    quality = _task_rng(task, "quality")
    if task.mode == "pairwise":
        s1, s2 = _pair_scores(quality, task)
    else:
        s1, s2 = _single_score(quality, task), None
    noise = _task_rng(task, "noise", model, seed)
    if noise.random() < style.judge_noise:
        step = noise.choice((-1, 1))
        if s2 is not None and noise.random() < 0.5:
            s2 = max(1, min(m, s2 + step))
        else:
            s1 = max(1, min(m, s1 + step))
    if s2 is not None and _task_rng(task, "bias", model, seed).random() < style.position_bias:
        s1, s2 = max(s1, s2), min(s1, s2)  # slot 1 wins, whatever the answers
        if s1 == s2:
            s1, s2 = (s1 + 1, s2) if s1 < m else (s1, s2 - 1)
    return s1, s2


def _near(rng: random.Random, score: int, max_score: int) -> int:
    return max(1, min(max_score, score + rng.choice((-1, 0, 0, 1))))


def generate_verdict(
    task: JudgeTask, model: str, seed: Any = None, style: JudgeStyle | None = None
) -> str:
    rng = _rng_for(task, model, seed)
    lang = language_of(task.payload.get("question") or task.text)
    m = task.max_score
    s1, s2 = judged_scores(task, model, seed, style or JudgeStyle())
    if task.mode == "single":
        text = _single(lang, rng, s1, m, task.json_output)
    elif s2 is not None:
        text = _pairwise(lang, rng, s1, s2, m, task.json_output)
    else:
        text = _custom(lang, s1, task.json_output)
    if task.json_output:
        return text  # a JSON verdict must stay parseable; the fingerprint says "emulator"
    return f"{text}\n\n{NOTICE[lang]}"


def _single(lang: str, rng: random.Random, score: int, m: int, as_json: bool) -> str:
    names = CRITERIA[lang]
    remarks = REMARKS[lang]
    crit = [_near(rng, score, m) for _ in names]
    if as_json:
        total_key, score_key, reason_key = (
            ("总分", "分数", "理由") if lang == "zh" else ("overall", "score", "reason")
        )
        data: dict[str, Any] = {total_key: str(score)}
        for name, value, remark in zip(names, crit, remarks, strict=True):
            data[name] = {score_key: str(value), reason_key: remark}
        return json.dumps(data, ensure_ascii=False, indent=2)
    rows = list(zip(names, crit, remarks, strict=True))
    good = [row for row in rows if row[1] >= score]
    weak = [row for row in rows if row[1] < score]
    words = SINGLE_WORDING[lang]
    lines = [words["lead"].format(score=score), words["good"]]
    lines += [words["row"].format(i=i, n=n, r=r, v=v) for i, (n, v, r) in enumerate(good, 1)]
    if weak:
        lines += ["", words["weak"]]
        lines += [words["row"].format(i=i, n=n, r=r, v=v) for i, (n, v, r) in enumerate(weak, 1)]
    if words["summary"]:
        lines += ["", words["summary"].format(score=score)]
    return "\n".join(lines)


def _pairwise(lang: str, rng: random.Random, s1: int, s2: int, m: int, as_json: bool) -> str:
    names = CRITERIA[lang]
    remarks = REMARKS[lang]
    if as_json:
        winner = "tie" if s1 == s2 else ("1" if s1 > s2 else "2")
        key = "回复" if lang == "zh" else "answer"
        total = "总分" if lang == "zh" else "overall"
        return json.dumps(
            {"winner": winner, f"{key}1": {total: str(s1)}, f"{key}2": {total: str(s2)}},
            ensure_ascii=False,
            indent=2,
        )
    rows = [(_near(rng, s1, m), _near(rng, s2, m)) for _ in names]
    if lang == "zh":
        verdict = "两个回复一样好" if s1 == s2 else f"回复{1 if s1 > s2 else 2}更好"
        lines = [
            f"我认为[[{verdict}]],其中回复1的综合评分为[[{s1}]],回复2的综合评分为[[{s2}]],理由如下:"
        ]
        lines += [
            f"{i}. {n}:{r}因此回复1得分为[[{a}]],回复2得分为[[{b}]]。"
            for i, (n, r, (a, b)) in enumerate(zip(names, remarks, rows, strict=True), 1)
        ]
    else:
        if s1 == s2:
            verdict = "the two answers as equivalent"
        else:
            verdict = f"Answer {1 if s1 > s2 else 2} is better"
        lead = "I regard" if lang == "en" else "私の評価は"
        lines = [
            f"{lead} [[{verdict}]]. The overall score of Answer 1 is [[{s1}]] and the overall "
            f"score of Answer 2 is [[{s2}]] for the following reasons:"
        ]
        lines += [
            f"{i}. {n}: {r} [[Rating for Answer 1: {a}]] [[Rating for Answer 2: {b}]]"
            for i, (n, r, (a, b)) in enumerate(zip(names, remarks, rows, strict=True), 1)
        ]
    return "\n".join(lines)


def _custom(lang: str, score: int, as_json: bool) -> str:
    if as_json:
        return json.dumps({"score": str(score), "reason": REMARKS[lang][1]}, ensure_ascii=False)
    if lang == "zh":
        return f"根据提供的评分标准,我会给这个回答打{score}分。{REMARKS['zh'][1]}"
    if lang == "ja":
        return f"提示された評価基準に基づき、この回答の評価は{score}点です。{REMARKS['ja'][1]}"
    return (
        f"Based on the provided scoring criteria, I rate this answer as {score}. {REMARKS['en'][1]}"
    )


def cut_to_tokens(text: str, max_tokens: int | None) -> tuple[str, str]:
    """(content, finish_reason): the text cut short when it exceeds max_tokens."""
    if max_tokens is None or estimate_tokens(text) <= max_tokens:
        return text, "stop"
    lo, hi = 0, len(text)
    while lo < hi:  # the longest prefix that fits
        mid = (lo + hi + 1) // 2
        if estimate_tokens(text[:mid]) <= max_tokens:
            lo = mid
        else:
            hi = mid - 1
    return text[:lo], "length"


@dataclass
class Completion:
    """One judged request: what both the chat route and a batch line answer with."""

    model: str
    text: str
    finish_reason: str
    usage: dict[str, int]
    id: str = field(default_factory=lambda: f"chatcmpl-{uuid.uuid4()}")
    created: int = field(default_factory=lambda: int(time.time()))

    def chat_completion(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "object": "chat.completion",
            "created": self.created,
            "model": self.model,
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": self.text, "refusal": ""},
                    "finish_reason": self.finish_reason,
                    "logprobs": None,
                }
            ],
            "usage": self.usage,
            "system_fingerprint": EMULATOR_FINGERPRINT,
            "service_tier": "",
        }


def complete(
    body: dict[str, Any], unreadable: bool = False, style: JudgeStyle | None = None
) -> Completion:
    """Judge a chat request body; raises BadJudgeRequest when it cannot be judged. A repair
    request is answered with the markers only; `unreadable` writes a verdict with no score."""
    model = str(body.get("model") or "pai-judge")
    style = style or JudgeStyle()
    original = repair_target(body)
    if original is not None:
        task = parse_task(original)
        verdict = marker_only(task, model, original.get("seed"), style)
    else:
        task = parse_task(body)
        verdict = generate_verdict(task, model, body.get("seed"), style)
        if unreadable:
            verdict = UNREADABLE[language_of(task.payload.get("question") or task.text)]
    text, finish = cut_to_tokens(verdict, body.get("max_tokens"))
    prompt, completion = estimate_tokens(task.text), estimate_tokens(text)
    usage = {
        "prompt_tokens": prompt,
        "completion_tokens": completion,
        "total_tokens": prompt + completion,
    }
    return Completion(model, text, finish, usage)


def with_wrong_fields(answer: dict[str, Any]) -> dict[str, Any]:
    """A chat answer (or chunk) whose informational fields are written wrongly, as the
    `wrong_fields` switch sends it: the model a number, the id a number, the time a word, the
    token counts null, negative and text. The verdict itself is untouched."""
    answer |= {"id": 404, "model": 7, "created": "yesterday"}
    if "usage" in answer:
        answer["usage"] = {"prompt_tokens": None, "completion_tokens": -3, "total_tokens": "many"}
    return answer
