"""The one way a batch job is planned, for the shell's `batch submit` and the app's New batch
form alike: the same dataset never becomes a second job while the first is unfinished (the
job of that name, or of that file's content, is resumed instead), and a new one is written
and journalled before anything is sent."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from judge_tui.api.dialects import Dialect
from judge_tui.batch.dataset import Dataset
from judge_tui.batch.runner import new_job
from judge_tui.judging.plans import Plan
from judge_tui.store.batch_jobs import JobRecord, find_unfinished_job
from judge_tui.store.db import Database
from judge_tui.store.paths import HomePaths


@dataclass(frozen=True)
class PlannedJob:
    job: JobRecord
    resumed: bool  # an unfinished job of the same name or file, taken up again


def file_fingerprint(path: Path, plan: Plan | None = None) -> str:
    """The file's content hash, and its plan's: how a rerun of the same submit finds its job
    (another plan of the same file is other work, not the job to resume)."""
    digest = hashlib.sha256()
    with path.open("rb") as source:
        while block := source.read(1 << 20):
            digest.update(block)
    if plan is not None and not plan.is_plain:
        return f"{digest.hexdigest()}|swap={plan.swap}|repeats={plan.repeats}"
    return digest.hexdigest()


def plan_job(
    db: Database,
    paths: HomePaths,
    dataset: Dataset,
    *,
    name: str,
    session: str,
    profile: str | None,
    base_url: str,
    dialect: Dialect,
    fingerprint: str | None,
    new: bool = False,
) -> PlannedJob:
    """The job to send: the unfinished one of this name or file (unless `new`), else a new one,
    written and journalled. Raises BatchProblem for a dataset that cannot be sent."""
    if not new:
        resumed = find_unfinished_job(db, name=name, fingerprint=fingerprint)
        if resumed is not None:
            return PlannedJob(resumed, True)
    job = new_job(
        db, paths, dataset, name=name, session=session, profile=profile, base_url=base_url,
        dialect=dialect, fingerprint=fingerprint,
    )  # fmt: skip
    return PlannedJob(job, False)
