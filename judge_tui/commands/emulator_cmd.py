"""`judge-tui emulator`: the local judge service in the foreground."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from judge_tui.commands.registry import command_help


def add_emulator_parser(subparsers: Any) -> None:
    p: argparse.ArgumentParser = subparsers.add_parser(
        "emulator",
        help=command_help("emulator"),
        description=(
            "A local judge service speaking the same API, for trying judge-tui offline and for "
            "tests. Its verdicts are simulated and say so. It listens on 127.0.0.1 only."
        ),
    )
    p.add_argument("--port", type=int, default=8808, help="port on 127.0.0.1 (default 8808)")
    p.add_argument("--token", help="require this token (default: accept any)")
    p.add_argument(
        "--dialect",
        choices=("pai", "dashscope"),
        default="pai",
        help="pai: capitalised statuses, 10 MB files; dashscope: lower-case statuses, "
        "method/url lines, 500 MB files",
    )
    p.add_argument("--latency-ms", type=float, default=0.0, help="delay before every answer")
    p.add_argument(
        "--answer-delay-ms",
        type=float,
        default=0.0,
        help="delay after the work is done, before answering (a crash then loses the answer)",
    )
    p.add_argument(
        "--fault-rate",
        type=float,
        default=0.0,
        help="share of requests (0..1) answered with 429 + Retry-After, 500, 503 or an HTML 502",
    )
    p.add_argument(
        "--retry-after", type=float, default=1.0, help="seconds a 429 asks to wait (default 1)"
    )
    p.add_argument(
        "--malformed-rate", type=float, default=0.0, help="share of answers with cut-off JSON"
    )
    p.add_argument(
        "--stream-drop-rate", type=float, default=0.0, help="share of streams dropped midway"
    )
    p.add_argument(
        "--batch-seconds",
        type=float,
        default=30.0,
        help="how long a batch job takes from creation to completion (default 30)",
    )
    p.add_argument(
        "--batch-fail-rate", type=float, default=0.0, help="share of batch lines that fail"
    )
    p.add_argument("--seed", type=int, default=0, help="seed for the fault dice")
    hostile = p.add_argument_group("a hostile service (for trying judge-tui's defences)")
    hostile.add_argument(
        "--hostile-verdicts",
        action="store_true",
        help="end every verdict with terminal escape sequences (OSC 52, OSC 2, CSI, 8-bit C1) "
        "and Textual markup",
    )
    hostile.add_argument(
        "--silent", action="store_true", help="accept every request and never answer"
    )
    hostile.add_argument(
        "--wrong-fields",
        action="store_true",
        help="chat answers name the model as a number, the time as a word, and count tokens "
        "as null, negative and text",
    )
    hostile.add_argument(
        "--keepalive-only",
        action="store_true",
        help="streams send keep-alive comments forever and never a verdict",
    )
    hostile.add_argument(
        "--not-json-rate", type=float, default=0.0, help="share of 200 answers that are HTML"
    )
    hostile.add_argument(
        "--huge-body-mb", type=float, default=0.0, help="pad every verdict answer to this size"
    )
    hostile.add_argument(
        "--number-flood-kb", type=int, default=0, metavar="N",
        help="end every verdict with N KB of score-like numbers (4/5 4/5 …), longer than any "
        "judge writes",
    )  # fmt: skip
    hostile.add_argument(
        "--stray-results", action="store_true",
        help="every batch's output also holds its first result twice and a result for an id "
        "no line had",
    )  # fmt: skip
    hostile.add_argument(
        "--unreadable-rate",
        type=float,
        default=0.0,
        help="share of verdicts written with no score in them (a repair message gets one)",
    )
    hostile.add_argument(
        "--files-page-size", type=int, help="list uploaded files in pages of this many"
    )
    lean = p.add_argument_group("how the simulated judge leans")
    lean.add_argument(
        "--position-bias", type=float, default=0.0, metavar="P",
        help="chance a pairwise verdict prefers the answer in slot 1, whatever the answers",
    )  # fmt: skip
    lean.add_argument(
        "--think-chars", type=int, default=0, metavar="N",
        help="open every verdict with N characters of reasoning in <think> tags, as reasoning "
        "models write (for measuring long verdicts)",
    )  # fmt: skip
    lean.add_argument(
        "--judge-noise", type=float, default=0.0, metavar="P",
        help="chance a score moves one point, per model and seed (repeats and models differ)",
    )  # fmt: skip
    p.set_defaults(run=run_emulator)


def run_emulator(args: argparse.Namespace) -> int:
    from judge_tui.emulator.config import HOSTILE_TEXT, EmulatorConfig, number_flood, thinking
    from judge_tui.emulator.server import serve_forever

    rates = ("fault_rate", "malformed_rate", "stream_drop_rate", "batch_fail_rate")
    for name in (*rates, "not_json_rate", "unreadable_rate", "position_bias", "judge_noise"):
        value = getattr(args, name)
        if not 0 <= value <= 1:
            flag = "--" + name.replace("_", "-")
            print(f"judge-tui: {flag} must be between 0 and 1.", file=sys.stderr)
            return 2
    for name, most in (("think_chars", 10_000_000), ("number_flood_kb", 65_536)):
        if not 0 <= getattr(args, name) <= most:
            flag = "--" + name.replace("_", "-")
            print(f"judge-tui: {flag} must be between 0 and {most}.", file=sys.stderr)
            return 2
    config = EmulatorConfig(
        dialect=args.dialect,
        token=args.token,
        latency_ms=args.latency_ms,
        answer_delay_ms=args.answer_delay_ms,
        fault_rate=args.fault_rate,
        retry_after_s=args.retry_after,
        malformed_rate=args.malformed_rate,
        stream_drop_rate=args.stream_drop_rate,
        batch_seconds=args.batch_seconds,
        batch_line_fail_rate=args.batch_fail_rate,
        seed=args.seed,
        verdict_prefix=thinking(args.think_chars),
        verdict_suffix=(HOSTILE_TEXT if args.hostile_verdicts else "")
        + number_flood(args.number_flood_kb),
        silent=args.silent,
        wrong_fields=args.wrong_fields,
        stray_results=args.stray_results,
        keepalive_only=args.keepalive_only,
        not_json_rate=args.not_json_rate,
        huge_body_bytes=int(args.huge_body_mb * 1024 * 1024),
        files_page_size=args.files_page_size,
        unreadable_rate=args.unreadable_rate,
        position_bias=args.position_bias,
        judge_noise=args.judge_noise,
    )
    url = f"http://127.0.0.1:{args.port}/v1"
    token = "the token given with --token" if args.token else "any token"
    print(
        f"judge-tui emulator ({args.dialect} dialect) on {url}, accepting {token}.\n"
        f"Its verdicts are simulated. Try, in another shell"
        f"{' with JUDGE_MODEL_TOKEN set to that token' if args.token else ''}:\n"
        f"  judge-tui judge --base-url {url} --question 'What is 2+2?' --answer '4'\n"
        "Ctrl-C stops it.",
        flush=True,
    )
    try:
        serve_forever(config, args.port)
    except OSError as exc:
        print(
            f"judge-tui: cannot listen on 127.0.0.1:{args.port} ({exc.strerror}); "
            "pick another --port.",
            file=sys.stderr,
        )
        return 1
    except KeyboardInterrupt:
        pass
    return 0
