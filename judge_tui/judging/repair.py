"""Ask the judge again for a verdict that could not be read: the same conversation, continued
with one short message asking for the final verdict in the format it is read in."""

from __future__ import annotations

from judge_tui.api.client import JudgeClient
from judge_tui.api.models import ChatMessage
from judge_tui.judging.inputs import JudgeInputs, JudgeParams
from judge_tui.judging.modes import reading_mode
from judge_tui.judging.requests import build_chat_request, verdict_max_score
from judge_tui.judging.run import JudgeOutcome, judge
from judge_tui.judging.verdict_formats import parse_verdict_format

# The emulator answers a message that holds these words with the markers only.
_LEAD = "Reply with only the final verdict"


def repair_message(mode: str, verdict_format: str, max_score: int) -> str:
    """One short message, in the verdict format's own words, that asks for nothing else."""
    kind = parse_verdict_format(verdict_format).kind
    if kind == "mtbench-single":
        shape = f'"Rating: [[N]]", where N is a whole number from 1 to {max_score}'
    elif kind == "mtbench-pair":
        shape = '"[[A]]" if A is better, "[[B]]" if B is better, or "[[C]]" for a tie'
    elif kind == "arena":
        shape = "one label of [[A>>B]], [[A>B]], [[A=B]], [[B>A]] or [[B>>A]]"
    elif kind == "prometheus":
        shape = f'"[RESULT] N", where N is a whole number from 1 to {max_score}'
    elif kind in ("regex", "json"):
        shape = f"the form your instructions asked for, with a score from 1 to {max_score}"
    elif mode == "pairwise":
        shape = (
            '"[[Answer 1 is better]]", "[[Answer 2 is better]]" or "[[the two answers as '
            'equivalent]]", then "Answer 1 overall score: [[N]]" and "Answer 2 overall score: '
            f'[[N]]", each N a whole number from 1 to {max_score}'
        )
    else:
        shape = f'"Overall score: [[N]]", where N is a whole number from 1 to {max_score}'
    return f"{_LEAD} in this format: {shape}. Write nothing else."


async def repair(
    client: JudgeClient, inputs: JudgeInputs, params: JudgeParams, original: str
) -> JudgeOutcome:
    """The judge's answer to the repair message, read like any verdict. Service failures come
    back inside the outcome, as `judge` returns them."""
    params = params.model_copy(update={"stream": False})
    request = build_chat_request(inputs, params)
    message = repair_message(
        reading_mode(inputs.mode, inputs.answer1, inputs.answer2),
        params.verdict_format,
        verdict_max_score(inputs, params),
    )
    request.messages += [
        ChatMessage(role="assistant", content=original),
        ChatMessage(role="user", content=message),
    ]
    return await judge(client, inputs, params, request=request)
