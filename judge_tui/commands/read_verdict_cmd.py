"""`judge-tui read-verdict`: the verdict reader on the command line. It prints the `verdict`
object `judge --format json` prints, for a verdict text from a file or standard input, so
anyone can check what judge-tui reads from a text, without a service."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from judge_tui.commands.judge_args import EXIT_BAD_INPUT, EXIT_OK
from judge_tui.commands.registry import command_help

MAX_VERDICT_BYTES = 16 * 1024 * 1024  # as the client refuses a larger answer


def add_read_verdict_parser(subparsers: Any) -> None:
    p: argparse.ArgumentParser = subparsers.add_parser(
        "read-verdict",
        help=command_help("read-verdict"),
        description=(
            "Read a judge's verdict text, from FILE or standard input, and print the verdict "
            "object of `judge --format json`: parsed, reason, score, winner, answer scores and "
            "criteria. Exit status: 0 read (readable or not), 2 bad input."
        ),
    )
    p.add_argument("file", nargs="?", default="-", metavar="FILE", help="the verdict; - is stdin")
    p.add_argument(
        "--mode", choices=("single", "pairwise", "custom"), default="single",
        help="the judgment's mode (default single)",
    )  # fmt: skip
    p.add_argument("--max-score", type=int, help="top of the scale (default 5, MT-bench 10)")
    p.add_argument(
        "--verdict-format",
        default="pai",
        metavar="F",
        help="pai (default), mtbench-single, mtbench-pair, arena, prometheus, regex:PATTERN or "
        "json:PATH (docs/verdicts.md)",
    )
    p.add_argument(
        "--spans", action="store_true", help="also print where each reading is in the text"
    )
    p.set_defaults(run=run_read_verdict)


def _read_text(name: str) -> str:
    if name == "-":
        data = sys.stdin.buffer.read(MAX_VERDICT_BYTES + 1)
    else:
        with open(name, "rb") as handle:
            data = handle.read(MAX_VERDICT_BYTES + 1)
    if len(data) > MAX_VERDICT_BYTES:
        where = "the input" if name == "-" else name
        raise ValueError(f"{where} is over 16 MB, more than a verdict")
    return data.decode("utf-8", errors="replace")


def run_read_verdict(args: argparse.Namespace) -> int:
    from judge_tui.judging.inputs import DEFAULT_MAX_SCORE
    from judge_tui.judging.verdict import read_verdict
    from judge_tui.judging.verdict_formats import VerdictFormatError, parse_verdict_format
    from judge_tui.problems import os_error_sentence
    from judge_tui.textsafe import json_text_safe

    try:
        fmt = parse_verdict_format(args.verdict_format)
    except VerdictFormatError as exc:
        print(f"judge-tui: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    if args.max_score is not None and not 2 <= args.max_score <= 100:
        print("judge-tui: --max-score must be a whole number from 2 to 100.", file=sys.stderr)
        return EXIT_BAD_INPUT
    try:
        text = _read_text(args.file)
    except ValueError as exc:
        print(f"judge-tui: {exc}; give a smaller file.", file=sys.stderr)
        return EXIT_BAD_INPUT
    except OSError as exc:
        print(f"judge-tui: {os_error_sentence(exc)}", file=sys.stderr)
        return EXIT_BAD_INPUT
    max_score = args.max_score or fmt.default_max_score or DEFAULT_MAX_SCORE
    verdict = read_verdict(text, args.mode, max_score, fmt.spec)
    summary = verdict.summary(spans=args.spans)
    print(json_text_safe(json.dumps(summary, ensure_ascii=False, indent=2)))
    return EXIT_OK
