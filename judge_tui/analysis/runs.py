"""A scope's judgments as analysis reads them: a `Run`, one list per column.

A 100,000-evaluation session is read in one query with the verdict's few needed fields taken out
by SQLite (one JSON parse per row, in C), into columns: building an object per judgment cost
more than every statistic together. A labels file (`labels:PATH`, a person's scores or winners)
is read into the same shape.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

import orjson

from judge_tui.analysis.gc_paused import gc_paused
from judge_tui.analysis.scope import Filters, Scope
from judge_tui.judging.scores import Score
from judge_tui.store.batch_jobs import get_job
from judge_tui.store.db import Database
from judge_tui.store.figures import catch_up_figures
from judge_tui.store.session_list import session_id_for


@dataclass
class Run:
    """One scope's judgments, column by column; row i of every list is the same judgment."""

    label: str
    uid: list[str] = field(default_factory=list)
    custom_id: list[str | None] = field(default_factory=list)
    # What a judgment without a custom_id joins on (analysis/pairing.py): identical inputs, or
    # the question alone; None where the custom_id names the item.
    input_key: list[str | None] = field(default_factory=list)
    question_key: list[str | None] = field(default_factory=list)
    mode: list[str] = field(default_factory=list)
    model: list[str] = field(default_factory=list)  # the judge model
    status: list[str] = field(default_factory=list)
    readable: list[bool] = field(default_factory=list)
    reason: list[str | None] = field(default_factory=list)
    score: list[Score | None] = field(default_factory=list)
    max_score: list[int] = field(default_factory=list)
    winner: list[str | None] = field(default_factory=list)  # "1", "2", "tie"
    answer1_score: list[Score | None] = field(default_factory=list)
    answer2_score: list[Score | None] = field(default_factory=list)
    criteria_json: list[str | None] = field(default_factory=list)
    prompt_tokens: list[int | None] = field(default_factory=list)
    completion_tokens: list[int | None] = field(default_factory=list)
    total_tokens: list[int | None] = field(default_factory=list)
    latency_ms: list[int | None] = field(default_factory=list)
    answer_length: list[int] = field(default_factory=list)  # single: its length; pairwise: 1 - 2
    created_at: list[float] = field(default_factory=list)
    note: list[str] = field(default_factory=list)
    is_labels: bool = False

    def __len__(self) -> int:
        return len(self.uid)

    def item_name(self, i: int) -> str:
        return self.custom_id[i] or self.uid[i]

    def subset(self, rows: list[int], label: str) -> Run:
        """These rows only, as a run of their own."""
        out = Run(label, is_labels=self.is_labels)
        for f in fields(self):
            column = getattr(self, f.name)
            if isinstance(column, list):
                setattr(out, f.name, [column[i] for i in rows])
        return out


def split_by_judge(run: Run) -> list[Run]:
    """One run per judge model of a run judged by several (`judge --judges`), each game's
    custom_id without its `@MODEL`, so the judges' games of an item pair up."""
    from judge_tui.judging.plans import GameKey, game_of

    # A judge is its game's label (`@profile:NAME` is another service, perhaps with the same
    # model name), else the model that answered.
    by_model: dict[str, list[int]] = {}
    for i, model in enumerate(run.model):
        cid = run.custom_id[i]
        label = (game_of(cid).judge if cid is not None else None) or model
        by_model.setdefault(label, []).append(i)
    runs = []
    for model, rows in sorted(by_model.items()):  # the same raters' order whatever came first
        part = run.subset(rows, f"{run.label} judged by {model}")
        for n, cid in enumerate(part.custom_id):
            if cid is not None:
                key = game_of(cid)
                part.custom_id[n] = GameKey(key.item, None, key.swapped, key.repeat).custom_id
        runs.append(part)
    return runs


# A run's columns as the narrow table the store keeps for analysis holds them (schema 7): a
# 100,000-judgment scope is read without its wide rows. What every reader needs comes first;
# the figures after it (with what stands in for them when left out) only statistics read, and a
# column costs about a tenth of a load.
_READINGS = {
    "uid": "f.uid", "custom_id": "f.custom_id", "input_key": "f.input_key",
    "question_key": "f.question_key", "mode": "f.mode", "model": "f.model", "score": "f.score",
    "max_score": "f.max_score", "winner": "f.winner",
}  # fmt: skip
_FIGURES: dict[str, tuple[str, object]] = {
    "status": ("f.status", ""),
    "reason": ("f.reason", None),
    "answer1_score": ("f.answer1_score", None),
    "answer2_score": ("f.answer2_score", None),
    "prompt_tokens": ("f.prompt_tokens", None),
    "completion_tokens": ("f.completion_tokens", None),
    "total_tokens": ("f.total_tokens", None),
    "latency_ms": ("f.latency_ms", None),
    "answer_length": ("coalesce(f.answer_length, 0)", 0),
    "created_at": ("f.created_at", 0.0),
}


def scope_where(db: Database, scope: Scope) -> tuple[str, list[Any]]:
    """The WHERE clause (over `evaluation_figures f`) of a store scope's current judgments."""
    clauses = ["f.superseded = 0"]
    params: list[Any] = []
    if scope.kind == "session":
        clauses.append("f.session_id = ?")
        params.append(session_id_for(db.conn, scope.value, create=False))
    elif scope.kind == "job":
        clauses.append("f.batch_job_id = ?")
        params.append(get_job(db, scope.value).id)
    f: Filters = scope.filters
    for column, value in (
        ("f.model", f.model),
        ("f.mode", f.mode),
        ("f.template_name", f.template),
        ("f.verdict_format", f.verdict_format),
    ):
        if value is not None:
            clauses.append(f"{column} = ?")
            params.append(value)
    if f.since is not None:
        clauses.append("f.created_at >= ?")
        params.append(f.since)
    if f.until is not None:
        clauses.append("f.created_at < ?")
        params.append(f.until)
    if f.readable is not None:
        clauses.append("(f.score IS NOT NULL OR f.winner IS NOT NULL) = ?")
        params.append(1 if f.readable else 0)
    return " AND ".join(clauses), params


@gc_paused
def load_run(
    db: Database, scope: Scope, *, criteria: bool = True, figures: bool | tuple[str, ...] = True
) -> Run:
    """The scope's current judgments (a judgment tried again counts once), oldest first.
    `criteria=False` leaves each judgment's criteria out; `figures=False` its status, reason,
    answer scores, tokens, latency, length and time too (left empty, zero or None): what a
    comparison and an agreement do not read. `figures` may also name the ones to read."""
    if scope.kind == "labels":
        from judge_tui.analysis.labels import load_labels

        return load_labels(Path(scope.value), scope.label())
    catch_up_figures(db)  # batch results a collect stored without counting (store/figures.py)
    where, params = scope_where(db, scope)
    table = "evaluation_figures f"
    if scope.kind == "session":  # its rows in the order they were written (schema 7)
        table += " INDEXED BY evaluation_figures_scope"
    wanted = {
        name: column
        for name, column in _FIGURES.items()
        if figures is True or (figures is not False and name in figures)
    }
    names = [*_READINGS, *wanted]
    columns = [*_READINGS.values(), *(sql for sql, _ in wanted.values())]
    cursor = db.conn.cursor()
    cursor.row_factory = None  # plain tuples: sqlite3.Row costs a third of the load
    rows = cursor.execute(
        f"SELECT {', '.join(columns)}, f.evaluation_id FROM {table} WHERE {where} "
        "ORDER BY f.evaluation_id",
        params,
    ).fetchall()
    run = Run(scope.label())
    if not rows:
        return run
    *values, ids = (list(column) for column in zip(*rows, strict=True))
    for name, column in zip(names, values, strict=True):
        setattr(run, name, column)
    for name, (_, stand_in) in _FIGURES.items():
        if name not in wanted:
            setattr(run, name, [stand_in] * len(rows))
    # A stored verdict is readable exactly when it has a score or a winner (judging/verdict.py
    # keeps that rule), so the columns say it without the verdict's JSON.
    run.readable = [
        score is not None or winner is not None
        for score, winner in zip(run.score, run.winner, strict=True)
    ]
    run.criteria_json = [None] * len(rows)
    if criteria:
        row_of = {evaluation_id: i for i, evaluation_id in enumerate(ids)}
        for evaluation_id, text in cursor.execute(
            "SELECT c.evaluation_id, json_group_array(json_object('name', c.name, 'answer', "
            f"c.answer, 'score', c.score)) FROM {table} JOIN evaluation_criteria c "
            f"ON c.evaluation_id = f.evaluation_id WHERE {where} GROUP BY c.evaluation_id",
            params,
        ):
            run.criteria_json[row_of[evaluation_id]] = text
    run.note = [""] * len(rows)
    return run


def criteria_of(run: Run, i: int) -> list[tuple[str, Score]]:
    """Judgment i's criteria with a number, named `Accuracy` (single) or `Accuracy · answer 1`
    (pairwise)."""
    text = run.criteria_json[i]
    if text is None:
        return []
    out: list[tuple[str, Score]] = []
    for c in orjson.loads(text):
        value = c.get("score")
        if isinstance(value, bool) or not isinstance(value, int | float):
            continue
        name = str(c.get("name") or "")
        out.append((f"{name} · answer {c['answer']}" if c.get("answer") else name, value))
    return out
