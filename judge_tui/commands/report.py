"""How shell commands tell the user something went wrong: one sentence on stderr."""

from __future__ import annotations

import sys


def fail(message: str, code: int = 2) -> int:
    print(f"judge-tui: {message}", file=sys.stderr)
    return code
