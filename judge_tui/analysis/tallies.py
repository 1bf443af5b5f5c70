"""What the statistics of a scope are computed from: counts, not rows.

`summarize` (analysis/summary.py) reads a scope's `Tallies`: how many judgments, how many of each
(scale, score, answer length), each (winner, answer length), each latency, each unreadable
reason, and the criteria's sums. They come from a loaded `Run` (a labels file) or straight
from the store, without a row of the scope ever reaching Python: a whole session, batch job or
store from its figures already summed (schema 8, store/rollups.py), a few thousand groups for
100,000 judgments; a filtered scope counted by SQLite over the narrow figure tables (schema 7).
docs/analysis.md §9 has the figures.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from judge_tui.analysis.runs import Run, criteria_of, scope_where
from judge_tui.analysis.scope import Scope
from judge_tui.judging.scores import Score
from judge_tui.store.db import Database
from judge_tui.store.figures import catch_up_figures

TOKEN_KINDS = ("prompt", "completion", "total")


@dataclass
class Tallies:
    count: int = 0
    readable: int = 0
    unreadable: Counter[str] = field(default_factory=Counter)  # reason -> judgments
    scored: Counter[tuple[int, Score, float]] = field(default_factory=Counter)  # scale, score, len
    winners: Counter[tuple[str, float]] = field(default_factory=Counter)  # winner, length
    criteria: dict[tuple[int, str], tuple[float, int]] = field(default_factory=dict)  # sum, n
    tokens: dict[str, int] = field(default_factory=lambda: dict.fromkeys(TOKEN_KINDS, 0))
    latency: Counter[float] = field(default_factory=Counter)
    plan_games: int = 0  # a plan's swapped or repeated games among them (judging/plans.py)

    def add_criterion(self, scale: int, name: str, total: float, n: int) -> None:
        before, seen = self.criteria.get((scale, name), (0.0, 0))
        self.criteria[(scale, name)] = (before + total, seen + n)


def tallies_of_run(run: Run) -> Tallies:
    out = Tallies(count=len(run), readable=sum(run.readable))
    out.unreadable.update(
        reason or "not readable"
        for ok, reason in zip(run.readable, run.reason, strict=True)
        if not ok
    )
    for i, score in enumerate(run.score):
        if score is not None:
            out.scored[(run.max_score[i], score, float(run.answer_length[i]))] += 1
        if run.winner[i] is not None:
            out.winners[(str(run.winner[i]), float(run.answer_length[i]))] += 1
        if run.criteria_json[i] is not None:
            for name, value in criteria_of(run, i):
                out.add_criterion(run.max_score[i], name, float(value), 1)
    for kind, column in zip(
        TOKEN_KINDS, (run.prompt_tokens, run.completion_tokens, run.total_tokens), strict=True
    ):
        out.tokens[kind] = sum(v for v in column if v is not None)
    out.latency.update(float(v) for v in run.latency_ms if v is not None)
    return out


def tallies_in_store(db: Database, scope: Scope) -> Tallies:
    """The scope's tallies counted by SQLite. A plan's swapped or repeated games are counted
    as games; what they say together needs them one by one (analysis/plan_figures.py)."""
    catch_up_figures(db)  # batch results a collect stored without counting (store/figures.py)
    where, params = scope_where(db, scope)
    if scope.filters.is_empty and scope.kind in _ROLLED_UP:
        # A whole session, job or store: its groups are already summed (store/rollups.py).
        return _tallies_of(db, _ROLLED_UP[scope.kind], params, rolled_up=True)
    return _tallies_of(db, where, params, rolled_up=False)


# The rollups' WHERE for an unfiltered scope; its one parameter (if any) is scope_where's.
_ROLLED_UP = {"session": "session_id = ?", "job": "job = ?", "all": "1"}


def _tallies_of(db: Database, where: str, params: list[Any], *, rolled_up: bool) -> Tallies:
    """Counted from the rollups (`where` over their scope columns) or from the narrow figure
    tables (`where` over `evaluation_figures f`, scope_where's)."""
    out = Tallies()
    counts = _counts_rolled_up if rolled_up else _counts
    rows = db.conn.execute(*counts(where, params))
    for scale, score, winner, stored_length, reason, n, prompt, completion, total, plan in rows:
        out.plan_games += int(plan)
        length = stored_length or 0
        out.count += n
        if score is not None:
            out.scored[(int(scale), _number(score), float(length))] += n
        if winner is not None:
            out.winners[(str(winner), float(length))] += n
        if score is None and winner is None:
            out.unreadable[reason or "not readable"] += n
        else:
            out.readable += n
        for kind, value in zip(TOKEN_KINDS, (prompt, completion, total), strict=True):
            out.tokens[kind] += int(value or 0)
    latency = _latency_rolled_up if rolled_up else _latency
    for value, n in db.conn.execute(*latency(where, params)):
        out.latency[float(value)] += n
    criteria = _criteria_rolled_up if rolled_up else _criteria
    for scale, name, answer, total, n in db.conn.execute(*criteria(where, params)):
        shown = f"{name} · answer {answer}" if answer else str(name)
        out.add_criterion(int(scale), shown, float(total), int(n))
    return out


Query = tuple[str, list[Any]]

# Each query below gives its rows in the shape _tallies_of reads: a missing score or winner as
# NULL, whichever table it counts.


def _counts(where: str, params: list[Any]) -> Query:
    return (
        "SELECT f.max_score, f.score, f.winner, f.answer_length, f.reason, "
        "count(*), sum(f.prompt_tokens), sum(f.completion_tokens), sum(f.total_tokens), "
        f"sum(f.plan_game) FROM evaluation_figures f WHERE {where} GROUP BY 1, 2, 3, 4, 5",
        params,
    )


def _counts_rolled_up(where: str, params: list[Any]) -> Query:
    # A session's groups may be split between its batch jobs (the key's `job`): summed again.
    return (
        "SELECT max_score, CASE WHEN scored THEN score END, nullif(winner, ''), answer_length, "
        "reason, sum(n), sum(prompt), sum(completion), sum(total), sum(n * plan_game) "
        f"FROM figure_counts WHERE {where} GROUP BY max_score, scored, score, winner, "
        "answer_length, reason",
        params,
    )


def _latency(where: str, params: list[Any]) -> Query:
    return (
        f"SELECT f.latency_ms, count(*) FROM evaluation_figures f WHERE {where} "
        "AND f.latency_ms IS NOT NULL GROUP BY 1",
        params,
    )


def _latency_rolled_up(where: str, params: list[Any]) -> Query:
    return (
        f"SELECT latency_ms, sum(n) FROM latency_counts WHERE {where} GROUP BY 1",
        params,
    )


def _criteria(where: str, params: list[Any]) -> Query:
    return (
        "SELECT c.max_score, c.name, c.answer, sum(c.score), count(*) FROM evaluation_figures f "
        f"JOIN evaluation_criteria c ON c.evaluation_id = f.evaluation_id WHERE {where} "
        "GROUP BY 1, 2, 3",
        params,
    )


def _criteria_rolled_up(where: str, params: list[Any]) -> Query:
    return (
        "SELECT max_score, name, answer, sum(total), sum(n) FROM criteria_sums "
        f"WHERE {where} GROUP BY 1, 2, 3",
        params,
    )


def _number(value: float) -> Score:
    """A stored score as the reader gave it: 4, not 4.0, when it is whole."""
    return int(value) if float(value).is_integer() else float(value)
