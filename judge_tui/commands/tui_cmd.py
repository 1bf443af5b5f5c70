"""Launch the TUI: on the service from the environment, or `--demo` on the built-in emulator."""

from __future__ import annotations

import argparse
import sys


def run_tui(args: argparse.Namespace) -> int:
    from judge_tui.api.credentials import Token
    from judge_tui.api.urls import BaseUrlError
    from judge_tui.commands.service import choose_service
    from judge_tui.store.config import ConfigError
    from judge_tui.ui.app import JudgeTuiApp
    from judge_tui.ui.service import Connection

    emulator = None
    if args.demo:
        from judge_tui.emulator.config import EmulatorConfig
        from judge_tui.emulator.server import EmulatorServer

        emulator = EmulatorServer(EmulatorConfig(token="demo", stream_chunk_ms=15)).start()
        model = args.model or "pai-judge"
        # Demo judgments go to their own session of the usual home, apart from real ones.
        session = None if args.no_save else (args.session or "demo")
        connection = Connection(
            emulator.base_url, Token("demo", "the demo"), model, demo=True, session=session
        )
    else:
        try:
            choice = choose_service(args.base_url, args.profile, args.model)
        except (BaseUrlError, ConfigError) as exc:
            print(f"judge-tui: {exc}", file=sys.stderr)
            return 2
        session = None if args.no_save else (args.session or "scratch")
        connection = Connection(
            choice.base_url, choice.token, choice.model, session=session, profile=choice.profile
        )
    try:
        JudgeTuiApp(connection).run()
    finally:
        if emulator is not None:
            emulator.stop()
    return 0
