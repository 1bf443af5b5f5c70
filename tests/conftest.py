from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from judge_tui.emulator.config import EmulatorConfig
from judge_tui.emulator.server import EmulatorServer

TOKEN = "test-token-0123456789"


@pytest.fixture(autouse=True)
def private_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own home, and no token or base URL leaks in from the machine."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("JUDGE_TUI_HOME", str(home))
    for name in ("JUDGE_MODEL_TOKEN", "THEMIS_TOKEN", "DASHSCOPE_API_KEY", "JUDGE_MODEL_BASE_URL"):
        monkeypatch.delenv(name, raising=False)
    for name in (
        "HTTP_PROXY",
        "HTTPS_PROXY",
        "ALL_PROXY",
        "http_proxy",
        "https_proxy",
        "all_proxy",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    return home


@pytest.fixture
def start_emulator() -> Iterator[Callable[..., EmulatorServer]]:
    """Start emulators on free loopback ports; all stop when the test ends."""
    started: list[EmulatorServer] = []

    def start(**overrides: object) -> EmulatorServer:
        config = EmulatorConfig(token=TOKEN, stream_chunk_ms=0)
        for key, value in overrides.items():
            setattr(config, key, value)
        server = EmulatorServer(config).start()
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


@pytest.fixture
def emulator(start_emulator: Callable[..., EmulatorServer]) -> EmulatorServer:
    return start_emulator()
