"""Do two judges (two runs, or a judge and a person) agree? (docs/analysis.md §4)

The first two raters are compared item by item: exact and within-one agreement, Cohen's kappa
with quadratic weights, Spearman's rho, the confusion matrix and the list of disagreements.
Krippendorff's alpha (ordinal) takes every rater given, missing ratings allowed. A rating is
the score when the paired items are scored, else the winner on the ordered scale answer 1 better,
tie, answer 2 better.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from judge_tui.analysis import stats
from judge_tui.analysis.compare import reading
from judge_tui.analysis.gc_paused import gc_paused
from judge_tui.analysis.pairing import Pairing, pair_runs
from judge_tui.analysis.runs import Run
from judge_tui.judging.scores import fmt_score

WINNER_SCALE = {"1": 0.0, "tie": 1.0, "2": 2.0}
WINNER_NAMES = {0.0: "Answer 1", 1.0: "tie", 2.0: "Answer 2"}


@dataclass(frozen=True)
class Disagreement:
    item: str
    uid_a: str
    uid_b: str
    a: str
    b: str
    note: str  # a person's note from a labels file
    max_score: int = 5  # the first rater's scale: what a label given to the item is on

    def as_json(self) -> dict[str, Any]:
        return {
            "item": self.item, "uid_a": self.uid_a, "uid_b": self.uid_b,
            "a": self.a, "b": self.b, "note": self.note,
        }  # fmt: skip


@dataclass
class Agreement:
    raters: list[str]
    pairing: Pairing
    kind: str = "score"
    paired: int = 0  # items both first raters read
    exact: float | None = None
    within_one: float | None = None
    kappa_quadratic: float | None = None
    spearman: float | None = None
    alpha_ordinal: float | None = None
    alpha_items: int = 0
    categories: list[str] = field(default_factory=list)
    confusion: dict[str, dict[str, int]] = field(default_factory=dict)
    disagreements: list[Disagreement] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "raters": self.raters,
            "paired": self.paired,
            "joined_by": self.pairing.joined_by,
            "kind": self.kind,
            "exact": self.exact,
            "within_one": self.within_one,
            "kappa_quadratic": self.kappa_quadratic,
            "spearman": self.spearman,
            "alpha_ordinal": self.alpha_ordinal,
            "alpha_items": self.alpha_items,
            "confusion": self.confusion,
            "disagreements": [d.as_json() for d in self.disagreements],
        }


def _rating(run: Run, i: int, kind: str) -> float | None:
    if kind == "score":
        value = run.score[i]
        return None if value is None else float(value)
    winner = run.winner[i]
    return None if winner is None else WINNER_SCALE.get(winner)


def _name(value: float, kind: str) -> str:
    return fmt_score(value) if kind == "score" else WINNER_NAMES[value]


@gc_paused
def agreement(runs: list[Run]) -> Agreement:
    first, second = runs[0], runs[1]
    pairing = pair_runs(first, second)
    scored = sum(
        1 for i, j in pairing.pairs if first.score[i] is not None and second.score[j] is not None
    )
    games = sum(
        1 for i, j in pairing.pairs if first.winner[i] is not None and second.winner[j] is not None
    )
    kind = "score" if scored >= games else "winner"
    out = Agreement([r.label for r in runs], pairing, kind)
    rated: list[tuple[int, int, float, float]] = []
    for i, j in pairing.pairs:
        x, y = _rating(first, i, kind), _rating(second, j, kind)
        if x is not None and y is not None:
            rated.append((i, j, x, y))
    out.paired = len(rated)
    if kind == "score":
        tops = [first.max_score[i] for i, *_ in rated] + [second.max_score[j] for _, j, *_ in rated]
        given = {r[2] for r in rated} | {r[3] for r in rated}
        scale = sorted({float(v) for v in range(1, max(tops or [5]) + 1)} | given)
    else:
        scale = sorted(WINNER_NAMES)
    out.categories = [_name(v, kind) for v in scale]
    if rated:
        xs = [r[2] for r in rated]
        ys = [r[3] for r in rated]
        out.exact = sum(1 for x, y in zip(xs, ys, strict=True) if x == y) / len(rated)
        out.within_one = sum(1 for x, y in zip(xs, ys, strict=True) if abs(x - y) <= 1) / len(rated)
        out.kappa_quadratic = stats.quadratic_kappa(xs, ys, scale)
        out.spearman = stats.spearman(xs, ys)
        confusion = {_name(v, kind): {_name(w, kind): 0 for w in scale} for v in scale}
        for x, y in zip(xs, ys, strict=True):
            confusion[_name(x, kind)][_name(y, kind)] += 1
        out.confusion = confusion
    for i, j, x, y in rated:
        if x != y:
            note = second.note[j] if second.is_labels else first.note[i] if first.is_labels else ""
            out.disagreements.append(
                Disagreement(
                    first.item_name(i),
                    first.uid[i],
                    second.uid[j],
                    reading(first, i),
                    reading(second, j),
                    note,
                    first.max_score[i],
                )
            )
    out.disagreements.sort(key=lambda d: d.item)
    # Alpha over every rater: each further run joined to the first one's items.
    columns: list[dict[int, float | None]] = [
        {i: _rating(first, i, kind) for i in range(len(first))}
    ]
    for other in runs[1:]:
        joined = pair_runs(first, other)
        columns.append({i: _rating(other, j, kind) for i, j in joined.pairs})
    units = [[column.get(i) for column in columns] for i in range(len(first))]
    units = [u for u in units if sum(v is not None for v in u) >= 2]
    out.alpha_items = len(units)
    out.alpha_ordinal = stats.krippendorff_alpha_ordinal(units)
    return out
