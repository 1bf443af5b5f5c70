"""The Judge form's plan (judging/plans.py) as games to send, and its pre-flight figures.

Imported when the form is first read, not on the first frame's path (it needs the engine's
pydantic models)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from judge_tui.api.models import ChatRequest
from judge_tui.judging.inputs import JudgeInputs, JudgeParams
from judge_tui.judging.plans import Plan, plan_games
from judge_tui.judging.preflight import PlannedGame, Preflight, preflight
from judge_tui.judging.requests import build_chat_request

# Games of one item judged at once: a plan of the form is one item's games (at most a few
# judges x 2 orders x 20 repeats), sent a few at a time so the service sees a modest burst.
FORM_CONCURRENCY = 8


@dataclass(frozen=True)
class FormGame:
    custom_id: str | None  # None: a plain judgment, not a game of a plan
    inputs: JudgeInputs
    params: JudgeParams
    request: ChatRequest  # built once: it names what is missing, and is sent as it is


def planned_games(inputs: JudgeInputs, params: JudgeParams, plan: Plan) -> list[FormGame]:
    """Every game the form's plan sends, the first one streamed. Raises what building a
    request raises (InputError, TemplateError), or PlanError."""
    if plan.is_plain:
        return [FormGame(None, inputs, params, build_chat_request(inputs, params))]
    item = f"form-{uuid.uuid4().hex[:8]}"  # the games' shared item, linking them in the store
    return [
        FormGame(key.custom_id, game_inputs, game_params,
                 build_chat_request(game_inputs, game_params))
        for key, game_inputs, game_params in plan_games(item, inputs, params, plan)
    ]  # fmt: skip


def preflight_of(games: list[FormGame], limit_override: int | None) -> Preflight:
    return preflight(
        1,
        (PlannedGame(g.custom_id or "the item", g.params.model, g.request.wire()) for g in games),
        limit_override,
    )
