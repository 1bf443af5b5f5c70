"""The statistics of one scope: what `judge-tui stats` prints and the Analysis screen draws.

The JSON keys of `Summary.as_json` are documented in the README and kept stable.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from judge_tui.analysis import stats
from judge_tui.analysis.plan_figures import (
    RepeatFigures,
    SwapFigures,
    repeat_figures,
    swap_figures,
)
from judge_tui.analysis.runs import Run, criteria_of
from judge_tui.judging.plans import SwapPolicy
from judge_tui.judging.scores import Score, fmt_score

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


def main_scale(run: Run) -> tuple[int | None, dict[int, int]]:
    """The scale most scored judgments use, and how many use each other one: means over mixed
    scales (a 7 of 10 beside a 4 of 5) say nothing, so the others are counted aside."""
    scales = Counter(m for m, s in zip(run.max_score, run.score, strict=True) if s is not None)
    if not scales:
        return None, {}
    main = scales.most_common(1)[0][0]
    return main, {m: n for m, n in sorted(scales.items()) if m != main}


def _histogram(scores: list[Score], max_score: int | None) -> dict[str, int]:
    counts = Counter(scores)
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
    count = len(run)
    readable = sum(run.readable)
    unreadable = Counter(
        reason or "not readable"
        for ok, reason in zip(run.readable, run.reason, strict=True)
        if not ok
    )
    scale, other_scales = main_scale(run)
    on_scale = [i for i in range(count) if run.score[i] is not None and run.max_score[i] == scale]
    scores: list[Score] = [run.score[i] for i in on_scale]  # type: ignore[misc]
    described = stats.describe(scores)
    mean, median, sd = described if described is not None else (None, None, None)
    criteria_values: dict[str, list[Score]] = {}
    for i in range(count):
        if run.criteria_json[i] is not None and run.max_score[i] == (scale or run.max_score[i]):
            for name, value in criteria_of(run, i):
                criteria_values.setdefault(name, []).append(value)
    # A pairwise item judged in both orders counts once, with its winner after the policy.
    swap = swap_figures(run, swap_policy)
    winners: list[str | None] = run.winner
    if swap is not None:
        winners = [w for i, w in enumerate(run.winner) if i not in swap.paired_rows]
        winners += list(swap.item_winners.values())
    outcomes = [OUTCOME[w] for w in winners if w in OUTCOME]
    pairwise = Pairwise(
        wins=winners.count("1"), ties=winners.count("tie"), losses=winners.count("2")
    )
    if outcomes:
        pairwise.win_rate = pairwise.wins / len(outcomes)
        pairwise.tie_adjusted_win_rate = sum(outcomes) / len(outcomes)
        pairwise.ci95 = stats.bootstrap_mean_ci(outcomes, resamples=resamples, seed=seed)
    lengths = [float(run.answer_length[i]) for i in on_scale]
    length_pairs = len(lengths)
    length_bias = stats.spearman(scores, lengths)
    if not scores and outcomes:  # pairwise: does the longer answer win?
        pairs = [
            (OUTCOME[w], float(length))
            for w, length in zip(run.winner, run.answer_length, strict=True)
            if w in OUTCOME
        ]
        length_pairs = len(pairs)
        length_bias = stats.spearman([p[0] for p in pairs], [p[1] for p in pairs])
    latencies = [float(v) for v in run.latency_ms if v is not None]
    notes = []
    if other_scales:
        left_out = sum(other_scales.values())
        notes.append(
            f"{left_out} scored judgment(s) on another scale are counted but not in the mean."
        )
    return Summary(
        scope=run.label,
        count=count,
        readable=readable,
        unreadable=dict(unreadable.most_common()),
        max_score=scale,
        other_scales=other_scales,
        mean=mean,
        median=median,
        sd=sd,
        ci95=stats.bootstrap_mean_ci(scores, resamples=resamples, seed=seed),
        histogram=_histogram(scores, scale),
        criteria={
            name: sum(values) / len(values) for name, values in sorted(criteria_values.items())
        },
        pairwise=pairwise,
        tokens={
            "prompt": sum(v for v in run.prompt_tokens if v is not None),
            "completion": sum(v for v in run.completion_tokens if v is not None),
            "total": sum(v for v in run.total_tokens if v is not None),
        },
        latency_ms={
            "p50": stats.percentile(latencies, 50),
            "p95": stats.percentile(latencies, 95),
        },
        length_bias=length_bias,
        length_pairs=length_pairs,
        scored=len(scores),
        resamples=resamples,
        seed=seed,
        notes=notes,
        swap=swap,
        repeats=repeat_figures(run),
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
