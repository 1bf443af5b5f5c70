"""The one base class for problems a user fixes (a broken file, a locked database): the
command line prints its message as one sentence and exits 2, whatever command met it."""

from __future__ import annotations

from typing import Any


class UserProblem(Exception):
    pass


def sentence_for(exc: BaseException) -> str:
    """The one sentence a user reads for an error: a service error's own, else its message."""
    user_message = getattr(exc, "user_message", None)
    return str(user_message()) if callable(user_message) else str(exc)


def first_invalid(exc: Any) -> tuple[str, str, object]:
    """(where, what is wrong, the value given) of a pydantic ValidationError's first error: what
    a sentence about a wrong field needs (pydantic is not imported here, to stay light)."""
    first = exc.errors()[0]
    return ".".join(str(part) for part in first["loc"]), str(first["msg"]), first.get("input")


def os_error_sentence(exc: OSError) -> str:
    """One sentence for a failed file operation: what, where, and what to do."""
    import errno

    where = f" {exc.filename}" if exc.filename else ""
    reasons = {
        errno.ENOSPC: f"the disk is full while writing{where}; free some space and run again",
        errno.EROFS: f"{where.strip() or 'the file'} is on a read-only file system; "
        "choose a writable place (JUDGE_TUI_HOME moves the home)",
        errno.EACCES: f"permission denied for{where}; check its permissions",
        errno.EPERM: f"permission denied for{where}; check its permissions",
        errno.EISDIR: f"{where.strip()} is a directory; give a file",
        errno.ENOTDIR: f"a part of the path {where.strip()} is a file, not a directory; check "
        "the path (JUDGE_TUI_HOME moves the home)",
        errno.ENOENT: f"{where.strip() or 'a file'} does not exist; check the path",
    }
    sentence = reasons.get(exc.errno or -1)
    if sentence is None:
        sentence = f"{exc.strerror or exc}{' (' + where.strip() + ')' if where else ''}"
    return sentence[0].upper() + sentence[1:] + "."
