"""What the statistics of a scope are computed from: counts, not rows.

`summarize` (analysis/summary.py) reads a scope's `Tallies`: how many judgments, how many of each
(scale, score, answer length), each (winner, answer length), each latency, each unreadable
reason, and the criteria's sums. They come from a loaded `Run` (a labels file, or a run whose
plan games must be read one by one) or straight from the store, counted by SQLite over the
narrow figure tables (schema V7), without a row of the scope ever reaching Python: a
100,000-judgment session is a few thousand groups (docs/analysis.md §9).
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


def tallies_in_store(db: Database, scope: Scope) -> Tallies | None:
    """The scope's tallies counted by SQLite; None when it holds a plan's swapped or repeated
    games (summarize those from `load_run`)."""
    catch_up_figures(db)  # batch results a collect stored without counting (store/figures.py)
    where, params = scope_where(db, scope)
    # A session's counts come from one covering index, in its order (schema 7).
    table = "evaluation_figures f"
    if scope.kind == "session":
        table += " INDEXED BY evaluation_figures_counts"
    rows = db.conn.execute(
        "SELECT f.max_score, f.score, f.winner, f.answer_length, f.reason, "
        "count(*), sum(f.prompt_tokens), sum(f.completion_tokens), sum(f.total_tokens), "
        f"max(f.plan_game) FROM {table} WHERE {where} GROUP BY 1, 2, 3, 4, 5",
        params,
    ).fetchall()
    out = Tallies()
    for scale, score, winner, stored_length, reason, n, prompt, completion, total, plan in rows:
        if plan:
            return None
        length = stored_length or 0  # grouped by the column itself: the index's own order
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
    latency_table = "evaluation_figures f"
    if scope.kind == "session":
        latency_table += " INDEXED BY evaluation_figures_latency"
    for latency, n in db.conn.execute(
        f"SELECT f.latency_ms, count(*) FROM {latency_table} WHERE {where} "
        "AND f.latency_ms IS NOT NULL GROUP BY 1",
        params,
    ):
        out.latency[float(latency)] += n
    for scale, name, answer, total, n in db.conn.execute(*_criteria_query(scope, where, params)):
        shown = f"{name} · answer {answer}" if answer else str(name)
        out.add_criterion(int(scale), shown, float(total), int(n))
    return out


def _criteria_query(scope: Scope, where: str, params: list[Any]) -> tuple[str, list[Any]]:
    """The criteria sums per (scale, name, answer): a session with no filter is read from the
    criteria's own covering index (its one parameter is the session's id); any other scope
    through its evaluations' figures."""
    if scope.kind == "session" and scope.filters.is_empty:
        return (
            "SELECT c.max_score, c.name, c.answer, sum(c.score), count(*) "
            "FROM evaluation_criteria c WHERE c.session_id = ? AND c.superseded = 0 "
            "GROUP BY 1, 2, 3",
            params,
        )
    return (
        "SELECT c.max_score, c.name, c.answer, sum(c.score), count(*) FROM evaluation_figures f "
        f"JOIN evaluation_criteria c ON c.evaluation_id = f.evaluation_id WHERE {where} "
        "GROUP BY 1, 2, 3",
        params,
    )


def _number(value: float) -> Score:
    """A stored score as the reader gave it: 4, not 4.0, when it is whole."""
    return int(value) if float(value).is_integer() else float(value)
