"""`judge-tui stats`, `compare`, `agree` and `report`: sessions and batch jobs as results
(docs/analysis.md). The JSON keys are documented in the README and kept stable.

Exit status: 0 done, 2 bad input, 3 a `--fail-*` bar of `stats` was not reached.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from judge_tui.analysis.gc_paused import gc_paused
from judge_tui.analysis.scope import SCOPE_HELP, Filters, Scope, parse_day, parse_scope
from judge_tui.commands.registry import command_help
from judge_tui.problems import UserProblem
from judge_tui.textsafe import json_text_safe

EXIT_BELOW_BAR = 3


def _filter_arguments(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("filters (apply to every scope named)")
    g.add_argument("--model", help="only judgments by this judge model")
    g.add_argument("--mode", choices=("single", "pairwise", "custom"), help="only this mode")
    g.add_argument("--template", help="only judgments with this template")
    g.add_argument("--verdict-format", metavar="F", help="only verdicts read as F (pai, arena…)")
    g.add_argument("--since", metavar="DATE", help="only judged on or after DATE (YYYY-MM-DD)")
    g.add_argument("--until", metavar="DATE", help="only judged before DATE (YYYY-MM-DD)")
    readable = g.add_mutually_exclusive_group()
    readable.add_argument("--readable", dest="readable", action="store_const", const=True)
    readable.add_argument("--unreadable", dest="readable", action="store_const", const=False)
    p.add_argument("--resamples", type=int, default=1000, help="bootstrap resamples (default 1000)")
    p.add_argument("--seed", type=int, default=0, help="bootstrap seed (default 0)")


def _format_argument(p: argparse.ArgumentParser, choices: tuple[str, ...]) -> None:
    p.add_argument("--format", choices=choices, default=choices[0], help="default " + choices[0])


def add_analysis_parsers(subparsers: Any) -> None:
    stats = subparsers.add_parser(
        "stats",
        help=command_help("stats"),
        description=(
            f"Statistics of SCOPE ({SCOPE_HELP}): readable share, mean with a 95% bootstrap "
            "interval, histogram, criteria, pairwise win rates, tokens and latency. Exit "
            "status: 0 done, 2 bad input, 3 below a --fail-* bar."
        ),
    )
    stats.add_argument("scope", metavar="SCOPE")
    _filter_arguments(stats)
    _format_argument(stats, ("text", "json", "md"))
    stats.add_argument(
        "--fail-under", type=float, metavar="MEAN", help="exit 3 if the mean is below"
    )
    stats.add_argument(
        "--fail-win-rate-under",
        type=float,
        metavar="R",
        help="exit 3 if answer 1's tie-adjusted win rate is below R (0..1)",
    )
    stats.add_argument(
        "--fail-readable-under",
        type=float,
        metavar="SHARE",
        help="exit 3 if the readable share is below SHARE (0..1)",
    )
    stats.add_argument(
        "--swap-policy",
        choices=("tie", "inconsistent"),
        default="tie",
        help="an item whose two orders disagree: a tie (default, FastChat's rule) or left out",
    )
    stats.set_defaults(run=run_stats)

    compare = subparsers.add_parser(
        "compare",
        help=command_help("compare"),
        description=(
            "Compare run B with run A on the same items (joined by custom_id, else identical "
            "inputs, else a question asked once in each): the mean difference with a paired "
            "bootstrap interval, the Wilcoxon p-value, McNemar for pairwise, and every item "
            "whose reading changed."
        ),
    )
    compare.add_argument("a", metavar="A")
    compare.add_argument("b", metavar="B")
    _filter_arguments(compare)
    _format_argument(compare, ("text", "json", "md"))
    compare.set_defaults(run=run_compare)

    agree = subparsers.add_parser(
        "agree",
        help=command_help("agree"),
        description=(
            "Agreement of two or more raters (runs, judges, or labels:PATH from a person): exact "
            "and within-one agreement, quadratic-weighted kappa, Spearman rho, the confusion "
            "matrix of the first two, Krippendorff's alpha (ordinal) over all."
        ),
    )
    agree.add_argument("raters", nargs="+", metavar="SCOPE")
    agree.add_argument(
        "--by-judge", action="store_true",
        help="each judge model in the scopes is a rater (a run of judge --judges M1,M2)",
    )  # fmt: skip
    _filter_arguments(agree)
    _format_argument(agree, ("text", "json", "md"))
    agree.set_defaults(run=run_agree)

    report = subparsers.add_parser(
        "report",
        help=command_help("report"),
        description=(
            "Write a report of SCOPE (and of its comparison with --compare B): Markdown, or one "
            "self-contained HTML file with its charts inline (no network needed to open it)."
        ),
    )
    report.add_argument("scope", metavar="SCOPE")
    report.add_argument("--compare", metavar="B", help="also compare with run B")
    _filter_arguments(report)
    _format_argument(report, ("html", "md"))
    report.add_argument("--output", "-o", required=True, metavar="PATH", help="the file to write")
    report.set_defaults(run=run_report)


def _filters(args: argparse.Namespace) -> Filters:
    return Filters(
        model=args.model,
        mode=args.mode,
        template=args.template,
        verdict_format=args.verdict_format,
        since=None if args.since is None else parse_day(args.since, "--since"),
        until=None if args.until is None else parse_day(args.until, "--until"),
        readable=args.readable,
    )


def _scopes(args: argparse.Namespace, names: list[str]) -> list[Scope]:
    if not 1 <= args.resamples <= 100_000:
        raise UserProblem("--resamples must be a whole number from 1 to 100000.")
    filters = _filters(args)
    return [parse_scope(name, filters) for name in names]


def _counted_first(db: Any) -> None:
    """Batch results a collect stored are counted for analysis once, here, and said."""
    from judge_tui.store.figures import any_waiting, catch_up_figures, figures_waiting

    if any_waiting(db):
        print(
            f"judge-tui: counting {figures_waiting(db)} stored results for analysis first "
            "(once: what a batch collect stored, or a home from an earlier version held)…",
            file=sys.stderr,
            flush=True,
        )
        catch_up_figures(db)


def _load(scopes: list[Scope]) -> list[Any]:
    """The scopes' runs as a comparison and an agreement read them: their readings alone."""
    from judge_tui.analysis.runs import load_run
    from judge_tui.store.access import use_store

    def load(db: Any) -> list[Any]:
        _counted_first(db)
        return [load_run(db, scope, criteria=False, figures=False) for scope in scopes]

    return use_store(load)


def _print(fmt: str, document: Callable[[], Any], data: Callable[[], dict[str, Any]]) -> None:
    """The result in the format asked for; only that one is built (a compare's 50,000 changed
    items are worth building once)."""
    from judge_tui.analysis.render import as_markdown, as_text

    if fmt == "json":
        import orjson  # the same text as the json module, in a twentieth of its time

        text = orjson.dumps(data(), option=orjson.OPT_INDENT_2 | orjson.OPT_NON_STR_KEYS)
        print(json_text_safe(text.decode()))
    elif fmt == "md":
        sys.stdout.write(as_markdown(document()))
    else:
        sys.stdout.write(as_text(document()))


def _bar(value: float | None, bar: float, what: str, flag: str) -> str | None:
    if value is None:
        return f"{flag} {bar:g}: there is no {what} to hold to it (no readable judgment)."
    if value < bar:
        return f"{what} {value:.3f} is below {flag} {bar:g}."
    return None


@gc_paused  # a command's runs stay alive until it ends: no collection need walk them
def run_stats(args: argparse.Namespace) -> int:
    (scope,) = _scopes(args, [args.scope])
    for flag, value in (
        ("--fail-win-rate-under", args.fail_win_rate_under),
        ("--fail-readable-under", args.fail_readable_under),
    ):
        if value is not None and not 0 <= value <= 1:
            raise UserProblem(f"{flag} is a share from 0 to 1 (0.8 is 80%), not {value:g}.")
    from judge_tui.analysis.document import stats_document
    from judge_tui.analysis.summary import summarize_scope
    from judge_tui.store.access import use_store

    def summary_of(db: Any) -> Any:
        _counted_first(db)
        return summarize_scope(
            db, scope, resamples=args.resamples, seed=args.seed, swap_policy=args.swap_policy
        )

    summary = use_store(summary_of)
    _print(args.format, lambda: stats_document(summary), summary.as_json)
    failures = [
        why
        for why in (
            args.fail_under is not None
            and _bar(summary.mean, args.fail_under, "the mean score", "--fail-under"),
            args.fail_win_rate_under is not None
            and _bar(
                summary.pairwise.tie_adjusted_win_rate,
                args.fail_win_rate_under,
                "the tie-adjusted win rate",
                "--fail-win-rate-under",
            ),
            args.fail_readable_under is not None
            and _bar(
                summary.readable_share,
                args.fail_readable_under,
                "the readable share",
                "--fail-readable-under",
            ),
        )
        if why
    ]
    if failures:
        print(f"judge-tui: {scope.label()}: {' '.join(failures)}", file=sys.stderr)
        return EXIT_BELOW_BAR
    return 0


@gc_paused
def run_compare(args: argparse.Namespace) -> int:
    from judge_tui.analysis.compare import compare_runs
    from judge_tui.analysis.document import compare_document

    a, b = _load(_scopes(args, [args.a, args.b]))
    result = compare_runs(a, b, resamples=args.resamples, seed=args.seed)
    _print(args.format, lambda: compare_document(result), result.as_json)
    return 0


@gc_paused
def run_agree(args: argparse.Namespace) -> int:
    from judge_tui.analysis.agree import agreement
    from judge_tui.analysis.document import agree_document

    runs = _load(_scopes(args, args.raters))
    if args.by_judge:
        from judge_tui.analysis.runs import split_by_judge

        runs = [part for run in runs for part in split_by_judge(run)]
    if len(runs) < 2:
        raise UserProblem(
            "agree needs two raters or more, for example session:a labels:mine.csv (or one "
            "session judged by several models, with --by-judge)."
        )
    result = agreement(runs)
    _print(args.format, lambda: agree_document(result), result.as_json)
    return 0


@gc_paused
def run_report(args: argparse.Namespace) -> int:
    from judge_tui.analysis.report import report_documents, write_report
    from judge_tui.store.access import use_store

    names = [args.scope] if args.compare is None else [args.scope, args.compare]
    scopes = _scopes(args, names)

    def documents(db: Any) -> Any:
        _counted_first(db)
        return report_documents(db, scopes, resamples=args.resamples, seed=args.seed)

    written = write_report(Path(args.output), use_store(documents), args.format, scopes)
    print(f"Wrote {written}.")
    return 0
