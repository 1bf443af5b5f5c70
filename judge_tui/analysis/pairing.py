"""Which judgment of one run is which of another's: the item join that compare and agreement
stand on (docs/analysis.md §1).

An item is matched by its `custom_id` when both sides have one (a labels file only has those,
matched against the run's custom_id or, failing that, its uid). Judgments without a custom_id
(judged one by one in the app) are matched by identical inputs (question, answers, reference,
template variables); else, for those still unmatched, by the question alone when it appears
exactly once on each side (two models' answers to the same questions). A run's later judgment of
an item replaces its earlier one. (`judge --input` and batch jobs always give a custom_id: the
line's own, else its line number.)
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from judge_tui.analysis.runs import Run


@dataclass
class Pairing:
    pairs: list[tuple[int, int]] = field(default_factory=list)  # (row in a, row in b)
    joined_by: dict[str, int] = field(default_factory=dict)
    unpaired_a: int = 0
    unpaired_b: int = 0


def _latest(keys: Sequence[str | None]) -> dict[str, int]:
    """Each key's last row (built in C: a dict keeps the last value given for a key)."""
    out: dict[str | None, int] = dict(zip(keys, range(len(keys)), strict=True))
    out.pop(None, None)
    out.pop("", None)
    return out  # type: ignore[return-value]  # no None left


def pair_runs(a: Run, b: Run) -> Pairing:
    out = Pairing()
    used_b: set[int] = set()
    matched_a: set[int] = set()
    joined = Counter[str]()

    def take(i: int, j: int | None, how: str) -> None:
        if j is None or j in used_b or i in matched_a:
            return
        used_b.add(j)
        matched_a.add(i)
        out.pairs.append((i, j))
        joined[how] += 1

    if a.is_labels or b.is_labels:
        # A label names its item by custom_id, or by the judgment's uid when it had none.
        labels, other = (a, b) if a.is_labels else (b, a)
        by_id, by_uid = _latest(other.custom_id), _latest(other.uid)
        for key, li in _latest(labels.custom_id).items():
            oi = by_id.get(key, by_uid.get(key))
            if oi is not None:
                take(*((li, oi) if a.is_labels else (oi, li)), "custom_id")
    else:
        by_id_a, by_id_b = _latest(a.custom_id), _latest(b.custom_id)
        # Each key once on each side: no row is taken twice here.
        get_b = by_id_b.get
        out.pairs = [(i, j) for key, i in by_id_a.items() if (j := get_b(key)) is not None]
        joined["custom_id"] += len(out.pairs)
        if len(out.pairs) in (len(a), len(b)):
            return _finished(out, joined, a, b)  # nothing left to join another way
        matched_a.update(i for i, _ in out.pairs)
        used_b.update(j for _, j in out.pairs)
        by_input_b = _latest([None if j in used_b else k for j, k in enumerate(b.input_key)])
        for key, i in _latest(a.input_key).items():
            if i not in matched_a:
                take(i, by_input_b.get(key), "inputs")
        once_a = Counter(a.question_key[i] for i in range(len(a)) if i not in matched_a)
        once_b = Counter(b.question_key[j] for j in range(len(b)) if j not in used_b)
        by_question_b = {
            key: j
            for j, key in enumerate(b.question_key)
            if key is not None and j not in used_b and once_b[key] == 1
        }
        for i, question in enumerate(a.question_key):
            if question is not None and i not in matched_a and once_a[question] == 1:
                take(i, by_question_b.get(question), "question")
    return _finished(out, joined, a, b)


def _finished(out: Pairing, joined: Counter[str], a: Run, b: Run) -> Pairing:
    out.pairs.sort()
    out.joined_by = {how: n for how, n in joined.items() if n}
    out.unpaired_a = len(a) - len(out.pairs)
    out.unpaired_b = len(b) - len(out.pairs)
    return out
