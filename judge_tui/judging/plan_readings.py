"""What the games of one item's plan (judging/plans.py) say together, in a few sentences: for
the Judge form's verdict pane and a planned `judge` in the shell. Over many items the Analysis
views give the figures (analysis/plan_figures.py); here it is one item, read at a glance."""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from judge_tui.judging.plans import GameKey, SwapPolicy, mapped_back, settle_orders
from judge_tui.judging.scores import fmt_score

if TYPE_CHECKING:
    from judge_tui.judging.run import JudgeOutcome

_NAMES = {"1": "Answer 1", "2": "Answer 2", "tie": "a tie", "inconsistent": "inconsistent"}


@dataclass(frozen=True)
class GameReading:
    key: GameKey
    model: str  # the judge: its model, or the plan's name for it (profile:NAME)
    winner: str | None  # "1", "2" or "tie", as the judge gave it (a swapped game unmapped)
    score: float | None
    max_score: int = 5
    failed: str | None = None  # the error's sentence, when the game got no verdict

    @classmethod
    def of(cls, key: GameKey, outcome: JudgeOutcome, judge: str | None = None) -> GameReading:
        """`judge`: how the plan names the game's judge when not by its model (profile:NAME)."""
        verdict = outcome.verdict
        failed = outcome.error.user_message() if outcome.error is not None else None
        return cls(
            key, judge or outcome.params.model,
            None if verdict.winner is None else str(verdict.winner),
            None if verdict.score is None else float(verdict.score), verdict.max_score, failed,
        )  # fmt: skip

    @property
    def own_winner(self) -> str | None:
        """The winner in terms of the item's own answers (a swapped game's mapped back)."""
        return mapped_back(self.winner) if self.key.swapped else self.winner


def _name(winner: str | None) -> str:
    return "not readable" if winner is None else _NAMES.get(winner, winner)


def _orders(readings: list[GameReading], policy: SwapPolicy) -> tuple[list[str], dict[str, str]]:
    """One sentence per game judged in both orders, and the winner each judge's pairs settle
    on (the first repeat's), for the judges' sentence."""
    pairs: dict[tuple[str, str | None, int], dict[bool, GameReading]] = defaultdict(dict)
    for reading in readings:
        if reading.failed is None:
            pairs[reading.key.order_key][reading.key.swapped] = reading
    both = {key: games for key, games in pairs.items() if len(games) == 2}
    many = len(both) > 1
    said: list[str] = []
    settled_by_judge: dict[str, str] = {}
    for (_, _, repeat), games in both.items():
        first, swapped = games[False], games[True]
        settled = settle_orders(first.winner, swapped.winner, policy)
        if settled is None:
            verdict = "One order is not readable: the item has no winner."
        elif first.winner == mapped_back(swapped.winner):
            verdict = f"They agree: {_name(settled)}."
        elif policy == "tie":
            verdict = f"They disagree: the item counts as {_name(settled)} (FastChat's rule)."
        else:
            verdict = "They disagree: the item is counted as inconsistent."
        who = ""
        if many:
            who = f" ({first.model}{f', repeat {repeat}' if repeat > 1 else ''})"
        said.append(
            f"Both orders{who}: {_name(first.winner)} as given, {_name(swapped.own_winner)} "
            f"with the answers exchanged. {verdict}"
        )
        if settled is not None and repeat == 1:
            settled_by_judge[first.model] = settled
    return said, settled_by_judge


def _judges(readings: list[GameReading], settled: dict[str, str]) -> list[str]:
    by_model: dict[str, list[GameReading]] = defaultdict(list)
    for reading in readings:
        if reading.failed is None:
            by_model[reading.model].append(reading)
    if len(by_model) < 2:
        return []
    parts: list[str] = []
    seen: list[str] = []
    for model, games in by_model.items():
        first = [g for g in games if g.key.repeat == 1 and not g.key.swapped]
        if not first:
            continue
        game = first[0]
        if game.winner is not None or model in settled:
            winner = settled.get(model, game.winner)
            parts.append(f"{model} {_name(winner)}")
            seen.append(winner or "")
        elif game.score is not None:
            parts.append(f"{model} {fmt_score(game.score)}/{game.max_score}")
            seen.append(fmt_score(game.score))
        else:
            parts.append(f"{model} not readable")
            seen.append("")
    if len(parts) < 2:
        return []
    differ = "" in seen or len(set(seen)) > 1
    return [f"Judges: {' · '.join(parts)}: {'they disagree' if differ else 'they agree'}."]


def _repeats(readings: list[GameReading]) -> list[str]:
    groups: dict[tuple[str, bool], list[GameReading]] = defaultdict(list)
    for reading in readings:
        if reading.failed is None:
            groups[(reading.model, reading.key.swapped)].append(reading)
    said: list[str] = []
    for (model, swapped), games in groups.items():
        if len(games) < 2:
            continue
        games.sort(key=lambda g: g.key.repeat)
        shown = [
            _name(g.winner) if g.winner is not None else
            (f"{fmt_score(g.score)}" if g.score is not None else "not readable")
            for g in games
        ]  # fmt: skip
        same = max(shown.count(s) for s in shown)
        scores = [g.score for g in games if g.score is not None and g.winner is None]
        spread = f"; SD {statistics.stdev(scores):.2f}" if len(scores) >= 2 else ""
        order = " (answers exchanged)" if swapped else ""
        said.append(
            f"Repeats of {model}{order}: {', '.join(shown)} ({same} of {len(games)} the "
            f"same{spread})."
        )
    return said


def describe_plan(readings: list[GameReading], policy: SwapPolicy = "tie") -> list[str]:
    """The sentences for one item's games: both orders, the judges side by side, the repeats'
    spread, and what failed. Empty for a single game."""
    if len(readings) < 2:
        return []
    orders, settled = _orders(readings, policy)
    said = [*orders, *_judges(readings, settled), *_repeats(readings)]
    failed = [r for r in readings if r.failed is not None]
    if failed:
        said.append(
            f"{len(failed)} of {len(readings)} games got no verdict ({failed[0].key.custom_id}: "
            f"{failed[0].failed})."
        )
    return said
