"""A judging plan's flags (judging/plans.py), for `judge --input` and `batch submit`. Plain
argparse: building `batch`'s parser (for `batch list` too) must not import pydantic."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from judge_tui.judging.plans import Plan


def add_plan_arguments(group: Any, *, judges: bool) -> None:
    """The plan's flags, for `judge --input` and `batch submit` (judging/plans.py)."""
    group.add_argument(
        "--swap", action="store_true",
        help="pairwise: also judge each item with answer 1 and answer 2 exchanged (ITEM#swap)",
    )  # fmt: skip
    if judges:
        group.add_argument(
            "--judges", metavar="M1,M2",
            help="judge every item with each of these models (ITEM@MODEL)",
        )  # fmt: skip
    group.add_argument(
        "--repeat", type=int, default=1, metavar="N",
        help="judge every item N times, each with another seed (ITEM~2, ITEM~3, ...)",
    )  # fmt: skip


def plan_from_args(args: argparse.Namespace) -> Plan:
    """The judging plan the flags ask for; a wrong one raises PlanError (a UserProblem's
    sentence, exit 2)."""
    from judge_tui.judging.plans import Plan

    named = getattr(args, "judges", None) or ""  # batch submit has no --judges
    judges = tuple(j.strip() for j in named.split(",") if j.strip())
    return Plan(swap=bool(args.swap), judges=judges, repeats=int(args.repeat))


def say_plan(lines: list[str], *, only_show: bool, over_limit: int) -> int | None:
    """A run's plan, before anything is sent: with --plan on standard output, and the command
    ends (0, or 2 when some judgment is over its model's input limit); otherwise on standard
    error first, and the run stops (2) when some judgment is over its limit. None: go on."""
    if only_show:
        print("\n".join(line.removeprefix("plan: ") for line in lines))
        return 2 if over_limit else 0
    for line in lines:
        print(f"judge-tui: {line}", file=sys.stderr)
    if over_limit:
        print(
            f"judge-tui: {over_limit} judgment(s) over their model's input limit; nothing was "
            "sent. Shorten or split them, or judge them with a model that takes more.",
            file=sys.stderr,
        )
        return 2
    return None
