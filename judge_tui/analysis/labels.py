"""A person's labels (`labels:PATH`): read into a `Run` to set against a judge's, and written
from the Analysis screen one item at a time. CSV or JSONL, the format of docs/analysis.md §6."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson

from judge_tui.analysis.runs import Run
from judge_tui.analysis.scope import ScopeError
from judge_tui.batch.dataset import Problem, dataset_rows, is_csv
from judge_tui.problems import os_error_sentence
from judge_tui.store.atomic import write_atomic
from judge_tui.textsafe import spreadsheet_cell

MAX_LABELS_BYTES = 64 * 1024 * 1024
WINNERS = {"1": "1", "2": "2", "tie": "tie", "a": "1", "b": "2", "answer 1": "1", "answer 2": "2"}


def _label_rows(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    try:
        size = path.stat().st_size
        if path.is_dir():
            raise ScopeError(f"labels file {path} is a directory; give a CSV or JSONL file.")
        if size > MAX_LABELS_BYTES:
            raise ScopeError(
                f"labels file {path} is {size // 1_048_576} MB, over the "
                f"{MAX_LABELS_BYTES // 1_048_576} MB a labels file may have; split it."
            )
        raw = path.read_bytes()
    except OSError as exc:
        raise ScopeError(f"Cannot read the labels file: {os_error_sentence(exc)}.") from None
    problems: list[Problem] = []
    rows = list(dataset_rows(raw, path, problems))  # CSV for a .csv file, else JSONL
    if problems:
        first = problems[0]
        raise ScopeError(
            f"labels file {path} line {first.line} {first.message}; each line names custom_id "
            "and a score or a winner."
        )
    if is_csv(path) and (not rows or "custom_id" not in rows[0][1]):
        raise ScopeError(
            f"labels file {path} has no custom_id column; the first line names the columns "
            "custom_id and score or winner (and note if you like)."
        )
    yield from rows


def _label_score(value: Any, where: str) -> float | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise ScopeError(f"{where}: the score {value!r} is not a number.")
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ScopeError(f"{where}: the score {str(value)[:40]!r} is not a number.") from None
    if not number == number or number in (float("inf"), float("-inf")):  # NaN, infinities
        raise ScopeError(f"{where}: the score {value!r} is not a finite number.")
    return number


def load_labels(path: Path, label: str) -> Run:
    """A person's labels: lines with `custom_id` and `score` or `winner` (1, 2, tie; A, B), an
    optional `note` and `max_score`. A bad line stops the load with its line number: a labels
    file judged half-read would give a kappa against half the labels."""
    run = Run(label, is_labels=True)
    seen: set[str] = set()
    for number, row in _label_rows(path):
        where = f"labels file {path} line {number}"
        custom_id = str(row.get("custom_id") or "").strip()
        if not custom_id:
            raise ScopeError(f"{where} has no custom_id; every label names its item.")
        if custom_id in seen:
            raise ScopeError(f"{where} labels {custom_id!r} a second time; keep one label each.")
        seen.add(custom_id)
        score = _label_score(row.get("score"), where)
        raw_winner = str(row.get("winner") or "").strip().lower()
        winner = WINNERS.get(raw_winner) if raw_winner else None
        if raw_winner and winner is None:
            raise ScopeError(f"{where}: the winner {raw_winner[:20]!r} is not 1, 2 or tie.")
        if score is None and winner is None:
            raise ScopeError(f"{where} has neither a score nor a winner.")
        max_score = int(_label_score(row.get("max_score"), where) or 5)
        run.uid.append(custom_id)
        run.custom_id.append(custom_id)
        run.input_key.append(None)  # a label names its item by custom_id only
        run.question_key.append(None)
        run.mode.append("pairwise" if winner is not None else "single")
        run.model.append("a person")
        run.status.append("ok")
        run.readable.append(True)
        run.reason.append(None)
        run.score.append(score)
        run.max_score.append(max_score)
        run.winner.append(winner)
        run.answer1_score.append(None)
        run.answer2_score.append(None)
        run.criteria_json.append(None)
        run.prompt_tokens.append(None)
        run.completion_tokens.append(None)
        run.total_tokens.append(None)
        run.latency_ms.append(None)
        run.answer_length.append(0)
        run.created_at.append(0.0)
        run.note.append(str(row.get("note") or ""))
    if not run.uid:
        raise ScopeError(f"labels file {path} has no labels in it.")
    return run


def parse_label(text: str) -> tuple[float | None, str | None, str]:
    """A label typed in the app: a score or a winner (1, 2, tie), then an optional note
    (`4 the reference agrees`, `tie both wrong`). Raises ScopeError with what to type."""
    value, _, note = text.strip().partition(" ")
    winner = WINNERS.get(value.lower()) if value.lower() in ("tie", "a", "b") else None
    if winner is not None:
        return None, winner, note.strip()
    score = _label_score(value, "The label") if value else None
    if score is None:
        raise ScopeError("Type a score (4) or a winner (1, 2, tie), then a note if you like.")
    return score, None, note.strip()


def add_label(path: Path, custom_id: str, text: str, *, max_score: int = 5) -> int:
    """Set one item's label in the labels file at `path` (made if missing), keeping every
    other line; the file is rewritten whole or not at all. Returns how many labels it holds."""
    score, winner, note = parse_label(text)
    if score is not None and not 0 <= score <= max_score:
        raise ScopeError(f"The score {score:g} is off the scale 1..{max_score}.")
    rows: dict[str, dict[str, Any]] = {}
    if path.exists():
        existing = load_labels(path, str(path))
        for i, cid in enumerate(existing.uid):
            rows[cid] = {
                "custom_id": cid, "score": existing.score[i], "winner": existing.winner[i],
                "note": existing.note[i], "max_score": existing.max_score[i],
            }  # fmt: skip
    rows[custom_id] = {
        "custom_id": custom_id, "score": score, "winner": winner, "note": note,
        "max_score": max_score,
    }  # fmt: skip
    if not is_csv(path):
        data = b"".join(
            orjson.dumps({k: v for k, v in row.items() if v not in (None, "")}) + b"\n"
            for row in rows.values()
        )
    else:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(["custom_id", "score", "winner", "note", "max_score"])
        for row in rows.values():
            written = "" if row["score"] is None else f"{row['score']:g}"
            # A note opened in a spreadsheet must not run as a formula.
            cell = spreadsheet_cell(row["note"])
            writer.writerow(
                [row["custom_id"], written, row["winner"] or "", cell, row["max_score"]]
            )
        data = out.getvalue().encode("utf-8")
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, data)
    return len(rows)
