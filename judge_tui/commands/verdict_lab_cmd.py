"""`judge-tui sessions reread` and `judge-tui sessions triage`: stored verdicts read again with
today's reader, and the queue of verdicts that could not be read (docs/verdicts.md)."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from judge_tui.commands.report import fail
from judge_tui.textsafe import json_text_safe, visible_controls


def add_verdict_lab_parsers(s: Any) -> None:
    reread = s.add_parser(
        "reread",
        help="read every stored verdict again with today's reader; report what changes",
        description=(
            "Read the stored verdict texts of a session (or a batch job's results, or every "
            "session) again and report: newly readable, changed score or winner, newly "
            "unreadable. A score given by hand is never overwritten. Exit status: 0 done, "
            "2 bad input."
        ),
    )
    _scope_arguments(reread)
    reread.add_argument("--verdict-format", metavar="F", help="read as F (default: as judged)")
    reread.add_argument("--dry-run", action="store_true", help="report, change nothing")
    reread.add_argument("--format", choices=("text", "json"), default="text")
    reread.set_defaults(run=run_reread)
    triage = s.add_parser(
        "triage",
        help="verdicts that could not be read: the share per model and session, the list, and "
        "--manual UID VALUE to give a reading by hand",
    )
    _scope_arguments(triage)
    triage.add_argument(
        "--manual",
        nargs=2,
        metavar=("UID", "VALUE"),
        help="store a reading by hand: a score, or in pairwise mode 1, 2 or tie",
    )
    triage.add_argument("--note", default="", help="with --manual: why (kept with the reading)")
    triage.add_argument(
        "--repair",
        metavar="UID",
        help="ask the judge again, continuing its conversation, for the final verdict only",
    )
    triage.add_argument("--base-url", help="with --repair: the service (default as for judge)")
    triage.add_argument("--profile", help="with --repair: a saved profile")
    triage.add_argument("--format", choices=("text", "json"), default="text")
    triage.set_defaults(run=run_triage)


def _scope_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("session", nargs="?", help="the session (default: with --all, every one)")
    p.add_argument("--all", action="store_true", help="every session")
    p.add_argument("--job", help="a batch job's results (its number, name or id)")


def _scope(db: Any, args: argparse.Namespace) -> Any:
    from judge_tui.problems import UserProblem
    from judge_tui.store.batch_jobs import get_job
    from judge_tui.store.verdict_lab import Scope

    given = sum(bool(x) for x in (args.session, args.all, args.job))
    if given != 1:
        raise UserProblem("Give one of: a SESSION name, --all, or --job JOB.")
    if args.job:
        return Scope(job_id=get_job(db, args.job).id)
    return Scope(session=args.session) if args.session else Scope()


def _print_json(value: Any) -> None:
    print(json_text_safe(json.dumps(value, ensure_ascii=False, indent=2)))


def run_reread(args: argparse.Namespace) -> int:
    from judge_tui.judging.verdict_formats import VerdictFormatError, parse_verdict_format
    from judge_tui.store.db import Database
    from judge_tui.store.paths import home_paths
    from judge_tui.store.verdict_lab import reread

    if args.verdict_format:
        try:
            parse_verdict_format(args.verdict_format)
        except VerdictFormatError as exc:
            return fail(str(exc))
    db = Database.open(home_paths())
    try:
        report = reread(
            db, _scope(db, args), verdict_format=args.verdict_format, dry_run=args.dry_run
        )
    finally:
        db.close()
    if args.format == "json":
        _print_json(report.as_json())
        return 0
    verb = "would change" if args.dry_run else "changed"
    print(
        f"Re-read {report.read} verdicts of {report.scope}: {len(report.newly_readable)} newly "
        f"readable, {len(report.changed)} with another score or winner, "
        f"{len(report.newly_unreadable)} newly unreadable, {report.unchanged} unchanged"
        f"{report.kept()}."
    )
    for title, items in (
        ("Newly readable", report.newly_readable),
        ("Another score or winner", report.changed),
        ("Newly unreadable", report.newly_unreadable),
    ):
        if items:
            print(f"\n{title} ({verb}):")
            for uid, before, after in items:
                print(f"  {uid}  {before} -> {after}")
    if args.dry_run and (report.newly_readable or report.changed or report.newly_unreadable):
        print("\nNothing was changed (--dry-run); run again without it to store the new readings.")
    return 0


def _repair(db: Any, args: argparse.Namespace) -> int:
    """Send the repair message for one evaluation and store the reading it brings."""
    import asyncio

    from judge_tui.commands.judge_cmd import say_waiting
    from judge_tui.commands.service import choose_service, open_client
    from judge_tui.judging.repair import repair
    from judge_tui.store.verdict_lab import repair_source, set_repaired

    inputs, params, original = repair_source(db, args.repair)
    choice = choose_service(args.base_url, args.profile, params.model)

    async def ask() -> Any:
        async with open_client(choice) as client:
            # A silent service is said, with its deadline, as `judge` says it.
            waiting = asyncio.create_task(say_waiting(client, lambda: False))
            try:
                return await repair(client, inputs, params, original)
            finally:
                waiting.cancel()

    outcome = asyncio.run(ask())
    if outcome.error is not None:
        print(f"judge-tui: {outcome.error.user_message()}", file=sys.stderr)
        return 1
    if not outcome.verdict.parsed:
        print(
            f"The judge answered, and its answer cannot be read either: "
            f"{outcome.verdict.reason}. Give a reading by hand with --manual."
        )
        return 0
    verdict = set_repaired(
        db, args.repair, outcome.content, outcome.verdict.model_dump(mode="json")
    )
    print(f"Repaired {visible_controls(args.repair)}: {verdict.headline()}.")
    return 0


def run_triage(args: argparse.Namespace) -> int:
    from judge_tui.store.db import Database
    from judge_tui.store.paths import home_paths
    from judge_tui.store.verdict_lab import set_manual, triage_queue, unreadable_shares

    db = Database.open(home_paths())
    try:
        if args.repair:
            return _repair(db, args)
        if args.manual:
            uid, value = args.manual
            verdict = set_manual(db, uid, value, args.note)
            print(f"Stored by hand for {visible_controls(uid)}: {verdict.headline()}.")
            return 0
        scope = _scope(db, args)
        queue = triage_queue(db, scope)
        by_model = unreadable_shares(db, scope, "model")
        by_session = unreadable_shares(db, scope, "session")
    finally:
        db.close()
    if args.format == "json":
        _print_json({
            "unreadable": [item.__dict__ for item in queue],
            "by_model": [{"model": s.group, "judged": s.judged, "unreadable": s.unreadable,
                          "share": round(s.share, 4)} for s in by_model],
            "by_session": [{"session": s.group, "judged": s.judged, "unreadable": s.unreadable,
                            "share": round(s.share, 4)} for s in by_session],
        })  # fmt: skip
        return 0
    for title, shares in (("model", by_model), ("session", by_session)):
        print(f"Unreadable per {title}:")
        for share in shares:
            print(
                f"  {visible_controls(share.group)}: {share.unreadable} of {share.judged} "
                f"({share.share:.1%})"
            )
    if not queue:
        print("\nNo verdict is waiting: every answered verdict has a reading.")
        return 0
    print(f"\n{len(queue)} to triage (uid, model, why):")
    for item in queue:
        print(f"  {item.uid}  {visible_controls(item.model)}  {visible_controls(item.reason)}")
    print(
        "\nAsk the judge again with --repair UID, give a reading by hand with --manual UID "
        "VALUE [--note TEXT], or work through them in the app: judge-tui --browse, then F7 on "
        "the session (t on a batch job's results).",
        file=sys.stderr,
    )
    return 0
