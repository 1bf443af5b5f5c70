"""`judge-tui judge --question … --swap / --judges / --repeat`: one item judged as a plan
(judging/plans.py): every game sent, a few at a time, each printed and stored with its game's
custom_id, then what they say together (judging/plan_readings.py)."""

from __future__ import annotations

import asyncio
import json
import sys
import uuid
from typing import Any

from judge_tui.api.urls import BaseUrlError
from judge_tui.commands.judge_args import (
    EXIT_BAD_INPUT,
    EXIT_NOT_STORED,
    EXIT_OK,
    EXIT_SERVICE,
    JudgeCommand,
    inputs_from_flags,
    params_from_args,
)
from judge_tui.commands.plan_args import say_plan
from judge_tui.commands.saving import SessionSaver
from judge_tui.commands.service import PlanServices, choose_service
from judge_tui.commands.textargs import ArgumentFileError
from judge_tui.judging.inputs import InputError, Mode
from judge_tui.judging.plan_readings import GameReading, describe_plan
from judge_tui.judging.plans import GameKey, PlanError, plan_games
from judge_tui.judging.preflight import PlannedGame, preflight
from judge_tui.judging.requests import build_chat_request
from judge_tui.judging.run import JudgeOutcome, judge
from judge_tui.judging.template import TemplateError
from judge_tui.textsafe import json_text_safe


def _title(key: GameKey, model: str) -> str:
    order = ", answers exchanged" if key.swapped else ""
    repeat = f", repeat {key.repeat}" if key.repeat > 1 else ""
    return f"── {key.custom_id} · {model}{order}{repeat} ──"


def run_judge_plan(args: JudgeCommand) -> int:
    """One item, every game of its plan. The budget flags are not for this: they stop a run
    that a rerun resumes from its --output, which one item on the command line has not."""
    from judge_tui.commands.judge_cmd import report_outcome_problems, say_waiting

    if args.budget != (None, None):
        print(
            "judge-tui: --max-requests and --max-tokens-total stop a run that resumes from its "
            "output file: give --input and --output.",
            file=sys.stderr,
        )
        return EXIT_BAD_INPUT
    try:
        inputs = inputs_from_flags(args)
        choice = choose_service(args.base_url, args.profile, args.model)
        params = params_from_args(args, choice.model, choice.params)
        if args.plan.swap and inputs.mode is not Mode.PAIRWISE:
            raise PlanError("--swap exchanges two answers: give --answer1 and --answer2.")
        services = PlanServices.of(args.plan, choice)
        item = f"item-{uuid.uuid4().hex[:8]}"  # the games' shared item, linking them
        planned = plan_games(item, inputs, params, args.plan, services.models)
        games = [
            (key, game_inputs, game_params, build_chat_request(game_inputs, game_params),
             PlanServices.profile_judge(args.plan, key))
            for key, game_inputs, game_params in planned
        ]  # fmt: skip
    except (InputError, TemplateError, BaseUrlError, ArgumentFileError, PlanError) as exc:
        print(f"judge-tui: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT

    plan = preflight(
        1,
        (
            PlannedGame(
                key.custom_id,
                p.model,
                request.wire(),
                services.service(label).max_input_tokens,
                label,
            )
            for key, _, p, request, label in games
        ),
        choice.max_input_tokens,
    )
    said = say_plan(
        plan.lines(args.concurrency), only_show=args.show_plan, over_limit=len(plan.too_long)
    )
    if said is not None:
        return said

    async def run() -> list[JudgeOutcome]:
        done = 0
        async with services.clients(args.concurrency) as client_for:
            at_once = asyncio.Semaphore(max(1, args.concurrency))

            async def one(game: tuple[Any, ...]) -> JudgeOutcome:
                nonlocal done
                _, game_inputs, game_params, request, judge_label = game
                async with at_once:
                    outcome = await judge(
                        client_for(judge_label), game_inputs, game_params, request=request
                    )
                done += 1
                return outcome

            waiting = asyncio.create_task(
                say_waiting(client_for(None), lambda: done > 0, "the first verdict")
            )
            try:
                return list(await asyncio.gather(*(one(g) for g in games)))
            finally:
                waiting.cancel()

    outcomes = asyncio.run(run())
    readings = [
        GameReading.of(key, outcome, judge_label)
        for (key, *_, judge_label), outcome in zip(games, outcomes, strict=True)
    ]
    sentences = describe_plan(readings)
    if args.format == "json":
        shown = {
            "item": item,
            "games": [
                {"custom_id": key.custom_id, **o.summary()}
                for (key, *_), o in zip(games, outcomes, strict=True)
            ],
            "plan": sentences,
        }
        print(json_text_safe(json.dumps(shown, ensure_ascii=False, indent=2)))
    else:
        for (key, _, game_params, *_), outcome in zip(games, outcomes, strict=True):
            sys.stdout.write(f"{_title(key, game_params.model)}\n{outcome.verdict.headline()}\n")
            if outcome.content:
                sys.stdout.write(f"\n{outcome.content.rstrip()}\n")
            sys.stdout.write("\n")
        sys.stdout.write("\n".join(sentences) + "\n")
    saver = SessionSaver(args.session, choice.profile)
    stored = True
    for (key, *_, judge_label), outcome in zip(games, outcomes, strict=True):
        report_outcome_problems(outcome, args.verbose)
        profile = services.service(judge_label).profile
        stored = saver.save(outcome, key.custom_id, profile) and stored
    saver.close()
    if any(o.error is not None for o in outcomes):
        return EXIT_SERVICE
    return EXIT_OK if stored else EXIT_NOT_STORED
