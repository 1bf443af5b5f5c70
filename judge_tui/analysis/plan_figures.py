"""What a judging plan's games say together (judging/plans.py): both orders of a pairwise item
(consistency, the first slot's pull, the item's winner after the swap policy) and repeats of
the same game (how often they read the same, how far their scores spread)."""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from judge_tui.analysis.runs import Run
from judge_tui.judging.plans import (
    SWAP_MARK,
    GameKey,
    SwapPolicy,
    game_of,
    mapped_back,
    settle_orders,
)

# What the figures below read of a run besides its readings (analysis/runs.py `load_run`).
GAME_FIGURES = ("answer1_score", "answer2_score")


@dataclass
class SwapFigures:
    policy: SwapPolicy
    games: int  # games of items judged in both orders
    items: int  # items with both orders read
    consistency: float | None  # share of those items whose two orders name the same winner
    first_slot_preference: float | None  # share of those games won by the answer in slot 1
    inconsistent: int  # items whose orders disagree
    item_winners: dict[str, str]  # item (its game without #swap) -> winner after the policy
    paired_winners: list[str]  # the own winners of these items' games, which theirs replace
    per_item: list[tuple[str, str, str]]  # item, its first order's winner, the swapped one's back

    def disagreements(self) -> list[tuple[str, str, str]]:
        return [row for row in self.per_item if row[1] != row[2]]

    def as_json(self) -> dict[str, Any]:
        return {
            "policy": self.policy, "games": self.games, "items": self.items,
            "consistency": self.consistency, "first_slot_preference": self.first_slot_preference,
            "inconsistent": self.inconsistent,
            "per_item": [{"item": item, "first": first, "swapped": back, "agree": first == back}
                         for item, first, back in self.per_item],
        }  # fmt: skip


@dataclass
class RepeatFigures:
    groups: int  # games judged more than once
    identical_share: float | None  # share of those whose repeats all read the same
    mean_sd: float | None  # the mean, over those with scores, of their scores' sample SD

    def as_json(self) -> dict[str, Any]:
        return {"groups": self.groups, "identical_share": self.identical_share,
                "mean_sd": self.mean_sd}  # fmt: skip


def _games(run: Run) -> list[GameKey | None]:
    return [None if cid is None else game_of(cid) for cid in run.custom_id]


def swap_figures(run: Run, policy: SwapPolicy = "tie") -> SwapFigures | None:
    """None when the run has no swapped game."""
    if not any(cid and SWAP_MARK in cid for cid in run.custom_id):
        return None
    # Each item's two games (as given, swapped) by their rows; -1 where one is missing.
    orders: dict[tuple[str, str | None, int], list[int]] = {}
    for i, cid in enumerate(run.custom_id):
        if cid is not None:
            item, judge, swapped, repeat = game_of(cid)
            both = orders.get((item, judge, repeat))
            if both is None:
                both = orders[(item, judge, repeat)] = [-1, -1]
            both[swapped] = i
    games = items = consistent = slot_one = 0
    winners: dict[str, str] = {}
    paired: list[int] = []
    per_item: list[tuple[str, str, str]] = []
    for (item, judge, repeat), both in orders.items():
        if -1 in both:
            continue
        first, second = run.winner[both[0]], run.winner[both[1]]
        if first is None or second is None:
            continue
        items += 1
        games += 2
        slot_one += (first == "1") + (second == "1")
        back = str(mapped_back(second))
        consistent += first == back
        name = GameKey(item, judge, False, repeat).custom_id
        winners[name] = str(settle_orders(first, second, policy))
        paired += both
        per_item.append((name, first, back))
    return SwapFigures(
        policy=policy,
        games=games,
        items=items,
        consistency=None if not items else consistent / items,
        first_slot_preference=None if not games else slot_one / games,
        inconsistent=items - consistent,
        item_winners=winners,
        paired_winners=[str(run.winner[i]) for i in paired],
        per_item=sorted(per_item),
    )


def repeat_figures(run: Run) -> RepeatFigures | None:
    """None when no game was judged more than once."""
    if not any(cid and "~" in cid for cid in run.custom_id):
        return None
    groups: dict[tuple[str, str | None, bool], list[int]] = defaultdict(list)
    for i, key in enumerate(_games(run)):
        if key is not None:
            groups[(key.item, key.judge, key.swapped)].append(i)
    repeated = [rows for rows in groups.values() if len(rows) > 1]
    identical = 0
    spreads: list[float] = []
    for rows in repeated:
        readings = {
            (run.score[i], run.winner[i], run.answer1_score[i], run.answer2_score[i]) for i in rows
        }
        identical += len(readings) == 1
        scores = [float(run.score[i]) for i in rows if run.score[i] is not None]  # type: ignore[arg-type]
        if len(scores) > 1:
            spreads.append(statistics.stdev(scores))
    return RepeatFigures(
        groups=len(repeated),
        identical_share=None if not repeated else identical / len(repeated),
        mean_sd=None if not spreads else sum(spreads) / len(spreads),
    )
