"""`judge-tui batch ...`: submit a dataset as a batch job, watch it, collect, export, resubmit."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, TypeVar

from judge_tui.batch.polling import POLL_FIRST_S, POLL_MAX_S, next_delay
from judge_tui.commands.registry import command_help
from judge_tui.commands.report import fail
from judge_tui.commands.terminal import write_control
from judge_tui.problems import first_invalid, sentence_for

T = TypeVar("T")


def add_batch_parser(sub: Any) -> None:
    p = sub.add_parser("batch", help=command_help("batch"))
    s = p.add_subparsers(dest="batch_command", metavar="ACTION", required=True)
    submit = s.add_parser("submit", help="validate a dataset and submit it as a batch job")
    submit.add_argument(
        "file", nargs="?", help="CSV or JSONL: question, answer or answer1+answer2, …"
    )
    submit.add_argument(
        "--from-session",
        metavar="NAME",
        help="judge a saved session's evaluations again, offline (instead of a file)",
    )
    submit.add_argument(
        "--only",
        metavar="UIDS",
        help="with --from-session: only these evaluations (comma-separated uids or prefixes)",
    )
    submit.add_argument("--name", help="the job's name (default: the file's name)")
    submit.add_argument("--profile")
    submit.add_argument("--base-url")
    submit.add_argument("--model")
    submit.add_argument(
        "--template", help="a custom template to judge with: a saved one, or a built-in one"
    )
    submit.add_argument(
        "--verdict-format",
        metavar="F",
        help="how verdicts are read (default: the template's, else pai); see docs/verdicts.md",
    )
    submit.add_argument(
        "--dialect",
        choices=("pai", "dashscope"),
        help="how lines are written: pai {custom_id, body} or dashscope/openai {custom_id, "
        "method, url, body} (default: the profile's, else pai)",
    )
    from judge_tui.commands.plan_args import add_plan_arguments

    # Several judges are several jobs (a batch file holds one model): no --judges here.
    add_plan_arguments(submit.add_argument_group("a judging plan: several lines per item"),
                       judges=False)  # fmt: skip
    submit.add_argument(
        "--plan", dest="show_plan", action="store_true",
        help="print what the job would be (lines, files, estimated tokens) and send nothing",
    )  # fmt: skip
    submit.add_argument("--session", help="session the results go to (default: batch NAME)")
    submit.add_argument("--wait", action="store_true", help="watch it, then collect")
    submit.add_argument(
        "--new",
        action="store_true",
        help="start a new job even if one of this name or file is unfinished, or one is done "
        "that sent the very same requests (a rerun resumes the first, or sends nothing, so it "
        "never bills the data twice)",
    )
    submit.set_defaults(run=run_submit)
    s.add_parser("list", help="every batch job").set_defaults(run=run_list)
    status = s.add_parser("status", help="a job's status (checks the service)")
    status.add_argument("job", help="the job's number, name or id")
    status.add_argument("--watch", action="store_true", help="keep watching until it finishes")
    status.set_defaults(run=run_status)
    for name, helptext, runner in (
        ("cancel", "cancel every chunk of a job", "run_cancel"),
        ("collect", "download, read and store a finished job's results", "run_collect"),
        ("resubmit", "failed, expired and missing items as a new job", "run_resubmit"),
    ):
        action = s.add_parser(name, help=helptext)
        action.add_argument("job")
        action.set_defaults(run=globals()[runner])
    export = s.add_parser("export", help="a job's results as CSV or JSONL")
    export.add_argument("job")
    export.add_argument("--format", choices=("csv", "jsonl"), default="csv")
    export.add_argument("--output", "-o", required=True, help="the file to write")
    export.set_defaults(run=run_export)


def _with_runner(job_ref: str, work: Callable[[Any, Any], Awaitable[T]]) -> T:
    """Run `work(runner, job)` on the job's own service; waits and steps are said on stderr."""
    from judge_tui.batch.jobs import run_job_work
    from judge_tui.commands.service import print_retry

    return run_job_work(
        job_ref, work, report=lambda s: print(s, file=sys.stderr), on_retry=print_retry
    )


def _progress(job: Any) -> str:
    bar = job.progress_bar(24)
    statuses = ", ".join(
        f"{c.status}"
        + (f" ({c.raw_status})" if c.raw_status and c.raw_status.lower() != c.status else "")
        for c in job.chunks
    )
    age = time.time() - job.created_at
    return (
        f"{bar} {job.completed}/{job.total_lines} done, {job.failed} failed · {job.status} · "
        f"chunks: {statuses} · "
        f"{age / 3600:.1f} h of {job.completion_window}"
    )


async def _watch(runner: Any, job: Any, *, collect: bool) -> Any:
    from judge_tui.api.errors import JudgeApiError
    from judge_tui.store.job_statuses import JobStatus

    delay = POLL_FIRST_S
    while True:
        try:
            job = await runner.advance(job)
            delay = next_delay(delay)
        except JudgeApiError as exc:
            print(f"judge-tui: {exc.user_message()} (trying again)", file=sys.stderr)
            delay = min(POLL_MAX_S, delay * 2)  # back off on errors
        write_control(sys.stderr, "\r")  # ours: the progress line redrawn in place
        print(_progress(job), end="", file=sys.stderr, flush=True)
        if job.status in (JobStatus.FINISHED, JobStatus.DONE):
            print(file=sys.stderr)
            break
        import asyncio

        await asyncio.sleep(delay)
    if collect:
        summary = await runner.collect(job)
        print(f"Collected: {summary.sentence()}")
        _say_rejections(runner.reload(job))
        say_search_backlog()
        if nothing_succeeded(summary):
            raise NothingSucceeded()
        return runner.reload(job)  # done, now that its results are stored
    return job


class NothingSucceeded(Exception):
    """A job none of whose items got a verdict: the command ends non-zero."""


def nothing_succeeded(summary: Any) -> bool:
    return bool(summary.succeeded == 0 and summary.unreadable == 0)


def _say_rejections(job: Any) -> None:
    """What the service said about each chunk it refused, or whose lines it rejected."""
    for chunk in job.chunks:
        if chunk.error:
            print(f"judge-tui: chunk {chunk.seq + 1}: {chunk.error}", file=sys.stderr)


def say_search_backlog() -> None:
    """After a collect: the results are stored, sortable and exportable now; adding them to the
    full-text index is not waited for (store/search_index.py). Said, with who does it."""
    from judge_tui.store.db import Database
    from judge_tui.store.paths import home_paths
    from judge_tui.store.search_index import backlog_size

    db = Database.open(home_paths())
    try:
        waiting = backlog_size(db)
    finally:
        db.close()
    if waiting:
        print(
            f"{waiting} results are not in the search index yet: the app adds them in the "
            "background, and `judge-tui sessions search` first (an interrupted indexing goes on "
            "where it stopped). They are counted for analysis the same way (the app, or the "
            "first stats, compare, agree or report).",
            file=sys.stderr,
        )


def run_submit(args: argparse.Namespace) -> int:
    from judge_tui.api.urls import BaseUrlError
    from judge_tui.batch.dataset import Template, load_dataset
    from judge_tui.batch.runner import BatchProblem
    from judge_tui.batch.submit import file_fingerprint, plan_job
    from judge_tui.commands.service import choose_service
    from judge_tui.judging.inputs import JudgeParams
    from judge_tui.store.config import ConfigError, NoSuchProfile
    from judge_tui.store.db import Database
    from judge_tui.store.job_statuses import JobStatus
    from judge_tui.store.paths import home_paths
    from judge_tui.store.templates import find_template

    if bool(args.file) == bool(args.from_session):
        return fail("Give a dataset FILE, or --from-session NAME (one of the two).")
    path = Path(args.file or args.from_session)
    try:
        choice = choose_service(args.base_url, args.profile, args.model)
    except (BaseUrlError, ConfigError, NoSuchProfile) as exc:
        return fail(str(exc))
    if choice.token is None and not args.show_plan:  # --plan sends nothing: no token needed
        return fail("No token: set JUDGE_MODEL_TOKEN, or add a profile with judge-tui profile add.")
    if args.dialect:
        from dataclasses import replace

        from judge_tui.api.dialects import Dialect

        choice = replace(choice, dialect=Dialect(args.dialect))
    paths = home_paths()
    db = Database.open(paths)
    try:
        template = None
        if args.template:
            saved = find_template(db, args.template)
            template = Template(
                saved.name, saved.system, saved.user_template, saved.version, saved.verdict_format
            )
        verdict_format = args.verdict_format or (template.verdict_format if template else "pai")
        from judge_tui.judging.verdict_formats import VerdictFormatError, parse_verdict_format

        try:
            parse_verdict_format(verdict_format)  # said once, not once per line
        except VerdictFormatError as exc:
            return fail(str(exc))
        try:
            params = JudgeParams(
                model=choice.model, verdict_format=verdict_format, **_batch_params(choice.params)
            )
        except ValueError as exc:  # pydantic's ValidationError: a profile's parameter is wrong
            name, wrong, given = first_invalid(exc)
            return fail(
                f"The parameter {name} of profile {choice.profile!r} is {given!r}: "
                f"{wrong.lower()}; fix it in config.toml."
            )
        if args.from_session:
            dataset = _session_dataset(db, args.from_session, args.only)
        else:
            dataset = load_dataset(path, params=params, template=template)
        from judge_tui.batch.dataset import apply_plan
        from judge_tui.commands.plan_args import plan_from_args

        plan = plan_from_args(args)
        apply_plan(dataset, plan)
        if not dataset.ok:
            return fail(dataset.report())
        from judge_tui.batch.submit import preview_job
        from judge_tui.commands.plan_args import say_plan

        preview = preview_job(dataset, choice.dialect, choice.max_input_tokens)
        if preview.problems:
            return fail("; ".join(preview.problems))
        said = say_plan(
            preview.lines(), only_show=args.show_plan, over_limit=len(preview.plan.too_long)
        )
        if said is not None:  # --plan writes and sends nothing
            return said
        name = args.name or path.stem
        fingerprint = None if args.from_session else file_fingerprint(path, plan)
        try:
            planned = plan_job(
                db, paths, dataset, name=name, session=args.session or f"batch {name}",
                profile=choice.profile, base_url=choice.base_url, dialect=choice.dialect,
                fingerprint=fingerprint, new=args.new,
            )  # fmt: skip
        except BatchProblem as exc:
            return fail(str(exc))
    finally:
        db.close()
    job = planned.job
    if planned.resumed and job.status == JobStatus.DONE:
        print(
            f"Job {job.id} ({job.name}) is done and sent these very requests to this service; "
            f"nothing was sent. Its results: judge-tui batch export {job.id}; what failed or "
            f"expired, sent again: judge-tui batch resubmit {job.id}; read in another format: "
            f"judge-tui sessions reread --job {job.id} --verdict-format F; all of it judged "
            "again: --new.",
            file=sys.stderr,
        )
        print(f"Job {job.id} ({job.name}): {job.status}.")
        return 0
    if planned.resumed:
        print(
            f"Job {job.id} ({job.name}) from the same name or file is not finished "
            f"({job.status}); resuming it instead of starting another (--new starts one).",
            file=sys.stderr,
        )
    else:
        print(
            f"Job {job.id} ({job.name}): {job.total_lines} items in {len(job.chunks)} file(s); "
            "submitting…",
            file=sys.stderr,
        )

    async def submit(runner: Any, _: Any) -> Any:
        submitted = await runner.submit(job)
        if args.wait:
            return await _watch(runner, submitted, collect=True)
        return submitted

    try:
        done = _with_runner(str(job.id), submit)
    except NothingSucceeded:
        return fail(f"no item of job {job.id} got a verdict; the reasons are above.", 1)
    except _api_errors() as exc:
        return fail(f"{sentence_for(exc)} The job is kept; run: judge-tui batch status {job.id}", 1)
    print(f"Job {done.id} ({done.name}): {done.status}.")
    return 0


def _session_dataset(db: Any, name: str, only: str | None) -> Any:
    from judge_tui.batch.dataset import from_evaluations
    from judge_tui.store.sessions import session_evaluations

    records = session_evaluations(db, name, newest_first=False)
    if only:
        wanted = [w.strip() for w in only.split(",") if w.strip()]
        records = [r for r in records if any(r.uid.startswith(w) for w in wanted)]
    return from_evaluations(records, f"session {name}")


def _api_errors() -> tuple[type[Exception], ...]:
    from judge_tui.api.errors import JudgeApiError
    from judge_tui.problems import UserProblem

    return (JudgeApiError, UserProblem)


def _batch_params(params: dict[str, Any]) -> dict[str, Any]:
    allowed = {"temperature", "top_p", "max_tokens", "seed", "json_verdict"}
    return {k: v for k, v in params.items() if k in allowed}


def run_list(args: argparse.Namespace) -> int:
    from judge_tui.store.batch_jobs import list_jobs
    from judge_tui.store.db import Database
    from judge_tui.store.paths import home_paths

    db = Database.open(home_paths())
    try:
        jobs = list_jobs(db)
    finally:
        db.close()
    if not jobs:
        print("No batch jobs yet; submit one with: judge-tui batch submit FILE")
    for job in jobs:
        stamp = time.strftime("%Y-%m-%d %H:%M", time.localtime(job.created_at))
        print(
            f"{job.id:>4}  {job.name}  {job.status}  {job.total_lines} items in "
            f"{len(job.chunks)} file(s)  {stamp}"
        )
    return 0


def run_status(args: argparse.Namespace) -> int:
    async def status(runner: Any, job: Any) -> Any:
        if args.watch:
            return await _watch(runner, job, collect=False)
        job = await runner.advance(job)
        print(_progress(job))
        for chunk in job.chunks:
            history = " → ".join(h.raw for h in chunk.history) or "not created yet"
            error = f" · last error: {chunk.error}" if chunk.error else ""
            print(f"  chunk {chunk.seq + 1}: {chunk.lines} lines · {chunk.batch_id or '-'} · "
                  f"{history}{error}")  # fmt: skip
        return job

    try:
        _with_runner(args.job, status)
    except _api_errors() as exc:
        return fail(sentence_for(exc), 1)
    return 0


def run_cancel(args: argparse.Namespace) -> int:
    async def cancel(runner: Any, job: Any) -> Any:
        return await runner.cancel(job)

    try:
        job = _with_runner(args.job, cancel)
    except _api_errors() as exc:
        return fail(sentence_for(exc), 1)
    print(f"Job {job.id} ({job.name}): cancel asked for every chunk; status {job.status}.")
    return 0


def run_collect(args: argparse.Namespace) -> int:
    async def collect(runner: Any, job: Any) -> Any:
        job = await runner.advance(job)
        unfinished = [c for c in job.chunks if c.phase.value not in ("finished", "collected")]
        summary = await runner.collect(job)
        return summary, len(unfinished), runner.reload(job)

    try:
        summary, unfinished, job = _with_runner(args.job, collect)
    except _api_errors() as exc:
        return fail(sentence_for(exc), 1)
    print(f"Collected: {summary.sentence()}")
    _say_rejections(job)
    say_search_backlog()
    if unfinished:
        print(f"{unfinished} chunk(s) still running; collect again when they finish.")
    elif nothing_succeeded(summary):
        return fail(f"no item of job {job.id} got a verdict; the reasons are above.", 1)
    return 0


def run_export(args: argparse.Namespace) -> int:
    from judge_tui.batch.export import export_job
    from judge_tui.store.batch_jobs import get_job
    from judge_tui.store.db import Database
    from judge_tui.store.paths import home_paths

    db = Database.open(home_paths())
    try:
        job = get_job(db, args.job)
        count = export_job(db, job, args.format, Path(args.output))
    finally:
        db.close()
    print(f"Wrote {count} results to {args.output}.")
    return 0


def run_resubmit(args: argparse.Namespace) -> int:
    async def resubmit(runner: Any, job: Any) -> Any:
        return await runner.resubmit(job)

    try:
        job = _with_runner(args.job, resubmit)
    except _api_errors() as exc:
        return fail(sentence_for(exc), 1)
    if job is None:
        print("Nothing to resubmit: every item succeeded (or collect the job first).")
        return 0
    print(f"Job {job.id} ({job.name}): {job.total_lines} items resubmitted; status {job.status}.")
    return 0
