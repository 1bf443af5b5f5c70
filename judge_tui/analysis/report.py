"""A report to share with people who will not open a terminal: the statistics of a run (and
its comparison with another), as Markdown or one self-contained HTML file, written atomically."""

from __future__ import annotations

import time
from pathlib import Path

from judge_tui import __version__
from judge_tui.analysis.compare import compare_runs
from judge_tui.analysis.document import Document, compare_document, stats_document
from judge_tui.analysis.render import as_html, as_markdown
from judge_tui.analysis.runs import load_run
from judge_tui.analysis.scope import Scope
from judge_tui.analysis.summary import summarize_scope
from judge_tui.store.atomic import write_atomic
from judge_tui.store.db import Database


def report_documents(
    db: Database, scopes: list[Scope], *, resamples: int, seed: int
) -> list[Document]:
    """Each scope's statistics (counted in the store where they can be), then, for two, their
    comparison."""
    docs = [
        stats_document(summarize_scope(db, scope, resamples=resamples, seed=seed))
        for scope in scopes
    ]
    if len(scopes) == 2:
        a, b = (load_run(db, scope, criteria=False, figures=False) for scope in scopes)
        docs.append(compare_document(compare_runs(a, b, resamples=resamples, seed=seed)))
    return docs


def report_text(docs: list[Document], fmt: str, title: str) -> str:
    stamp = time.strftime("%Y-%m-%dT%H:%M:%S%z")
    footer = f"Made by judge-tui {__version__} on {stamp}."
    if fmt == "html":
        return as_html(docs, f"judge-tui report: {title}", footer)
    return "\n".join(as_markdown(doc) for doc in docs) + f"\n{footer}\n"


def write_report(path: Path, docs: list[Document], fmt: str, scopes: list[Scope]) -> Path:
    """Write the report; a crash or a full disk leaves no half-written file."""
    title = " vs ".join(scope.label() for scope in scopes)
    write_atomic(path, report_text(docs, fmt, title).encode("utf-8"))
    return path
