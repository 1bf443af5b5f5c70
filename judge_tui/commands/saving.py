"""Keep every judgment of a shell run in a session, without ever losing the verdict to it."""

from __future__ import annotations

import sys

from judge_tui.judging.run import JudgeOutcome
from judge_tui.problems import os_error_sentence
from judge_tui.store.access import STORE_ERRORS
from judge_tui.store.db import Database
from judge_tui.store.paths import home_paths
from judge_tui.store.repair import mended
from judge_tui.store.sessions import record_from_outcome, save_evaluation


def say(note: str) -> None:
    print(f"judge-tui: {note}", file=sys.stderr)


class SessionSaver:
    """`failed` says a verdict was not stored: the command then ends non-zero (exit 4), and a
    run of many stops sending (what it sends could not be kept)."""

    def __init__(self, session: str | None, profile: str | None) -> None:
        self.session = session
        self.profile = profile
        self._db: Database | None = None
        self.failed = False

    def save(
        self, outcome: JudgeOutcome, item_key: str | None = None, profile: str | None = None
    ) -> bool:
        """Store it; False (said once) when the store cannot."""
        if self.session is None:
            return True
        if self.failed:
            return False
        record = record_from_outcome(outcome, profile or self.profile)
        session = self.session
        try:
            if self._db is None:
                self._db = Database.open(home_paths())
                for note in self._db.notes:
                    say(note)
            mended(self._db, lambda db: save_evaluation(db, session, record, item_key), say)
        except STORE_ERRORS as exc:
            # The verdict is already printed or written; say the session missed it, once.
            self.failed = True
            why = os_error_sentence(exc) if isinstance(exc, OSError) else str(exc)
            say(
                f"the verdict was not saved in session {self.session!r} ({why}); "
                "see judge-tui paths."
            )
            return False
        return True

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
