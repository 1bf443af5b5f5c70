"""The one way a batch job is planned, for the shell's `batch submit` and the app's New batch
form alike: the same dataset never becomes a second job while the first is unfinished (the
job of that name, or of that file's content, is resumed instead), nor once the first is done
(the very same requests to the same service are not billed again), and a new one is written
and journalled before anything is sent."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from judge_tui.api.dialects import Dialect
from judge_tui.api.jsonl import dump_jsonl_line
from judge_tui.batch.build import batch_line, chunk_byte_limit, split_lines
from judge_tui.batch.dataset import Dataset
from judge_tui.batch.runner import new_job
from judge_tui.judging.plans import Plan, game_of
from judge_tui.judging.preflight import PlannedGame, Preflight, preflight
from judge_tui.store.batch_jobs import JobRecord, find_done_job, find_unfinished_job
from judge_tui.store.db import Database
from judge_tui.store.paths import HomePaths


@dataclass(frozen=True)
class PlannedJob:
    job: JobRecord
    # An unfinished job of the same name or file, taken up again; or one that is done and sent
    # these very requests (`job.status` says which): nothing new is sent.
    resumed: bool


@dataclass
class JobPreview:
    """What a batch job of this dataset will be, before anything is written or sent."""

    plan: Preflight  # items, games (= lines), estimated input tokens, items over their limit
    lines_per_file: list[int]
    megabytes: float
    problems: list[str]  # a line no file can hold

    def lines(self) -> list[str]:
        """The plan in a few lines, as `judge --input` says its own (`plan: …`)."""
        plan = self.plan
        files = ", ".join(str(n) for n in self.lines_per_file)
        items = f"{plan.items} item{'s' if plan.items != 1 else ''}"
        games = "" if plan.games == plan.items else f", {plan.games} games"
        out = [
            f"plan: {items}{games} = {plan.games} lines in {len(self.lines_per_file)} file(s) of "
            f"{files} lines ({_size(self.megabytes)})",
            f"plan: {plan.tokens_said()}; a batch job is billed at half the online price of the "
            "same requests",
        ]
        return out + plan.over_limit_lines()


def _size(megabytes: float) -> str:
    return f"{megabytes:.1f} MB" if megabytes >= 0.1 else f"{max(1, round(megabytes * 1000))} kB"


def preview_job(dataset: Dataset, dialect: Dialect, limit_override: int | None) -> JobPreview:
    sizes = [len(batch_line(item, dialect)) for item in dataset.items]
    ranges, problems = split_lines(sizes, chunk_byte_limit(dialect))
    games = (
        PlannedGame(item.custom_id, str(item.body.get("model") or ""), item.body)
        for item in dataset.items
    )
    items = len({game_of(item.custom_id).item for item in dataset.items})
    return JobPreview(
        preflight(items, games, limit_override),
        [len(r) for r in ranges],
        sum(sizes) / 1e6,
        [str(problem) for problem in problems],
    )


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


def requests_digest(dataset: Dataset, base_url: str) -> str:
    """What a job bills: the service and every request body, in order (custom ids aside: an
    item without one is given one anew at each submit). Two jobs with the same digest send the
    very same requests."""
    digest = hashlib.sha256(base_url.encode() + b"\n")
    for item in dataset.items:
        # As the chunk files spell it (an integer past 64 bits included); a body is built, or
        # read from the file, in the same key order each time.
        digest.update(dump_jsonl_line(item.body))
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
    """The job to send: the unfinished one of this name or file, or the done one that sent these
    very requests (unless `new`), else a new one, written and journalled. Raises BatchProblem
    for a dataset that cannot be sent."""
    requests = requests_digest(dataset, base_url)
    if not new:
        resumed = find_unfinished_job(db, name=name, fingerprint=fingerprint)
        if resumed is None:
            resumed = find_done_job(db, requests=requests)
        if resumed is not None:
            return PlannedJob(resumed, True)
    job = new_job(
        db, paths, dataset, name=name, session=session, profile=profile, base_url=base_url,
        dialect=dialect, fingerprint=fingerprint, requests=requests,
    )  # fmt: skip
    return PlannedJob(job, False)
