"""A running note while the app waits for a judge that has said nothing yet: what it waits for,
for how long so far, and when it gives up (the client's deadline), every few seconds.

The shell says the same in its own words (commands/judge_cmd.say_waiting)."""

from __future__ import annotations

import time
from collections.abc import Callable

from textual.message_pump import MessagePump
from textual.timer import Timer

EVERY_S = 5.0  # the first note after this long, then again each time


class WaitingNote:
    """`start` when a request goes out; `arrived` when its first word comes or the wait ends
    otherwise. `say` gets each sentence."""

    def __init__(self, owner: MessagePump, say: Callable[[str], object]) -> None:
        self._owner = owner
        self._say = say
        self._timer: Timer | None = None
        self._started = 0.0
        self._what = ""
        self._gives_up = 0.0
        self._hint = ""

    def start(self, what: str, host: str, gives_up_after: float, hint: str = "") -> None:
        self.arrived()
        self._started = time.monotonic()
        self._what = f"{what} from {host}"
        self._gives_up = gives_up_after
        self._hint = f"; {hint}" if hint else ""
        self._timer = self._owner.set_interval(EVERY_S, self._note)

    def _note(self) -> None:
        waited = time.monotonic() - self._started
        self._say(
            f"Waiting for {self._what} ({waited:.0f} s so far; gives up after "
            f"{self._gives_up:.0f} s{self._hint})."
        )

    def arrived(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
