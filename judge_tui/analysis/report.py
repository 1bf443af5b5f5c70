"""A report to share with people who will not open a terminal: the statistics of a run (and
its comparison with another), as Markdown or one self-contained HTML file, written atomically."""

from __future__ import annotations

import time
from pathlib import Path

from judge_tui import __version__
from judge_tui.analysis.compare import compare_runs
from judge_tui.analysis.document import Document, compare_document, stats_document
from judge_tui.analysis.render import as_html, as_markdown
from judge_tui.analysis.runs import Run
from judge_tui.analysis.summary import summarize
from judge_tui.store.atomic import write_atomic


def report_documents(runs: list[Run], *, resamples: int, seed: int) -> list[Document]:
    docs = [stats_document(summarize(run, resamples=resamples, seed=seed)) for run in runs]
    if len(runs) == 2:
        docs.append(compare_document(compare_runs(*runs, resamples=resamples, seed=seed)))
    return docs


def report_text(runs: list[Run], fmt: str, *, resamples: int, seed: int) -> str:
    docs = report_documents(runs, resamples=resamples, seed=seed)
    stamp = time.strftime("%Y-%m-%dT%H:%M:%S%z")
    footer = f"Made by judge-tui {__version__} on {stamp}."
    if fmt == "html":
        title = " vs ".join(run.label for run in runs)
        return as_html(docs, f"judge-tui report: {title}", footer)
    return "\n".join(as_markdown(doc) for doc in docs) + f"\n{footer}\n"


def write_report(path: Path, runs: list[Run], fmt: str, *, resamples: int, seed: int) -> Path:
    """Write the report; a crash or a full disk leaves no half-written file."""
    write_atomic(path, report_text(runs, fmt, resamples=resamples, seed=seed).encode("utf-8"))
    return path
