"""What a batch job's own status can be, defined once, beside its chunks' `Phase`
(store/batch_jobs.py): the journal writes it, the shell's resume, the app's tracker and its
actions read it. Its own module, with no imports of ours, so the app can know it on its start
path without loading the store."""

from __future__ import annotations

from enum import StrEnum


class JobStatus(StrEnum):
    SUBMITTING = "submitting"  # journalled; its chunks are being uploaded and created
    RUNNING = "running"  # every chunk was sent; the service is working on them
    CANCELLING = "cancelling"  # asked to stop: nothing new is sent
    FINISHED = "finished"  # every chunk reached a final status; results not all stored yet
    DONE = "done"  # every result the service gave is stored


# A job in one of these is not done: it may still be sent, watched or collected.
UNFINISHED_JOB_STATUSES = (
    JobStatus.SUBMITTING,
    JobStatus.RUNNING,
    JobStatus.CANCELLING,
    JobStatus.FINISHED,
)
