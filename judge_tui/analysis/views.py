"""What the Analysis screen asks of the store, each in one call its workers make: the scopes to
choose from, a view's result, and a fingerprint that changes when evaluations are added or
re-read (the screen recomputes when it does, so it follows a bulk run or a collect live)."""

from __future__ import annotations

from dataclasses import dataclass

from judge_tui.analysis.agree import Agreement, agreement
from judge_tui.analysis.compare import Comparison, compare_runs
from judge_tui.analysis.document import (
    Document,
    agree_document,
    compare_document,
    stats_document,
)
from judge_tui.analysis.runs import Run, load_run, split_by_judge
from judge_tui.analysis.scope import Scope, ScopeError
from judge_tui.analysis.summary import MatrixRow, Summary, criteria_matrix, summarize_scope
from judge_tui.store.batch_jobs import list_jobs
from judge_tui.store.db import Database
from judge_tui.store.session_list import list_sessions


@dataclass(frozen=True)
class ScopeChoice:
    label: str
    spec: str  # what parse_scope reads


def scope_choices(db: Database) -> list[ScopeChoice]:
    """Every session (most recent first), every batch job, and the whole store."""
    choices = [
        ScopeChoice(f"{s.name} ({s.evaluations})", f"session:{s.name}") for s in list_sessions(db)
    ]
    choices += [ScopeChoice(f"job {j.name} (#{j.id})", f"job:{j.id}") for j in list_jobs(db)]
    choices.append(ScopeChoice("every session", "all"))
    return choices


def store_fingerprint(db: Database) -> tuple[int, int, float]:
    """What changes when an evaluation is added, removed or read again: looked at every few
    seconds, so from indexes only (a scan of a 1.5 GB store took 2.5 s)."""
    count, last = db.conn.execute(
        "SELECT count(*), coalesce(max(id), 0) FROM evaluations"
    ).fetchone()
    reread = db.conn.execute(
        "SELECT coalesce(max(verdict_at), 0) FROM evaluations WHERE verdict_at IS NOT NULL"
    ).fetchone()[0]
    return int(count), int(last), float(reread)


@dataclass
class StatsView:
    document: Document
    summary: Summary
    run: Run | None  # None until the criteria matrix is loaded (it follows the figures)
    criteria: list[str]
    matrix: list[MatrixRow]


@dataclass
class CompareView:
    document: Document
    comparison: Comparison


@dataclass
class AgreeView:
    document: Document
    agreement: Agreement


def figures_view(db: Database, scope: Scope) -> StatsView:
    """The statistics alone: counted in the store, shown at once (a 100,000-judgment session in
    about 7 ms); the criteria matrix follows (`stats_view`)."""
    summary = summarize_scope(db, scope)
    return StatsView(stats_document(summary), summary, None, [], [])


def stats_view(db: Database, scope: Scope, summary: Summary | None = None) -> StatsView:
    """The statistics and the items x criteria matrix, which reads each judgment's criteria
    (seconds at 100,000 judgments)."""
    run = load_run(db, scope)
    summary = summary or summarize_scope(db, scope, loaded=run)
    names, rows = criteria_matrix(run)
    return StatsView(stats_document(summary), summary, run, names, rows)


def compare_view(db: Database, a: Scope, b: Scope) -> CompareView:
    # Only the readings: a comparison reads no criteria and no figures (as `judge-tui compare`).
    result = compare_runs(
        load_run(db, a, criteria=False, figures=False),
        load_run(db, b, criteria=False, figures=False),
    )
    return CompareView(compare_document(result), result)


def agree_view(db: Database, raters: list[Scope], *, by_judge: bool = False) -> AgreeView:
    """Agreement of the scopes; `by_judge`: of the judge models in the first scope (a run of
    `judge --judges`), each a rater."""
    runs = [load_run(db, scope, criteria=False, figures=False) for scope in raters]
    if by_judge:
        runs = split_by_judge(runs[0])
        if len(runs) < 2:
            raise ScopeError(
                f"{raters[0].label()} was judged by one model; by judge needs a run of several."
            )
    result = agreement(runs)
    return AgreeView(agree_document(result), result)
