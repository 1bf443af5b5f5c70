"""`judge-tui judge`: one judgment, or a whole JSONL file of them, from the shell."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from collections.abc import Callable
from typing import Any

from judge_tui.api.errors import StreamError
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
from judge_tui.commands.plan_args import add_plan_arguments
from judge_tui.commands.registry import command_help
from judge_tui.commands.saving import SessionSaver
from judge_tui.commands.service import choose_service, open_client
from judge_tui.commands.textargs import ArgumentFileError, read_text_arg
from judge_tui.judging.inputs import InputError
from judge_tui.judging.requests import build_chat_request
from judge_tui.judging.run import JudgeOutcome, JudgeStatus, judge
from judge_tui.judging.template import TemplateError
from judge_tui.store.session_list import DEFAULT_SESSION
from judge_tui.textsafe import json_text_safe


def add_judge_parser(subparsers: Any) -> None:
    p: argparse.ArgumentParser = subparsers.add_parser(
        "judge",
        help=command_help("judge"),
        description=(
            "Judge an answer with the judge model. Give --answer for single mode, --answer1 and "
            "--answer2 for pairwise mode, or --system/--user-template for your own template. "
            "Any text value may be @path to read a file, or @- to read standard input. "
            "The token comes from JUDGE_MODEL_TOKEN, else THEMIS_TOKEN, else DASHSCOPE_API_KEY. "
            "Exit status: 0 the service answered (readable or not), 1 service or network "
            "error, 2 bad input, 4 the verdict could not be stored in the session, 5 stopped at "
            "--max-requests or --max-tokens-total (the same command again goes on)."
        ),
    )
    what = p.add_argument_group("what to judge")
    what.add_argument("--question", type=read_text_arg, help="the user's instruction or question")
    what.add_argument("--answer", type=read_text_arg, help="the answer to judge (single mode)")
    what.add_argument("--answer1", type=read_text_arg, help="first answer (pairwise mode)")
    what.add_argument("--answer2", type=read_text_arg, help="second answer (pairwise mode)")
    what.add_argument("--ref-answer", type=read_text_arg, help="a reference answer")
    what.add_argument("--scene", type=read_text_arg, help="scenario name (auto when empty)")
    what.add_argument("--scene-desc", type=read_text_arg, help="scenario description")
    what.add_argument("--metric", type=read_text_arg, help="criteria, most important first")
    what.add_argument("--max-score", type=int, help="top of the score scale, 2..100 (default 5)")
    what.add_argument("--score-desc", type=read_text_arg, help="what each score level means")
    what.add_argument("--steps", type=read_text_arg, help="evaluation steps the judge follows")
    tpl = p.add_argument_group("custom template (instead of the built-in single/pairwise prompt)")
    tpl.add_argument("--system", type=read_text_arg, help="system message text")
    tpl.add_argument(
        "--history-dialogue", type=read_text_arg,
        help="earlier turns of the dialogue, for a template's {history_dialogue}",
    )  # fmt: skip
    tpl.add_argument(
        "--user-template",
        type=read_text_arg,
        help="user message with {question}, {answer}, {answer1}, {answer2}, {ref_answer}...; "
        "write {{ and }} for literal braces",
    )
    tpl.add_argument(
        "--template",
        metavar="NAME",
        help="a saved or built-in template (such as 'MT-bench single' or Arena-Hard): its "
        "system and user text, and how its verdict is read",
    )
    tpl.add_argument(
        "--verdict-format",
        metavar="F",
        help="how the verdict is read: pai (default), mtbench-single, mtbench-pair, arena, "
        "prometheus, regex:PATTERN or json:PATH (docs/verdicts.md)",
    )
    tpl.add_argument(
        "--var",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a value for a placeholder of your own, {NAME}; VALUE may be @path (repeatable)",
    )
    svc = p.add_argument_group("service and parameters")
    svc.add_argument("--model", help="judge model (default: the profile's, else pai-judge)")
    svc.add_argument(
        "--profile", help="a saved profile (default: the default profile, when no --base-url)"
    )
    svc.add_argument(
        "--base-url",
        help="service URL, with or without /v1 (default: $JUDGE_MODEL_BASE_URL, else the PAI "
        "public endpoint)",
    )
    svc.add_argument("--temperature", type=float, help="sampling temperature, 0..2")
    svc.add_argument("--max-tokens", type=int, help="cap on the verdict's length in tokens")
    svc.add_argument("--seed", type=int, help="sampling seed")
    svc.add_argument(
        "--json-verdict", action="store_true", help="ask for the verdict as a JSON object"
    )
    svc.add_argument("--stream", action="store_true", help="stream the verdict as it is written")
    out = p.add_argument_group("output")
    out.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="text: score or winner on the first line, then the verdict; json: one object",
    )
    out.add_argument("--verbose", action="store_true", help="on errors, print the full details")
    out.add_argument(
        "--session",
        default=DEFAULT_SESSION,
        help=f"session to keep it in (default {DEFAULT_SESSION})",
    )
    out.add_argument("--no-save", action="store_true", help="do not keep it in any session")
    many = p.add_argument_group("many judgments")
    many.add_argument(
        "--input",
        help="a JSONL file, one judgment per line with the same fields as the flags "
        "(question, answer / answer1 + answer2, ...) and an optional custom_id",
    )
    many.add_argument(
        "--output",
        help="where verdicts go, one JSON line each; rerunning with the same output skips "
        "what is done and retries what failed",
    )
    many.add_argument(
        "--concurrency", type=int, default=16, help="judgments in flight at once (default 16)"
    )
    plan = p.add_argument_group("a judging plan: several games per item (one, or --input's)")
    add_plan_arguments(plan, judges=True)
    plan.add_argument(
        "--plan", dest="show_plan", action="store_true",
        help="print what the run would send (requests, estimated tokens) and send nothing",
    )  # fmt: skip
    plan.add_argument(
        "--max-requests", type=int, metavar="N",
        help="stop after N requests; the same command again goes on where it stopped",
    )  # fmt: skip
    plan.add_argument(
        "--max-tokens-total", type=int, metavar="N",
        help="stop once the service reports N tokens used in all; again goes on",
    )  # fmt: skip
    p.set_defaults(run=run_judge)


def format_text(outcome: JudgeOutcome) -> str:
    return f"{outcome.verdict.headline()}\n\n{outcome.content}".rstrip() + "\n"


def report_outcome_problems(outcome: JudgeOutcome, verbose: bool) -> None:
    if outcome.status is JudgeStatus.TRUNCATED:
        print(
            "judge-tui: the verdict was cut off by max tokens (finish_reason: length); "
            "raise --max-tokens to see all of it.",
            file=sys.stderr,
        )
    if outcome.error is not None:
        print(f"judge-tui: {outcome.error.user_message()}", file=sys.stderr)
        if verbose:
            print(outcome.error.details(), file=sys.stderr)
        elif not isinstance(outcome.error, StreamError):
            print("judge-tui: run again with --verbose for the details.", file=sys.stderr)


WAIT_NOTICE_S = (5.0, 30.0, 60.0, 120.0, 300.0)  # after how long a quiet wait is said


async def say_waiting(client: Any, arrived: Callable[[], bool], what: str = "the verdict") -> None:
    """While no word of the verdict has come: say what is being waited for, and until when."""
    import time

    started = time.monotonic()
    total = client.timeouts.judge_total
    for mark in WAIT_NOTICE_S:
        await asyncio.sleep(max(0.0, started + mark - time.monotonic()))
        if arrived():
            return
        print(
            f"judge-tui: waiting for {what} from {client.host} ({mark:.0f} s so far; "
            f"gives up after {total:.0f} s; Ctrl-C stops).",
            file=sys.stderr,
            flush=True,
        )


def run_judge(namespace: argparse.Namespace) -> int:
    args = JudgeCommand.from_args(namespace)
    planned = not args.plan.is_plain or args.show_plan or args.budget != (None, None)
    if planned and not (args.input or args.output):
        from judge_tui.commands.judge_plan import run_judge_plan

        return run_judge_plan(args)
    if args.input or args.output:
        from judge_tui.commands.judge_file import run_judge_file

        return run_judge_file(args)
    try:
        inputs = inputs_from_flags(args)
        choice = choose_service(args.base_url, args.profile, args.model)
        params = params_from_args(args, choice.model, choice.params)
        request = build_chat_request(inputs, params)
    except (InputError, TemplateError, BaseUrlError, ArgumentFileError) as exc:
        print(f"judge-tui: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    live = args.stream and args.format == "text"

    def show(delta: str) -> None:
        sys.stdout.write(delta)
        sys.stdout.flush()

    arrived = False

    def first(delta: str) -> None:
        nonlocal arrived
        arrived = True
        if live:
            show(delta)

    async def run() -> JudgeOutcome:
        async with open_client(choice) as client:
            waiting = asyncio.create_task(say_waiting(client, lambda: arrived))
            try:
                return await judge(client, inputs, params, request=request, on_delta=first)
            finally:
                waiting.cancel()

    outcome = asyncio.run(run())
    saver = SessionSaver(args.session, choice.profile)
    if args.format == "json":
        print(json_text_safe(json.dumps(outcome.summary(), ensure_ascii=False, indent=2)))
    elif live:
        # Streamed text is already on screen; the score can only be known at its end.
        sys.stdout.write(f"\n\n{outcome.verdict.headline()}\n")
    elif outcome.error is None:
        sys.stdout.write(format_text(outcome))
    elif outcome.content:
        sys.stdout.write(outcome.content + "\n")
    report_outcome_problems(outcome, args.verbose)
    if outcome.incomplete:
        print("judge-tui: the verdict above is incomplete.", file=sys.stderr)
    stored = saver.save(outcome)
    saver.close()
    if outcome.error is not None:
        return EXIT_SERVICE
    return EXIT_OK if stored else EXIT_NOT_STORED
