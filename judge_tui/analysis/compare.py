"""Two runs on the same items: is B better than A, or is that noise? (docs/analysis.md §3)

Scores: the mean of B - A over the items both scored, a paired bootstrap interval of it and the
Wilcoxon signed-rank p-value. Pairwise: the change of the tie-adjusted win rate the same way,
and McNemar's exact test on whether answer 1 won. Every item whose reading changed is listed.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from judge_tui.analysis import stats
from judge_tui.analysis.gc_paused import gc_paused
from judge_tui.analysis.pairing import Pairing, pair_runs
from judge_tui.analysis.runs import Run
from judge_tui.analysis.summary import OUTCOME
from judge_tui.judging.scores import reading_of


def reading(run: Run, i: int) -> str:
    """Judgment i's reading in a few words (`4/5`, `Answer 1`, `not readable`), as the verdict
    lab words it."""
    return _words(run.readable[i], run.winner[i], run.score[i], run.max_score[i])


@functools.lru_cache(maxsize=4096)  # few readings, worded for 100,000 changed items
def _words(readable: bool, winner: str | None, score: float | None, max_score: int) -> str:
    return reading_of(
        {"parsed": readable, "winner": winner, "score": score, "max_score": max_score}
    )


class Change(NamedTuple):  # a tuple: a comparison of two large runs makes 100,000 of them
    item: str
    uid_a: str
    uid_b: str
    a: str
    b: str
    delta: float | None  # B - A: score points, or tie-adjusted outcome for pairwise
    max_score: int = 5  # A's scale: what a label given to the item is on

    def as_json(self) -> dict[str, Any]:
        return {
            "item": self.item, "uid_a": self.uid_a, "uid_b": self.uid_b,
            "a": self.a, "b": self.b, "delta": self.delta,
        }  # fmt: skip


@dataclass
class Comparison:
    a: str
    b: str
    pairing: Pairing
    kind: str  # "score" or "pairwise": what was compared
    compared: int = 0  # pairs readable on both sides
    mean_a: float | None = None
    mean_b: float | None = None
    mean_diff: float | None = None
    ci95: stats.Interval | None = None
    wilcoxon_p: float | None = None
    mcnemar_p: float | None = None
    changed: list[Change] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "a": self.a,
            "b": self.b,
            "paired": len(self.pairing.pairs),
            "joined_by": self.pairing.joined_by,
            "unpaired": {"a": self.pairing.unpaired_a, "b": self.pairing.unpaired_b},
            "compared": self.compared,
            "kind": self.kind,
            "mean_a": self.mean_a,
            "mean_b": self.mean_b,
            "mean_diff": self.mean_diff,
            "ci95": None if self.ci95 is None else self.ci95.as_list(),
            "ci_method": None if self.ci95 is None else self.ci95.method,
            "wilcoxon_p": self.wilcoxon_p,
            "mcnemar_p": self.mcnemar_p,
            "changed": [c.as_json() for c in self.changed],
        }


def _paired_figures(
    out: Comparison, xs: list[float], ys: list[float], resamples: int, seed: int
) -> None:
    """The means, the mean difference B - A with its paired bootstrap interval, and the
    Wilcoxon p-value of the differences."""
    diffs = [y - x for x, y in zip(xs, ys, strict=True)]
    out.compared = len(diffs)
    out.mean_a, out.mean_b = sum(xs) / len(xs), sum(ys) / len(ys)
    out.mean_diff = sum(diffs) / len(diffs)
    out.ci95 = stats.bootstrap_mean_ci(diffs, resamples=resamples, seed=seed)
    out.wilcoxon_p = stats.wilcoxon_p(diffs)


@gc_paused
def compare_runs(
    a: Run, b: Run, *, resamples: int = stats.DEFAULT_RESAMPLES, seed: int = stats.DEFAULT_SEED
) -> Comparison:
    pairing = pair_runs(a, b)
    # The columns as locals: 100,000 pairs are read several times over.
    score_a, score_b, scale_a, scale_b = a.score, b.score, a.max_score, b.max_score
    winner_a, winner_b = a.winner, b.winner
    scored = [
        (i, j)
        for i, j in pairing.pairs
        if score_a[i] is not None and score_b[j] is not None and scale_a[i] == scale_b[j]
    ]
    games = [(i, j) for i, j in pairing.pairs if winner_a[i] in OUTCOME and winner_b[j] in OUTCOME]
    kind = "score" if len(scored) >= len(games) else "pairwise"
    out = Comparison(a.label, b.label, pairing, kind)
    if kind == "score" and scored:
        xs = [float(a.score[i]) for i, _ in scored]  # type: ignore[arg-type]
        ys = [float(b.score[j]) for _, j in scored]  # type: ignore[arg-type]
        _paired_figures(out, xs, ys, resamples, seed)
    elif games:
        xs = [OUTCOME[a.winner[i]] for i, _ in games]  # type: ignore[index]
        ys = [OUTCOME[b.winner[j]] for _, j in games]  # type: ignore[index]
        _paired_figures(out, xs, ys, resamples, seed)
        # McNemar on "answer 1 won": the games it won in one run only.
        only_a = sum(1 for i, j in games if a.winner[i] == "1" and b.winner[j] != "1")
        only_b = sum(1 for i, j in games if a.winner[i] != "1" and b.winner[j] == "1")
        out.mcnemar_p = stats.binomial_two_sided_p(only_a, only_a + only_b)
    for i, j in pairing.pairs:
        # Words only for what changed: equal values read alike (4 and 4.0 as `4/5`), and a
        # reading is readable exactly when it has a score or a winner.
        if score_a[i] == score_b[j] and winner_a[i] == winner_b[j] and scale_a[i] == scale_b[j]:
            continue
        before, after = reading(a, i), reading(b, j)
        if before == after:
            continue
        delta: float | None = None
        if kind == "score" and a.score[i] is not None and b.score[j] is not None:
            delta = float(b.score[j]) - float(a.score[i])  # type: ignore[arg-type]
        elif a.winner[i] in OUTCOME and b.winner[j] in OUTCOME:
            delta = OUTCOME[b.winner[j]] - OUTCOME[a.winner[i]]  # type: ignore[index]
        out.changed.append(
            Change(a.item_name(i), a.uid[i], b.uid[j], before, after, delta, a.max_score[i])
        )
    # The largest changes first; unreadable on either side after them.
    out.changed.sort(key=lambda c: (c.delta is None, -abs(c.delta or 0), c.item))
    return out
