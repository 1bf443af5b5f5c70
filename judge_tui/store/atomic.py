"""Write a file so that a crash at any moment leaves either the old or the new one."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO


def write_atomic(path: Path, data: bytes, *, mode: int = 0o644) -> None:
    with atomic_output(path, mode=mode) as out:
        out.write(data)


def set_aside(path: Path) -> Path:
    """Move an unreadable file out of the way (never delete what a user may want back)."""
    for n in range(1, 1000):
        target = path.with_name(f"{path.name}.corrupt-{n}")
        if not target.exists():
            os.replace(path, target)
            return target
    raise OSError(f"cannot set {path} aside")


@contextlib.contextmanager
def atomic_output(path: Path, *, mode: int = 0o644) -> Iterator[BinaryIO]:
    """A file written as it comes (an export of any size, in constant memory) that appears at
    `path` only whole: a temporary file beside it, synced and renamed into place at the end;
    removed if the writing fails, so nothing half-written is ever left at `path`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        # The mode is set before any byte is written: a token is never readable by others.
        os.fchmod(fd, mode)
        with os.fdopen(fd, "wb", buffering=1 << 20) as out:
            yield out
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)
        raise
    with contextlib.suppress(OSError):  # make the rename itself durable where the OS allows
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
