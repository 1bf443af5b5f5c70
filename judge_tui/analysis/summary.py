"""The statistics of one scope: what `judge-tui stats` prints and the Analysis screen draws.

The JSON keys of `Summary.as_json` are documented in the README and kept stable.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from judge_tui.analysis import stats
from judge_tui.analysis.plan_figures import (
    GAME_FIGURES,
    RepeatFigures,
    SwapFigures,
    repeat_figures,
    swap_figures,
)
from judge_tui.analysis.runs import Run, criteria_of, load_run
from judge_tui.analysis.scope import Scope
from judge_tui.analysis.tallies import Tallies, tallies_in_store, tallies_of_run
from judge_tui.judging.plans import SwapPolicy
from judge_tui.judging.scores import Score, fmt_score
from judge_tui.store.db import Database

# A pairwise game as a number: answer 1 won, tied, lost (a tie counts half).
OUTCOME = {"1": 1.0, "tie": 0.5, "2": 0.0}


@dataclass
class Pairwise:
    wins: int = 0
    ties: int = 0
    losses: int = 0
    win_rate: float | None = None
    tie_adjusted_win_rate: float | None = None
    ci95: stats.Interval | None = None

    @property
    def games(self) -> int:
        return self.wins + self.ties + self.losses


@dataclass
class Summary:
    scope: str
    count: int
    readable: int
    unreadable: dict[str, int]
    max_score: int | None
    other_scales: dict[int, int]
    mean: float | None
    median: float | None
    sd: float | None
    ci95: stats.Interval | None
    histogram: dict[str, int]
    criteria: dict[str, float]
    pairwise: Pairwise
    tokens: dict[str, int]
    latency_ms: dict[str, float | None]
    length_bias: float | None
    length_pairs: int
    scored: int
    resamples: int
    seed: int
    notes: list[str] = field(default_factory=list)
    swap: SwapFigures | None = None  # a plan's both orders (judging/plans.py)
    repeats: RepeatFigures | None = None

    @property
    def readable_share(self) -> float | None:
        return None if self.count == 0 else self.readable / self.count

    def as_json(self) -> dict[str, Any]:
        p = self.pairwise
        return {
            "scope": self.scope,
            "count": self.count,
            "readable": self.readable,
            "readable_share": self.readable_share,
            "unreadable": self.unreadable,
            "max_score": self.max_score,
            "mean": self.mean,
            "median": self.median,
            "sd": self.sd,
            "ci95": None if self.ci95 is None else self.ci95.as_list(),
            "ci_method": None if self.ci95 is None else self.ci95.method,
            "histogram": self.histogram,
            "criteria": self.criteria,
            "pairwise": {
                "wins": p.wins,
                "ties": p.ties,
                "losses": p.losses,
                "win_rate": p.win_rate,
                "tie_adjusted_win_rate": p.tie_adjusted_win_rate,
                "ci95": None if p.ci95 is None else p.ci95.as_list(),
            },
            "tokens": self.tokens,
            "latency_ms": self.latency_ms,
            "length_bias": {"spearman": self.length_bias, "pairs": self.length_pairs},
            "other_scales": {str(k): v for k, v in self.other_scales.items()},
            "notes": self.notes,
            "swap": None if self.swap is None else self.swap.as_json(),
            "repeats": None if self.repeats is None else self.repeats.as_json(),
        }


def main_scale(tallies: Tallies) -> tuple[int | None, dict[int, int]]:
    """The scale most scored judgments use (the larger count, then the smaller scale), and how
    many use each other one: means over mixed scales (a 7 of 10 beside a 4 of 5) say nothing,
    so the others are counted aside."""
    scales: Counter[int] = Counter()
    for (scale, _, _), n in tallies.scored.items():
        scales[scale] += n
    if not scales:
        return None, {}
    main = min(scales, key=lambda scale: (-scales[scale], scale))
    return main, {m: n for m, n in sorted(scales.items()) if m != main}


def _histogram(counts: Counter[Score], max_score: int | None) -> dict[str, int]:
    keys: list[Score] = list(range(1, (max_score or 0) + 1))
    keys += sorted(v for v in counts if v not in keys)
    return {fmt_score(k): counts.get(k, 0) for k in sorted(keys)}


def summarize(
    run: Run,
    *,
    resamples: int = stats.DEFAULT_RESAMPLES,
    seed: int = stats.DEFAULT_SEED,
    swap_policy: SwapPolicy = "tie",
) -> Summary:
    """The statistics of a loaded run (a labels file, a plan's games read together)."""
    swap = swap_figures(run, swap_policy)
    return summarize_tallies(
        tallies_of_run(run), run.label, resamples=resamples, seed=seed, swap=swap,
        repeats=repeat_figures(run),
    )  # fmt: skip


def summarize_scope(
    db: Database,
    scope: Scope,
    *,
    resamples: int = stats.DEFAULT_RESAMPLES,
    seed: int = stats.DEFAULT_SEED,
    swap_policy: SwapPolicy = "tie",
    loaded: Run | None = None,
) -> Summary:
    """The statistics of a scope, counted in the store (analysis/tallies.py); a plan's both
    orders and repeats are read from its games one by one (`loaded`, when the caller has the
    run, else only the columns they need). A labels file is summarized from its run."""
    if scope.kind == "labels":
        run = loaded if loaded is not None else load_run(db, scope)
        return summarize(run, resamples=resamples, seed=seed, swap_policy=swap_policy)
    tallies = tallies_in_store(db, scope)
    swap = repeats = None
    if tallies.plan_games:
        games = (
            loaded
            if loaded is not None
            else load_run(db, scope, criteria=False, figures=GAME_FIGURES)
        )
        swap, repeats = swap_figures(games, swap_policy), repeat_figures(games)
    return summarize_tallies(
        tallies, scope.label(), resamples=resamples, seed=seed, swap=swap, repeats=repeats
    )


def summarize_tallies(
    tallies: Tallies,
    label: str,
    *,
    resamples: int = stats.DEFAULT_RESAMPLES,
    seed: int = stats.DEFAULT_SEED,
    swap: SwapFigures | None = None,
    repeats: RepeatFigures | None = None,
) -> Summary:
    t = tallies
    scale, other_scales = main_scale(t)
    on_scale: Counter[Score] = Counter()
    lengths: Counter[tuple[Score, float]] = Counter()
    for (each_scale, score, length), n in t.scored.items():
        if each_scale == scale:
            on_scale[score] += n
            lengths[(score, length)] += n
    values, counts = list(on_scale), list(on_scale.values())
    described = stats.describe_counts(values, counts)
    mean, median, sd = described if described is not None else (None, None, None)
    criteria: dict[str, tuple[float, int]] = {}
    for (each_scale, name), (total, n) in t.criteria.items():
        if scale is None or each_scale == scale:
            before, seen = criteria.get(name, (0.0, 0))
            criteria[name] = (before + total, seen + n)
    # A pairwise item judged in both orders counts once, with its winner after the policy.
    winners: Counter[str] = Counter()
    for (winner, _), n in t.winners.items():
        winners[winner] += n
    if swap is not None:
        winners.subtract(Counter(swap.paired_winners))
        winners.update(swap.item_winners.values())
    pairwise = Pairwise(wins=winners["1"], ties=winners["tie"], losses=winners["2"])
    if pairwise.games:
        pairwise.win_rate = pairwise.wins / pairwise.games
        pairwise.tie_adjusted_win_rate = (pairwise.wins + pairwise.ties / 2) / pairwise.games
        pairwise.ci95 = stats.bootstrap_mean_ci_counts(
            [OUTCOME[w] for w in OUTCOME], [winners[w] for w in OUTCOME],
            resamples=resamples, seed=seed,
        )  # fmt: skip
    scored = sum(counts)
    length_pairs = scored
    length_bias = stats.spearman_counts(
        [score for score, _ in lengths], [length for _, length in lengths], list(lengths.values())
    )
    if not scored and pairwise.games:  # pairwise: does the longer answer win?
        pairs = [(OUTCOME[w], length, n) for (w, length), n in t.winners.items() if w in OUTCOME]
        length_pairs = sum(n for _, _, n in pairs)
        length_bias = stats.spearman_counts(
            [p[0] for p in pairs], [p[1] for p in pairs], [p[2] for p in pairs]
        )
    latencies, latency_counts = list(t.latency), list(t.latency.values())
    notes = []
    if other_scales:
        left_out = sum(other_scales.values())
        notes.append(
            f"{left_out} scored judgment(s) on another scale are counted but not in the mean."
        )
    return Summary(
        scope=label,
        count=t.count,
        readable=t.readable,
        unreadable=dict(sorted(t.unreadable.items(), key=lambda kv: (-kv[1], kv[0]))),
        max_score=scale,
        other_scales=other_scales,
        mean=mean,
        median=median,
        sd=sd,
        ci95=stats.bootstrap_mean_ci_counts(values, counts, resamples=resamples, seed=seed),
        histogram=_histogram(on_scale, scale),
        criteria={name: total / n for name, (total, n) in sorted(criteria.items())},
        pairwise=pairwise,
        tokens=dict(t.tokens),
        latency_ms={
            "p50": stats.percentile_counts(latencies, latency_counts, 50),
            "p95": stats.percentile_counts(latencies, latency_counts, 95),
        },
        length_bias=length_bias,
        length_pairs=length_pairs,
        scored=scored,
        resamples=resamples,
        seed=seed,
        notes=notes,
        swap=swap,
        repeats=repeats,
    )


@dataclass(frozen=True)
class MatrixRow:
    index: int  # the judgment's row in its run
    item: str
    values: dict[str, Score]


def criteria_matrix(run: Run) -> tuple[list[str], list[MatrixRow]]:
    """Items x criteria: the criterion names in first-seen order and one row per judgment that
    has any."""
    names: dict[str, None] = {}
    rows: list[MatrixRow] = []
    for i in range(len(run)):
        values = dict(criteria_of(run, i))
        if values:
            names.update(dict.fromkeys(values))
            rows.append(MatrixRow(i, run.item_name(i), values))
    return list(names), rows


def sort_matrix(rows: list[MatrixRow], by: str, descending: bool = True) -> list[MatrixRow]:
    """Rows by one criterion, those without it last."""
    have = [r for r in rows if by in r.values]
    missing = [r for r in rows if by not in r.values]
    return sorted(have, key=lambda r: r.values[by], reverse=descending) + missing
