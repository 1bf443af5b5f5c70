"""The formats a session exports to, and the one a file's ending names: what the shell and the
Sessions screen both infer. Light, for building `judge-tui sessions`' options."""

from __future__ import annotations

from pathlib import Path

EXPORT_FORMATS = ("jsonl", "csv", "markdown")
SUFFIX_FORMATS = {".jsonl": "jsonl", ".csv": "csv", ".md": "markdown"}


def format_for_path(path: Path) -> str | None:
    return SUFFIX_FORMATS.get(path.suffix.lower())
