"""`judge-tui serve`: the same app in a web browser, through textual-serve.

For a machine without a good terminal, or where an SSH port forward is easier than a terminal
(`ssh -L 8000:localhost:8000 host`, then open http://localhost:8000). Each browser tab runs its
own `judge-tui` process, with the TUI flags given here.
"""

from __future__ import annotations

import argparse
import shlex
import sys
from typing import Any

from judge_tui.commands.registry import command_help

LOOPBACK = "localhost"
# The TUI flags passed on to every app the server starts (a browser tab each).
PASSED_FLAGS = ("demo", "browse", "no_save")
PASSED_VALUES = ("profile", "session", "theme", "base_url", "model")


def add_serve_parser(sub: Any) -> None:
    p: argparse.ArgumentParser = sub.add_parser(
        "serve",
        help=command_help("serve"),
        description="Serve the judge-tui app to a web browser: open the printed address. Each "
        "browser tab runs its own app. It listens on localhost unless --host says otherwise; "
        "anyone who can reach the port can use the app, and your tokens with it.",
    )
    p.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    p.add_argument(
        "--host",
        default=LOOPBACK,
        help="address to listen on (default localhost; another exposes the app, and your "
        "tokens, to whoever reaches it)",
    )
    p.add_argument("--demo", action="store_true", help="the app on the built-in emulator")
    p.add_argument("--browse", action="store_true", help="open on the saved sessions")
    p.add_argument("--no-save", action="store_true", help="keep no judgment")
    for name in PASSED_VALUES:
        p.add_argument(f"--{name.replace('_', '-')}", help=f"passed to the app ({name})")
    p.set_defaults(run=run_serve)


def app_command(args: argparse.Namespace) -> str:
    """The command textual-serve runs for each browser tab: this Python, this judge-tui."""
    words = [sys.executable, "-m", "judge_tui"]
    for name in PASSED_FLAGS:
        if getattr(args, name):
            words.append(f"--{name.replace('_', '-')}")
    for name in PASSED_VALUES:
        value = getattr(args, name)
        if value:
            words += [f"--{name.replace('_', '-')}", value]
    return shlex.join(words)


def run_serve(args: argparse.Namespace) -> int:
    from judge_tui.commands.report import fail

    if not 1 <= args.port <= 65535:
        return fail(f"--port {args.port} is not a port; give one from 1 to 65535.")
    try:
        from textual_serve.server import Server
    except ImportError:
        return fail("textual-serve is not installed; run: python -m pip install textual-serve")
    if args.host not in (LOOPBACK, "127.0.0.1", "::1"):
        print(
            f"judge-tui: warning: serving on {args.host}: anyone who can reach port "
            f"{args.port} there can use the app, and the tokens of your profiles with it.",
            file=sys.stderr,
        )
    server = Server(app_command(args), host=args.host, port=args.port, title="judge-tui")
    print(f"judge-tui: serving on http://{args.host}:{args.port} (Ctrl-C stops).", flush=True)
    try:
        server.serve()
    except OSError as exc:
        return fail(f"cannot listen on {args.host}:{args.port} ({exc.strerror}); pick another "
                    "--port.", 1)  # fmt: skip
    except KeyboardInterrupt:
        pass
    return 0
