"""The service's two built-in prompt structures (docs/service.md §3), as custom templates to start
from.

Written in our own words: they follow the structure the service documents for single and
pairwise judgments (role, the material, what to check, how to mark the result) so a user can
copy one and adapt it, and the verdict reader understands what they produce. Every placeholder
in them is one the form always fills: a placeholder with no value is refused before sending, so
optional fields such as {ref_answer} are left for users to add when they have them.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class BuiltinTemplate:
    name: str
    system: str
    user_template: str
    verdict_format: str = "pai"  # how the verdict it asks for is read (docs/verdicts.md)


SINGLE = BuiltinTemplate(
    name="built-in: single",
    system=(
        "You are an impartial judge of answers written by AI assistants. Read the question and "
        "the answer, and judge the answer on its correctness, helpfulness and clarity."
    ),
    user_template=(
        "Question:\n{question}\n\n"
        "Answer to judge:\n{answer}\n\n"
        "First explain your reasoning in a few sentences, criterion by criterion. Then give the "
        "overall score on a scale of 1 to 5 on a line of its own, written as "
        '"Overall score: [[N]]", where N is the score.'
    ),
)

PAIRWISE = BuiltinTemplate(
    name="built-in: pairwise",
    system=(
        "You are an impartial judge comparing two answers written by AI assistants to the same "
        "question. Do not let the order of the answers, their length or the assistants' names "
        "sway you."
    ),
    user_template=(
        "Question:\n{question}\n\n"
        "Answer 1:\n{answer1}\n\n"
        "Answer 2:\n{answer2}\n\n"
        "Compare the answers criterion by criterion and explain which is better and why. Then "
        "give each answer an overall score on a scale of 1 to 5, written as "
        '"Answer 1 overall score: [[N]]" and "Answer 2 overall score: [[N]]", and finish with '
        'the better one as "[[Answer 1]]", "[[Answer 2]]" or "[[Tie]]".'
    ),
)

# The prompts of the most used open judges, in our own words, each with the verdict format its
# judges answer in: the verdicts of an existing evaluation setup can be read here unchanged.
MTBENCH_SINGLE = BuiltinTemplate(
    name="built-in: MT-bench single",
    system="You are a helpful assistant.",
    user_template=(
        "Act as an impartial judge and rate the quality of the AI assistant's answer to the "
        "user's question below. Weigh how helpful, relevant, accurate, deep, creative and "
        "detailed it is. Start with a short, objective explanation. After the explanation, rate "
        'the answer from 1 to 10 in exactly this form: "Rating: [[5]]".\n\n'
        "[Question]\n{question}\n\n"
        "[The Start of Assistant's Answer]\n{answer}\n[The End of Assistant's Answer]"
    ),
    verdict_format="mtbench-single",
)

MTBENCH_PAIR = BuiltinTemplate(
    name="built-in: MT-bench pairwise",
    system=(
        "Act as an impartial judge and decide which of two AI assistants answered the user's "
        "question better. Follow the user's instructions and answer the question; weigh "
        "helpfulness, relevance, accuracy, depth, creativity and detail. Compare the answers and "
        "explain briefly. The order in which they are shown, their length and the assistants' "
        "names must not sway you; be as objective as you can. After the explanation, give your "
        'verdict in exactly this form: "[[A]]" if assistant A is better, "[[B]]" if assistant B '
        'is better, and "[[C]]" for a tie.'
    ),
    user_template=(
        "[User Question]\n{question}\n\n"
        "[The Start of Assistant A's Answer]\n{answer1}\n[The End of Assistant A's Answer]\n\n"
        "[The Start of Assistant B's Answer]\n{answer2}\n[The End of Assistant B's Answer]"
    ),
    verdict_format="mtbench-pair",
)

ARENA_HARD = BuiltinTemplate(
    name="built-in: Arena-Hard",
    system=(
        "Please act as an impartial judge of two AI assistants' answers to the user prompt "
        "below. First write your own answer to the prompt, and judge the assistants' answers "
        "against it: find and correct any mistakes or wrong information. Then consider whether "
        "each answer is helpful, relevant and concise, and whether important information is "
        "missing. When the prompt is ambiguous, asking for clarification is better than "
        "assuming. Finish with exactly one of these labels: assistant A is significantly "
        "better: [[A>>B]]; assistant A is slightly better: [[A>B]]; a tie, about the same: "
        "[[A=B]]; assistant B is slightly better: [[B>A]]; assistant B is significantly better: "
        '[[B>>A]]. For example: "My final verdict is tie: [[A=B]]".'
    ),
    user_template=(
        "<|User Prompt|>\n{question}\n\n"
        "<|The Start of Assistant A's Answer|>\n{answer1}\n<|The End of Assistant A's Answer|>\n\n"
        "<|The Start of Assistant B's Answer|>\n{answer2}\n<|The End of Assistant B's Answer|>"
    ),
    verdict_format="arena",
)

PROMETHEUS = BuiltinTemplate(
    name="built-in: Prometheus",
    system="You are a fair judge assistant that gives feedback and a score against a rubric.",
    user_template=(
        "###Task Description:\nAn instruction, a response to evaluate and a score rubric are "
        "given. 1. Write detailed feedback that judges the response strictly against the rubric, "
        "not in general. 2. Then give a score, a whole number from 1 to 5, following the rubric. "
        '3. Write the output as "Feedback: (your feedback) [RESULT] (a number from 1 to 5)". '
        "4. Write nothing else: no opening, no closing, no explanation after the score.\n\n"
        "###The instruction to evaluate:\n{question}\n\n"
        "###Response to evaluate:\n{answer}\n\n"
        "###Score Rubric:\nDoes the response answer the instruction correctly, completely and "
        "helpfully?\nScore 1: wrong or unrelated.\nScore 2: mostly wrong or missing most of "
        "what was asked.\nScore 3: partly right, with clear gaps or errors.\nScore 4: right "
        "and helpful, with small gaps.\nScore 5: right, complete and helpful.\n\n"
        "###Feedback: "
    ),
    verdict_format="prometheus",
)

BUILTIN_TEMPLATES = (SINGLE, PAIRWISE, MTBENCH_SINGLE, MTBENCH_PAIR, ARENA_HARD, PROMETHEUS)
