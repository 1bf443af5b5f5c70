"""The one base class for problems a user fixes (a broken file, a locked database): the
command line prints its message as one sentence and exits 2, whatever command met it."""

from __future__ import annotations


class UserProblem(Exception):
    pass


def sentence_for(exc: BaseException) -> str:
    """The one sentence a user reads for an error: a service error's own, else its message."""
    user_message = getattr(exc, "user_message", None)
    return str(user_message()) if callable(user_message) else str(exc)
