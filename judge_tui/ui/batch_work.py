"""The batch engine, driven from the TUI's thread workers.

The engine is async and the store is SQLite, whose connections belong to their thread: each
call here opens the store and runs the engine on a fresh event loop in the worker's thread
(batch.jobs), and returns plain records for the screen's handlers.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TypeVar

from judge_tui.batch.jobs import TokenFor, run_job_work
from judge_tui.batch.runner import BatchRunner, CollectSummary
from judge_tui.problems import sentence_for
from judge_tui.store.batch_jobs import JobRecord, list_jobs
from judge_tui.store.db import Database
from judge_tui.store.job_statuses import UNFINISHED_JOB_STATUSES, JobStatus
from judge_tui.store.paths import home_paths

T = TypeVar("T")


def with_runner(
    job_id: int,
    work: Callable[[BatchRunner, JobRecord], Awaitable[T]],
    token_for: TokenFor | None = None,
) -> T:
    return run_job_work(str(job_id), work, token_for=token_for)


def read_jobs() -> list[JobRecord]:
    db = Database.open(home_paths())
    try:
        return list_jobs(db)
    finally:
        db.close()


def advance_unfinished(
    token_for: TokenFor | None = None,
    can_reach: Callable[[JobRecord], bool] = lambda job: True,
) -> tuple[list[JobRecord], list[str], list[str]]:
    """One look at every job still under way (also those of an earlier run of the app), then
    every job; and a sentence for each job this look finished or could not look at."""
    problems: list[str] = []
    said: list[str] = []
    for job in read_jobs():
        if job.status not in UNFINISHED_JOB_STATUSES or not can_reach(job):
            continue

        async def step(
            runner: BatchRunner, current: JobRecord
        ) -> tuple[JobRecord, CollectSummary | None]:
            advanced = await runner.advance(current)
            if advanced.status != "finished":
                return advanced, None
            summary = await runner.collect(advanced)  # results are stored as soon as they exist
            return runner.reload(advanced), summary

        try:
            after, summary = with_runner(job.id, step, token_for)
        except Exception as exc:  # one job's trouble must not stop the others being tracked
            problems.append(f"Job {job.name}: {sentence_for(exc)}")
            continue
        if summary is not None and after.status == JobStatus.DONE:
            said.append(f"Batch job {after.name} is done: {summary.sentence()}")
    return read_jobs(), problems, said
