"""Import-time discipline: the engine never drags in the TUI, and the CLI starts light."""

from __future__ import annotations

import subprocess
import sys

import pytest


def modules_after_import(module: str) -> set[str]:
    code = f"import sys, {module}; print('\\n'.join(sys.modules))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(done.stdout.split())


@pytest.mark.parametrize(
    "module",
    [
        "judge_tui.api.client",
        "judge_tui.judging.run",
        "judge_tui.judging.verdict",
        "judge_tui.batch",
        "judge_tui.store",
    ],
)
def test_engine_layers_do_not_import_textual_or_the_emulator(module: str) -> None:
    loaded = modules_after_import(module)
    assert not any(m == "textual" or m.startswith("textual.") for m in loaded)
    assert not any(
        m.startswith("judge_tui.ui") or m.startswith("judge_tui.emulator") for m in loaded
    )


def test_the_cli_entry_point_imports_no_network_or_server_stack() -> None:
    loaded = modules_after_import("judge_tui.cli")
    for heavy in ("httpx", "textual", "uvicorn", "starlette", "pydantic"):
        assert heavy not in loaded, heavy


def test_the_verdict_reader_is_pure() -> None:
    loaded = modules_after_import("judge_tui.judging.verdict")
    assert "httpx" not in loaded


def test_talking_to_a_service_does_not_load_httpx_own_command_line() -> None:
    # httpx imports its command line (click, rich's console, pygments' lexers) whenever click
    # is installed, as it is beside uvicorn; judge-tui puts an empty one in its place.
    loaded = modules_after_import("judge_tui.api.client")
    assert "httpx" in loaded
    for heavy in ("click", "pygments.lexers", "rich.console"):
        assert heavy not in loaded, heavy
    done = subprocess.run(
        [sys.executable, "-c", "import judge_tui, httpx; httpx.main()"],
        capture_output=True, text=True,
    )  # fmt: skip
    assert done.returncode != 0 and "run `httpx`" in done.stderr
