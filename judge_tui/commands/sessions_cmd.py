"""`judge-tui sessions ...`: list, show, search, export, import, rename, remove, and the verdict
lab's reread and triage (commands/verdict_lab_cmd.py)."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from judge_tui.commands.registry import command_help
from judge_tui.commands.report import fail
from judge_tui.commands.terminal import write_control
from judge_tui.store.db import Database
from judge_tui.store.export_formats import EXPORT_FORMATS, format_for_path
from judge_tui.store.paths import home_paths
from judge_tui.store.session_list import list_sessions
from judge_tui.textsafe import visible_controls

if TYPE_CHECKING:
    from judge_tui.store.records import EvaluationRecord

# `sessions list` needs only SQLite: the store's pydantic records and the exports are imported
# by the actions that use them (docs/architecture.md §7).

BOLD, RESET = "\x1b[1m", "\x1b[0m"


def add_sessions_parser(sub: Any) -> None:
    p = sub.add_parser("sessions", help=command_help("sessions"))
    s = p.add_subparsers(dest="sessions_command", metavar="ACTION", required=True)
    s.add_parser("list", help="every session: name, evaluations, last update").set_defaults(
        run=run_list
    )
    show = s.add_parser("show", help="a session's evaluations, newest first")
    show.add_argument("name")
    show.set_defaults(run=run_show)
    find = s.add_parser(
        "search",
        help="search questions, answers and verdicts in every session",
        description=(
            'Find the evaluations holding every word of TEXT: a word by its start ("judg" '
            'finds "judged"), Chinese and Japanese anywhere, case and accents folded.'
        ),
    )
    find.add_argument("text")
    find.set_defaults(run=run_search)
    export = s.add_parser("export", help="export a session")
    export.add_argument("name")
    export.add_argument(
        "--format",
        choices=(*EXPORT_FORMATS, "md"),
        help="jsonl, csv or markdown (md); default: from --output's ending, else jsonl",
    )
    export.add_argument("--output", "-o", help="file to write (default: standard output)")
    export.set_defaults(run=run_export)
    imp = s.add_parser(
        "import", help="import a JSONL export (evaluations already there are skipped)"
    )
    imp.add_argument("file")
    imp.set_defaults(run=run_import)
    rename = s.add_parser("rename", help="rename a session")
    rename.add_argument("old")
    rename.add_argument("new")
    rename.set_defaults(run=run_rename)
    rm = s.add_parser("rm", help="delete a session and its evaluations (asks first)")
    rm.add_argument("name")
    rm.add_argument("--yes", action="store_true", help="do not ask")
    rm.set_defaults(run=run_rm)
    from judge_tui.commands.verdict_lab_cmd import add_verdict_lab_parsers

    add_verdict_lab_parsers(s)


def _open() -> Database:
    db = Database.open(home_paths())
    for note in db.notes:
        print(f"judge-tui: {note}", file=sys.stderr)
    return db


def _when(stamp: float) -> str:
    return time.strftime("%Y-%m-%d %H:%M", time.localtime(stamp))


def _clean(text: str) -> str:
    # One line each: a stored newline or tab would break the listing's columns. (Control
    # characters are made visible by the guarded output: commands/terminal.py.)
    return visible_controls(text.replace("\n", " ").replace("\t", " "))


def headline(record: EvaluationRecord) -> str:
    from judge_tui.judging.provenance import provenance_mark

    mark = provenance_mark(record.verdict.get("provenance"))
    mark = f" {mark}" if mark else ""
    if record.score is not None:
        return f"{record.score:g}/{record.max_score}{mark}"
    if record.winner:
        return ("tie" if record.winner == "tie" else f"answer {record.winner}") + mark
    return "error" if record.status == "error" else "unread"


def run_list(args: argparse.Namespace) -> int:
    db = _open()
    sessions = list_sessions(db)
    if not sessions:
        print("No sessions yet: every judge-tui judge run is saved in one (default: scratch).")
    for s in sessions:
        print(f"{_clean(s.name):30s} {s.evaluations:7d}  {_when(s.updated_at)}")
    return 0


def run_show(args: argparse.Namespace) -> int:
    from judge_tui.store.sessions import session_evaluations

    records = session_evaluations(_open(), args.name)
    for r in records:
        first = _clean(str(r.inputs.get("question", "")).strip().split("\n")[0])[:60]
        print(f"{_when(r.created_at)}  {r.mode:8s} {r.model:14s} {headline(r):9s} {first}")
    return 0


def run_search(args: argparse.Namespace) -> int:
    from judge_tui.commands.saving import say
    from judge_tui.store.repair import mended
    from judge_tui.store.search_index import backlog_size, backlog_waiting, index_backlog
    from judge_tui.store.sessions import search

    db = _open()

    def find(db: Database) -> list[Any]:
        # Results a collect stored, an interrupted run left, or a home from an earlier version
        # held (schemas 9 and 10 index every result again) are indexed first, once, and said.
        if backlog_waiting(db):
            print(
                f"judge-tui: indexing {backlog_size(db)} stored results for search first "
                "(once: what a batch collect stored, or a home from an earlier version held)…",
                file=sys.stderr,
                flush=True,
            )
            index_backlog(db)
        return search(db, args.text)

    hits = mended(db, find, say)
    tty = sys.stdout.isatty()
    for hit in hits:
        snippet = _clean(hit.snippet)
        print(f"{_clean(hit.session)} · {hit.mode} · ", end="")
        if tty and hit.spans:
            start, end = hit.spans[0]
            print(snippet[:start], end="")
            write_control(sys.stdout, BOLD)
            print(snippet[start:end], end="")
            write_control(sys.stdout, RESET)
            print(snippet[end:])
        else:
            print(snippet)
    if not hits:
        from judge_tui.store.search_words import HOW_WORDS_MATCH, match_query

        how = f" ({HOW_WORDS_MATCH})" if match_query(args.text.strip()) is not None else ""
        print(f"Nothing matches {args.text!r}{how}.", file=sys.stderr)
    return 0


def run_export(args: argparse.Namespace) -> int:
    from judge_tui.store.exchange import export_chunks, export_session_to

    asked = "markdown" if args.format == "md" else args.format
    named = format_for_path(Path(args.output)) if args.output else None
    if asked and named and named != asked:
        return fail(
            f"--format {args.format} does not match the ending of {args.output}; drop --format, "
            "or change the file name."
        )
    fmt = asked or named or "jsonl"
    db = _open()
    if args.output:
        export_session_to(db, args.name, fmt, Path(args.output))
        print(f"Exported {args.name} to {args.output}.", file=sys.stderr)
    else:
        for chunk in export_chunks(db, args.name, fmt):
            sys.stdout.buffer.write(chunk)
    return 0


def run_import(args: argparse.Namespace) -> int:
    from judge_tui.store.exchange import ImportProblem, import_jsonl

    try:
        data = Path(args.file).read_bytes()
    except OSError as exc:
        return fail(f"Cannot read {args.file} ({exc.strerror}); check the path.")
    db = _open()
    try:
        names, added, skipped = import_jsonl(db, data)
    except ImportProblem as exc:
        return fail(f"{args.file}: {exc}")
    into = ", ".join(names) or "no session"
    print(f"Imported {added} evaluations into {into}; {skipped} were already there.")
    return 0


def run_rename(args: argparse.Namespace) -> int:
    from judge_tui.store.sessions import rename_session

    db = _open()
    try:
        rename_session(db, args.old, args.new)
    except ValueError as exc:
        return fail(str(exc))
    print(f"Renamed {args.old} to {args.new}.")
    return 0


def run_rm(args: argparse.Namespace) -> int:
    from judge_tui.store.sessions import delete_session

    db = _open()
    if not args.yes:
        if not sys.stdin.isatty():
            return fail("Deleting needs a yes: run again with --yes.")
        answer = input(f"Delete session {args.name!r} and all its evaluations? [y/N] ")
        if answer.strip().lower() not in ("y", "yes"):
            print("Nothing deleted.")
            return 0
    count = delete_session(db, args.name)
    print(f"Deleted {args.name} and its {count} evaluations.")
    return 0
