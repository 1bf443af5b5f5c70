"""Run the emulator: in-process on a background thread (tests, demo) or in the foreground."""

from __future__ import annotations

import asyncio
import logging
import socket
import threading
from types import TracebackType

import uvicorn

from judge_tui.emulator.app import DroppedStream, Emulator, create_app
from judge_tui.emulator.config import EmulatorConfig
from judge_tui.emulator.sockets import LOOPBACK, bind_loopback


class _QuietDrops(logging.Filter):
    """A stream the emulator drops on purpose is a fault switch working, not a crash."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and isinstance(record.exc_info[1], DroppedStream):
            record.msg, record.args, record.exc_info = "emulator: dropped a stream midway", (), None
            record.levelno, record.levelname = logging.INFO, "INFO"
        return True


logging.getLogger("uvicorn.error").addFilter(_QuietDrops())


def _uvicorn_server(config: EmulatorConfig) -> tuple[uvicorn.Server, Emulator]:
    app, emulator = create_app(config)
    server = uvicorn.Server(
        uvicorn.Config(
            app,
            log_level="warning",
            access_log=False,
            lifespan="off",
            timeout_graceful_shutdown=1,
            timeout_keep_alive=30,
        )
    )
    return server, emulator


class EmulatorServer:
    """`with EmulatorServer(config) as emu: emu.base_url`: loopback only, a free port by default."""

    def __init__(
        self,
        config: EmulatorConfig | None = None,
        *,
        port: int = 0,
        sock: socket.socket | None = None,
    ) -> None:
        self.config = config or EmulatorConfig()
        self._sock = sock if sock is not None else bind_loopback(port)
        self.port: int = self._sock.getsockname()[1]
        self._server, self.emulator = _uvicorn_server(self.config)
        self._thread = threading.Thread(target=self._run, name="judge-tui-emulator", daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://{LOOPBACK}:{self.port}/v1"

    def _run(self) -> None:
        asyncio.run(self._server.serve(sockets=[self._sock]))

    def start(self) -> EmulatorServer:
        self._thread.start()
        ticker = threading.Event()  # never set: a sleep that says what it waits for
        while not self._server.started and self._thread.is_alive():
            ticker.wait(0.01)
        if not self._server.started:
            raise RuntimeError("the emulator did not start")
        return self

    def stop(self) -> None:
        self._server.should_exit = True
        if self._thread.is_alive():
            self._thread.join(timeout=5)
        self._sock.close()

    def __enter__(self) -> EmulatorServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


def serve_forever(config: EmulatorConfig, port: int) -> None:
    """Foreground, for `judge-tui emulator`: Ctrl-C stops it."""
    sock = bind_loopback(port)
    server, _ = _uvicorn_server(config)
    server.run(sockets=[sock])
