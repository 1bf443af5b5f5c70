"""Command-line text values that may be `@path` (a file) or `@-` (standard input)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


class ArgumentFileError(argparse.ArgumentTypeError):
    pass


_stdin_used: list[bool] = [False]


def read_text_arg(value: str) -> str:
    """`@path` reads the file, `@-` reads stdin (once), `@@x` is the literal text `@x`."""
    if value.startswith("@@"):
        return value[1:]
    if not value.startswith("@"):
        return value
    target = value[1:]
    if target == "-":
        if _stdin_used[0]:
            raise ArgumentFileError("Only one value can be read from standard input (@-).")
        _stdin_used[0] = True
        return sys.stdin.read()
    path = Path(target).expanduser()
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ArgumentFileError(
            f"The file {target} does not exist; check the path after @."
        ) from None
    except UnicodeDecodeError:
        raise ArgumentFileError(f"The file {target} is not UTF-8 text; save it as UTF-8.") from None
    except OSError as exc:
        raise ArgumentFileError(f"The file {target} cannot be read ({exc.strerror}).") from None
