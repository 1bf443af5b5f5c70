"""`judge-tui judge --question … --swap / --judges / --repeat`: one item judged as a plan
(judging/plans.py): every game sent, a few at a time, each printed and stored with its game's
custom_id, then what they say together (judging/plan_readings.py)."""

from __future__ import annotations

import asyncio
import contextlib
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
from judge_tui.commands.service import ServiceChoice, choose_service, judge_services, open_client
from judge_tui.commands.textargs import ArgumentFileError
from judge_tui.judging.inputs import InputError, Mode
from judge_tui.judging.plan_readings import GameReading, describe_plan
from judge_tui.judging.plans import GameKey, PlanError, plan_games, profile_of
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
        services = judge_services(args.plan.judges, choice)
        models = {judge: service.model for judge, service in services.items()}
        item = f"item-{uuid.uuid4().hex[:8]}"  # the games' shared item, linking them
        games = [
            (key, game_inputs, game_params, build_chat_request(game_inputs, game_params))
            for key, game_inputs, game_params in plan_games(item, inputs, params, args.plan, models)
        ]
    except (InputError, TemplateError, BaseUrlError, ArgumentFileError, PlanError) as exc:
        print(f"judge-tui: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT

    def service_of(key: GameKey) -> ServiceChoice:
        label = args.plan.judge_of(key)
        return services[label] if label is not None else choice

    def profile_judge(key: GameKey) -> str | None:
        """The game's judge when the plan names it as a profile (`profile:NAME`)."""
        label = args.plan.judge_of(key)
        return label if profile_of(label) else None

    plan = preflight(
        1,
        (
            PlannedGame(
                key.custom_id,
                p.model,
                request.wire(),
                service_of(key).max_input_tokens,
                profile_judge(key),
            )
            for key, _, p, request in games
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
        async with contextlib.AsyncExitStack() as opened:
            # One client per service (a profile judge's own, and the run's).
            wanted = {(c.base_url, c.profile): c for c in (*services.values(), choice)}
            clients = {
                where: await opened.enter_async_context(
                    open_client(service, max_connections=args.concurrency)
                )
                for where, service in wanted.items()
            }
            client = clients[(choice.base_url, choice.profile)]
            at_once = asyncio.Semaphore(max(1, args.concurrency))

            async def one(game: tuple[Any, ...]) -> JudgeOutcome:
                nonlocal done
                key, game_inputs, game_params, request = game
                service = service_of(key)
                sent_by = clients[(service.base_url, service.profile)]
                async with at_once:
                    outcome = await judge(sent_by, game_inputs, game_params, request=request)
                done += 1
                return outcome

            waiting = asyncio.create_task(
                say_waiting(client, lambda: done > 0, "the first verdict")
            )
            try:
                return list(await asyncio.gather(*(one(g) for g in games)))
            finally:
                waiting.cancel()

    outcomes = asyncio.run(run())
    readings = [
        GameReading.of(key, outcome, profile_judge(key))
        for (key, *_), outcome in zip(games, outcomes, strict=True)
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
        for (key, _, game_params, _), outcome in zip(games, outcomes, strict=True):
            sys.stdout.write(f"{_title(key, game_params.model)}\n{outcome.verdict.headline()}\n")
            if outcome.content:
                sys.stdout.write(f"\n{outcome.content.rstrip()}\n")
            sys.stdout.write("\n")
        sys.stdout.write("\n".join(sentences) + "\n")
    saver = SessionSaver(args.session, choice.profile)
    stored = True
    for (key, *_), outcome in zip(games, outcomes, strict=True):
        report_outcome_problems(outcome, args.verbose)
        stored = saver.save(outcome, key.custom_id, service_of(key).profile) and stored
    saver.close()
    if any(o.error is not None for o in outcomes):
        return EXIT_SERVICE
    return EXIT_OK if stored else EXIT_NOT_STORED
