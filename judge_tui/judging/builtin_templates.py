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

BUILTIN_TEMPLATES = (SINGLE, PAIRWISE)
