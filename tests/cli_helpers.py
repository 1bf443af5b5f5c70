"""Run `judge-tui` as a user would: a real process, with only the tokens a test gives it."""

from __future__ import annotations

import os
import subprocess
import sys

TOKEN_VARS = ("JUDGE_MODEL_TOKEN", "THEMIS_TOKEN", "DASHSCOPE_API_KEY")


def run_cli(
    *args: str,
    token: str | None = None,
    stdin: str | None = None,
    env: dict[str, str] | None = None,
    timeout: float = 60,
) -> subprocess.CompletedProcess[str]:
    full = {k: v for k, v in os.environ.items() if k not in TOKEN_VARS}
    if token is not None:
        full["JUDGE_MODEL_TOKEN"] = token
    full.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "judge_tui", *args],
        capture_output=True,
        text=True,
        env=full,
        input=stdin,
        timeout=timeout,
    )
