"""Launch the TUI: on the service from the environment, or `--demo` on the built-in emulator."""

from __future__ import annotations

import argparse
import sys


def run_tui(args: argparse.Namespace) -> int:
    from judge_tui.api.credentials import Token
    from judge_tui.api.dialects import Dialect
    from judge_tui.api.urls import PAI_PUBLIC_BASE_URL, BaseUrlError
    from judge_tui.commands.service import ServiceChoice, choose_service
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
            if not args.browse:
                print(f"judge-tui: {exc}", file=sys.stderr)
                return 2
            # Browsing needs no service: a broken config only matters once you judge.
            print(f"judge-tui: {exc}", file=sys.stderr)
            choice = ServiceChoice(PAI_PUBLIC_BASE_URL, None, Dialect.PAI)
        session = None if args.no_save else (args.session or "scratch")
        connection = Connection(
            choice.base_url, choice.token, choice.model, session=session, profile=choice.profile
        )
    try:
        JudgeTuiApp(connection, start_in="sessions" if args.browse else "judge").run()
    finally:
        if emulator is not None:
            emulator.stop()
    return 0
