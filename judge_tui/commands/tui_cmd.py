"""Launch the TUI: on a profile, the environment, or `--demo` on the built-in emulator."""

from __future__ import annotations

import argparse
import gc
import os
import socket
import sys
import threading
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from judge_tui.emulator.server import EmulatorServer
    from judge_tui.ui.service import Connection

DEMO_TOKEN = "demo"


class DemoStarter:
    """The demo's emulator. `bind()` takes a loopback port and gives the app its connection at
    once; `serve()` starts the server, which the app does on a thread after its first frame
    (requests that come before wait in the socket's backlog). `__call__` does both: "Try the
    demo" on the first-run screen. The UI may not import the emulator; it gets this."""

    def __init__(self, model: str | None, session: str | None) -> None:
        self.model = model or "pai-judge"
        self.session = session
        self.sock: socket.socket | None = None
        self.server: EmulatorServer | None = None
        self.lock = threading.Lock()

    def bind(self) -> Connection:
        from judge_tui.api.credentials import Token
        from judge_tui.emulator.sockets import LOOPBACK, bind_loopback
        from judge_tui.ui.service import Connection

        if self.sock is None:
            self.sock = bind_loopback()
        port = self.sock.getsockname()[1]
        return Connection(
            f"http://{LOOPBACK}:{port}/v1",
            Token(DEMO_TOKEN, "the demo"),
            self.model,
            demo=True,
            session=self.session,
            profile="demo",
        )

    def serve(self) -> None:
        from judge_tui.emulator.config import EmulatorConfig
        from judge_tui.emulator.server import EmulatorServer

        with self.lock:
            if self.server is None and self.sock is not None:
                # Batch jobs finish in 20 s, so a demo user sees them go through every status.
                config = EmulatorConfig(token=DEMO_TOKEN, stream_chunk_ms=15, batch_seconds=20)
                self.server = EmulatorServer(config, sock=self.sock).start()
                if self.session is not None:  # --no-save keeps nothing, sample data neither
                    threading.Thread(target=self.seed, daemon=True).start()

    def seed(self) -> None:
        """The sample runs Analysis opens on (commands/demo_data.py), judged by this emulator
        after the first frame; the Analysis screen shows them as they are stored."""
        from judge_tui.api.credentials import Token
        from judge_tui.commands.demo_data import seed_demo_data
        from judge_tui.store.paths import home_paths

        connection = self.bind()
        try:
            seed_demo_data(home_paths(), connection.base_url, Token(DEMO_TOKEN, "the demo"),
                           self.model)  # fmt: skip
        except Exception:
            # Sample data only: each run is stored in one transaction or not at all, and the
            # next demo start makes what is missing. The demo itself goes on either way.
            return

    def __call__(self) -> Connection:
        connection = self.bind()
        self.serve()
        return connection

    def stop(self) -> None:
        with self.lock:
            if self.server is not None:
                self.server.stop()
            elif self.sock is not None:
                self.sock.close()


def _first_run(args: argparse.Namespace) -> bool:
    """Nothing says which service to use: no profile, no --base-url, nothing in the
    environment. The TUI then offers to add a profile or try the demo."""
    from judge_tui.api.credentials import BASE_URL_ENV_VAR, token_from_env
    from judge_tui.store.config import load_config
    from judge_tui.store.paths import home_paths

    if args.base_url or args.profile or os.environ.get(BASE_URL_ENV_VAR) or token_from_env():
        return False
    from judge_tui.problems import UserProblem

    try:
        return not load_config(home_paths()).profiles
    except UserProblem:
        return False  # a broken config.toml is reported by choose_service


def run_tui(args: argparse.Namespace) -> int:
    # No cyclic garbage collection until the first frame is drawn (the app turns it back on;
    # ui/textual_compat/first_frame.py says why). gc itself: importing the room would import
    # Textual, which is what it has to precede.
    gc.disable()
    from judge_tui.ui.app import JudgeTuiApp
    from judge_tui.ui.service import Connection, Launch

    # Demo judgments go to their own session of the usual home, apart from real ones, so
    # `judge-tui --browse` finds them afterwards.
    demo_session = None if args.no_save else (args.session or "demo")
    starter = DemoStarter(args.model, demo_session)
    start_in = "sessions" if args.browse else "judge"
    notes: list[str] = []
    connection: Connection | None = None
    warm_up = None
    if args.demo:
        connection = starter.bind()
        warm_up = starter.serve
    elif not _first_run(args):
        from judge_tui.api.urls import BaseUrlError
        from judge_tui.commands.service import choose_service
        from judge_tui.store.config import ConfigError, NoSuchProfile

        try:
            choice = choose_service(args.base_url, args.profile, args.model)
        except (BaseUrlError, ConfigError, NoSuchProfile) as exc:
            if not args.browse:
                print(f"judge-tui: {exc}", file=sys.stderr)
                return 2
            notes.append(str(exc))  # browsing needs no service
        else:
            connection = Connection(
                choice.base_url,
                choice.token,
                choice.model,
                session=None if args.no_save else (args.session or "scratch"),
                profile=choice.profile,
                dialect=choice.dialect,
                params=dict(choice.params),
                max_input_tokens=choice.max_input_tokens,
            )
            if choice.token is None and not args.browse:
                notes.append(
                    "No token: set JUDGE_MODEL_TOKEN, or add one to the profile in Settings "
                    "(F12); judging will be refused until then."
                )
    analysis_start = None
    if args.demo and demo_session is not None:
        from judge_tui.commands.demo_data import LABELS_NAME, SESSIONS
        from judge_tui.store.paths import home_paths
        from judge_tui.ui.service import AnalysisStart

        labels = str(home_paths().exports / LABELS_NAME)
        analysis_start = AnalysisStart(f"session:{SESSIONS[0]}", f"session:{SESSIONS[1]}", labels)
    launch = Launch(
        connection, start_in, args.theme, start_demo=starter, notes=notes, warm_up=warm_up,
        analysis_start=analysis_start,
    )  # fmt: skip
    try:
        JudgeTuiApp(launch).run()
    finally:
        starter.stop()
    return 0
