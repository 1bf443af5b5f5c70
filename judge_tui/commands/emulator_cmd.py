"""`judge-tui emulator`: the local judge service in the foreground."""

from __future__ import annotations

import argparse
import sys
from typing import Any


def add_emulator_parser(subparsers: Any) -> None:
    p: argparse.ArgumentParser = subparsers.add_parser(
        "emulator",
        help="run a local emulator of the judge service on 127.0.0.1",
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
    p.set_defaults(run=run_emulator)


def run_emulator(args: argparse.Namespace) -> int:
    from judge_tui.emulator.config import EmulatorConfig
    from judge_tui.emulator.server import serve_forever

    for name in ("fault_rate", "malformed_rate", "stream_drop_rate", "batch_fail_rate"):
        value = getattr(args, name)
        if not 0 <= value <= 1:
            flag = "--" + name.replace("_", "-")
            print(f"judge-tui: {flag} must be between 0 and 1.", file=sys.stderr)
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
