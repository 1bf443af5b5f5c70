"""judge-tui: judge LLM answers from a terminal."""

import sys
import types

__version__ = "0.1.0"


def _httpx_without_its_command_line() -> None:
    """`import httpx` also imports `httpx._main`, httpx's own command line, whenever click is
    installed (uvicorn, which the emulator needs, brings it): click, rich's console and pygments'
    lexers, about 60 ms of every command that talks to a service (an import of httpx alone, 145
    against 85 ms here). judge-tui never runs httpx's command line, so an empty one takes its
    place before httpx is imported; `httpx.main()` then says where to find the real one."""
    if "httpx" in sys.modules or "httpx._main" in sys.modules:
        return
    stand_in = types.ModuleType("httpx._main")

    def main() -> None:
        raise SystemExit("httpx's command line is not loaded inside judge-tui; run `httpx`.")

    stand_in.main = main  # type: ignore[attr-defined]
    sys.modules["httpx._main"] = stand_in


_httpx_without_its_command_line()
