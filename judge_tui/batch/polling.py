"""How often a batch job is looked at, for the shell's --watch and the app's tracker alike: often
at first, then about once a minute, as the service asks (docs/service.md §5). No imports: the
app reads it on its start path."""

from __future__ import annotations

POLL_FIRST_S = 2.0
POLL_GROWTH = 1.5  # each look waits this much longer than the one before…
POLL_MAX_S = 60.0  # …up to about a minute
# The app's tracker with nothing running still looks now and then: a job the shell submits
# while the app is open shows up, and a look with nothing unfinished reads only the store.
POLL_IDLE_S = 60.0


def next_delay(delay: float) -> float:
    return min(POLL_MAX_S, delay * POLL_GROWTH)
