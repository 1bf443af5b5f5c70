"""What a batch job's own status can be, defined once: the journal writes it, the shell's resume,
the app's tracker and its actions read it. Its own module, with no imports, so the app can know
it on its start path without loading the store."""

from __future__ import annotations

# A job in one of these is not done: it may still be sent, watched or collected.
UNFINISHED_JOB_STATUSES = ("submitting", "running", "cancelling", "finished")
