"""The batch engine, driven from the TUI's thread workers.

The engine is async and the store is SQLite, whose connections belong to their thread: each
call here opens the store, runs the engine on a fresh event loop in the worker's thread, and
returns plain records for the screen's handlers.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from judge_tui.api.client import JudgeClient
from judge_tui.api.credentials import Token
from judge_tui.api.dialects import Dialect
from judge_tui.batch.runner import BatchRunner
from judge_tui.problems import sentence_for
from judge_tui.store.batch_jobs import JobRecord, get_job, list_jobs
from judge_tui.store.credentials import resolve_token
from judge_tui.store.db import Database
from judge_tui.store.paths import home_paths

T = TypeVar("T")

UNFINISHED = ("submitting", "running", "cancelling", "finished")


TokenFor = Callable[[JobRecord], Token | None]


def with_runner(
    job_id: int,
    work: Callable[[BatchRunner, JobRecord], Awaitable[T]],
    token_for: TokenFor | None = None,
) -> T:
    """`token_for` gives the app's own token for a job on its current service (the demo's
    token is never stored); otherwise the environment's or the job's profile's is used."""
    paths = home_paths()
    db = Database.open(paths)
    try:
        job = get_job(db, str(job_id))
        token = (token_for(job) if token_for else None) or resolve_token(paths, job.profile)

        async def go() -> T:
            async with JudgeClient(job.base_url, token, dialect=Dialect(job.dialect)) as client:
                return await work(BatchRunner(client, db, paths), job)

        return asyncio.run(go())
    finally:
        db.close()


def read_jobs() -> list[JobRecord]:
    db = Database.open(home_paths())
    try:
        return list_jobs(db)
    finally:
        db.close()


def advance_unfinished(token_for: TokenFor | None = None) -> tuple[list[JobRecord], list[str]]:
    """One look at every job still under way (also those of an earlier run of the app), then
    every job; and a sentence for each that could not be looked at."""
    problems: list[str] = []
    for job in read_jobs():
        if job.status not in UNFINISHED:
            continue

        async def step(runner: BatchRunner, current: JobRecord) -> Any:
            advanced = await runner.advance(current)
            if advanced.status == "finished":
                await runner.collect(advanced)  # results are stored as soon as they exist
            return advanced

        try:
            with_runner(job.id, step, token_for)
        except Exception as exc:  # one job's trouble must not stop the others being tracked
            problems.append(f"Job {job.name}: {sentence_for(exc)}")
    return read_jobs(), problems
