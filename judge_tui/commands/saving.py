"""Keep every judgment of a shell run in a session, without ever losing the verdict to it."""

from __future__ import annotations

import sys

from judge_tui.judging.run import JudgeOutcome
from judge_tui.store.access import STORE_ERRORS
from judge_tui.store.db import Database
from judge_tui.store.paths import home_paths
from judge_tui.store.sessions import record_from_outcome, save_evaluation


class SessionSaver:
    def __init__(self, session: str | None, profile: str | None) -> None:
        self.session = session
        self.profile = profile
        self._db: Database | None = None
        self._failed = False

    def save(self, outcome: JudgeOutcome) -> None:
        if self.session is None or self._failed:
            return
        try:
            if self._db is None:
                self._db = Database.open(home_paths())
                for note in self._db.notes:
                    print(f"judge-tui: {note}", file=sys.stderr)
            save_evaluation(self._db, self.session, record_from_outcome(outcome, self.profile))
        except STORE_ERRORS as exc:
            # The verdict is already printed or written; say the session missed it, once.
            self._failed = True
            print(
                f"judge-tui: the verdict was not saved in session {self.session!r} ({exc}); "
                "see judge-tui paths.",
                file=sys.stderr,
            )

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
