"""The one base class for problems a user fixes (a broken file, a locked database): the
command line prints its message as one sentence and exits 2, whatever command met it."""

from __future__ import annotations


class UserProblem(Exception):
    pass
