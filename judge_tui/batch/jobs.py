"""Run one piece of batch work on a stored job: the store, a client on the job's own service
(its base URL, dialect and token), and a runner, for as long as the work takes.

The shell's `batch` commands and the TUI's workers both come through here.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import TypeVar

from judge_tui.api.client import JudgeClient, RetryListener
from judge_tui.api.credentials import Token
from judge_tui.api.dialects import Dialect
from judge_tui.batch.runner import BatchRunner, Report
from judge_tui.store.batch_jobs import JobRecord, get_job
from judge_tui.store.credentials import resolve_token
from judge_tui.store.db import Database
from judge_tui.store.paths import home_paths

T = TypeVar("T")
TokenFor = Callable[[JobRecord], Token | None]


def run_job_work(
    job_ref: str,
    work: Callable[[BatchRunner, JobRecord], Awaitable[T]],
    *,
    token_for: TokenFor | None = None,
    report: Report | None = None,
    on_retry: RetryListener | None = None,
) -> T:
    """`token_for` may give a token the caller holds for the job's service (the demo's is never
    stored); otherwise the environment's, else the job's profile's, is used."""
    paths = home_paths()
    db = Database.open(paths)
    try:
        job = get_job(db, job_ref)
        token = (token_for(job) if token_for else None) or resolve_token(paths, job.profile)

        async def go() -> T:
            client = JudgeClient(job.base_url, token, dialect=Dialect(job.dialect))
            client.on_retry = on_retry
            async with client:
                return await work(BatchRunner(client, db, paths, report=report), job)

        return asyncio.run(go())
    finally:
        db.close()
