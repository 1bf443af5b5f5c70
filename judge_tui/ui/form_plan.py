"""The Judge form's plan (judging/plans.py) as games to send, and its pre-flight figures.

Imported when the form is first read, not on the first frame's path (it needs the engine's
pydantic models)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from judge_tui.api.models import ChatRequest
from judge_tui.judging.inputs import JudgeInputs, JudgeParams
from judge_tui.judging.plans import Plan, plan_games, profile_of
from judge_tui.judging.preflight import PlannedGame, Preflight, preflight
from judge_tui.judging.requests import build_chat_request
from judge_tui.ui.service import Connection

# Games of one item judged at once: a plan of the form is one item's games (at most a few
# judges x 2 orders x 20 repeats), sent a few at a time so the service sees a modest burst.
FORM_CONCURRENCY = 8


@dataclass(frozen=True)
class FormGame:
    custom_id: str | None  # None: a plain judgment, not a game of a plan
    inputs: JudgeInputs
    params: JudgeParams
    request: ChatRequest  # built once: it names what is missing, and is sent as it is
    connection: Connection | None = None  # a `profile:NAME` judge's service; None: the app's
    judge: str | None = None  # that judge's label, for the plan's figures


def profile_connections(plan: Plan) -> dict[str, Connection]:
    """The saved profiles a plan names as judges (`profile:NAME`), as connections. Reads
    config.toml and the credentials; raises NoSuchProfile (one sentence) for an unknown name."""
    from judge_tui.store.config import load_config, require_profile
    from judge_tui.store.credentials import resolve_token
    from judge_tui.store.paths import home_paths

    named = {judge: profile_of(judge) for judge in plan.judges}
    wanted = {judge: name for judge, name in named.items() if name is not None}
    if not wanted:
        return {}
    paths = home_paths()
    config = load_config(paths)
    return {
        judge: Connection.for_profile(
            name, require_profile(config, name), resolve_token(paths, name), session=None
        )
        for judge, name in wanted.items()
    }


def planned_games(
    inputs: JudgeInputs,
    params: JudgeParams,
    plan: Plan,
    profiles: dict[str, Connection] | None = None,
) -> list[FormGame]:
    """Every game the form's plan sends, the first one streamed. Raises what building a
    request raises (InputError, TemplateError), or PlanError."""
    if plan.is_plain and not profiles:
        return [FormGame(None, inputs, params, build_chat_request(inputs, params))]
    profiles = profiles or {}
    models = {judge: connection.model for judge, connection in profiles.items()}
    item = f"form-{uuid.uuid4().hex[:8]}"  # the games' shared item, linking them in the store
    games = []
    for key, game_inputs, game_params in plan_games(item, inputs, params, plan, models):
        judge = plan.judge_of(key)
        games.append(
            FormGame(key.custom_id, game_inputs, game_params,
                     build_chat_request(game_inputs, game_params),
                     profiles.get(judge or ""), judge if judge in profiles else None)
        )  # fmt: skip
    return games


def preflight_of(games: list[FormGame], limit_override: int | None) -> Preflight:
    return preflight(
        1,
        (
            PlannedGame(
                g.custom_id or "the item",
                g.params.model,
                g.request.wire(),
                g.connection.max_input_tokens if g.connection else None,
                g.judge,
            )
            for g in games
        ),
        limit_override,
    )
