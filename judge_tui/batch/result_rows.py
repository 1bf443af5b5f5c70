"""Result lines to evaluations rows: the CPU-bound half of a collect, on every core.

Reading a verdict is pure Python and costs more than storing it, so a large result file is
cut into pieces at line boundaries and each piece is read by a worker process (in_order.py).
The collecting process takes the pieces back in file order and only stores them.
"""

from __future__ import annotations

import functools
import json
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from judge_tui.api.usage import said_usage
from judge_tui.in_order import in_order
from judge_tui.judging.modes import reading_mode
from judge_tui.judging.status import JudgeStatus, service_failure, status_for
from judge_tui.judging.verdict import verdict_data
from judge_tui.store.batch_jobs import JobRecord
from judge_tui.store.evaluation_row import EvaluationRow, dump_json, row_of, stored_response

PIECE_BYTES = 1024 * 1024  # a thousand results or so: little to hold while it waits
# Below this a file is read here: starting the processes would cost more than they save.
PARALLEL_MIN_BYTES = 16 * 1024 * 1024


@dataclass(frozen=True)
class Piece:
    """What a worker needs to turn one byte range of a result file into rows."""

    job: JobRecord
    session_id: int
    items_path: str
    results_path: str
    start: int
    end: int


def cut(path: Path, piece_bytes: int = PIECE_BYTES) -> list[tuple[int, int]]:
    """Byte ranges of `path` that together hold every line once, each starting at a line."""
    size = path.stat().st_size
    ranges: list[tuple[int, int]] = []
    start = 0
    with path.open("rb") as source:
        while start < size:
            source.seek(min(size, start + piece_bytes))
            source.readline()  # on to the start of the next line
            end = min(size, source.tell())
            ranges.append((start, end))
            start = end
    return ranges


@functools.lru_cache(maxsize=2)
def item_offsets(path: str) -> dict[str, int]:
    """custom_id -> byte offset of its line in an items file. `build.item_line` writes custom_id
    first, so only that string is decoded: a whole JSON parse per line would double the cost.
    Kept per process for the pieces of the same chunk that follow."""
    index: dict[str, int] = {}
    offset = 0
    with open(path, "rb") as source:
        for raw in source:
            start = raw.find(b'"custom_id":') + 12
            end = raw.find(b'","', start)
            index[json.loads(raw[start : end + 1])] = offset
            offset += len(raw)
    return index


def result_lines(path: Path, start: int = 0, end: int | None = None) -> Iterator[dict[str, Any]]:
    """Each result line from `start` to `end`, as read."""
    with path.open("rb") as source:
        source.seek(start)
        position = start
        for raw in source:
            position += len(raw)
            if raw.strip():
                try:
                    line = orjson.loads(raw)
                except ValueError:
                    try:  # orjson refuses some valid JSON (an integer past 64 bits)
                        line = json.loads(raw)
                    except ValueError:
                        line = None  # a torn line from the service: its item shows as missing
                if isinstance(line, dict):
                    yield line
            if end is not None and position >= end:
                break


def result_row(
    job: JobRecord, session_id: int, item: dict[str, Any], line: dict[str, Any]
) -> EvaluationRow:
    """One result line, as read, joined to its item, as an evaluations row: built directly, as
    a collect builds hundreds of thousands of them."""
    response = line.get("response") or {}
    body = response.get("body") if isinstance(response, dict) else None
    error = line.get("error")
    status_code = response.get("status_code") if isinstance(response, dict) else None
    content, finish_reason, usage, model = "", None, None, job.model
    if isinstance(body, dict):
        # Each part as the service should write it, else left unsaid: a line written wrongly
        # is a result without that part, never the end of the collect.
        choices = body.get("choices")
        choice = choices[0] if isinstance(choices, list) and choices else {}
        choice = choice if isinstance(choice, dict) else {}
        message = choice.get("message")
        said = message.get("content") if isinstance(message, dict) else None
        content = said if isinstance(said, str) else ""
        reason = choice.get("finish_reason")
        finish_reason = reason if isinstance(reason, str) else None
        usage = said_usage(body.get("usage"))
        named = body.get("model")
        model = named if isinstance(named, str) and named else model
    verdict_format = (item["params"] or {}).get("verdict_format") or "pai"
    given = item["inputs"] or {}
    mode = reading_mode(item["mode"], given.get("answer1"), given.get("answer2"))
    verdict = verdict_data(content, mode, item["max_score"], verdict_format)
    failed = bool(error) or not isinstance(body, dict) or (status_code not in (None, 200))
    if failed:
        status = JudgeStatus.ERROR
        detail = error if isinstance(error, dict) else {}
        message = detail.get("message") or f"the service answered status {status_code}"
        failure = f"{detail.get('code') or 'error'}: {message}"
        error_text: str | None = failure
        if not verdict["parsed"]:
            verdict["reason"] = service_failure(failure)
    else:
        status = status_for(verdict["parsed"], finish_reason)
        error_text = None
    winner = verdict["winner"]
    inputs = item["inputs"] or {}
    return row_of(
        inputs,
        uid=f"{job.uid}-{item['custom_id']}"[:200], session_id=session_id, mode=item["mode"],
        status=status.value, model=str(model), profile=job.profile,
        inputs_json=dump_json(inputs) or "{}", params_json=dump_json(item["params"] or {}) or "{}",
        request_json=dump_json(item["body"]) or "{}",
        # The line as the service wrote it, but for the verdict text, kept once in `content`
        # (the job's output file keeps the line whole).
        response_json=stored_response(line, content), content=content,
        verdict_json=dump_json(verdict) or "{}",
        score=verdict["score"], max_score=verdict["max_score"],
        winner=None if winner is None else str(winner), usage_json=dump_json(usage),
        latency_ms=None, finish_reason=finish_reason, error=error_text, created_at=time.time(),
        template_name=item["template_name"], template_version=item["template_version"],
        custom_id=item["custom_id"], batch_job_id=job.id,
    )  # fmt: skip


@dataclass(frozen=True)
class PieceRead:
    """A piece's rows, and the custom_id of each of its lines in file order, those no item
    of the chunk has included: what the collect's summary counts, without reading it again."""

    rows: list[EvaluationRow]
    custom_ids: list[str]


def piece_rows(piece: Piece) -> PieceRead:
    """The evaluations row of every line of the piece that names an item of the chunk."""
    offsets = item_offsets(piece.items_path)
    rows: list[EvaluationRow] = []
    custom_ids: list[str] = []
    with open(piece.items_path, "rb") as items:
        for line in result_lines(Path(piece.results_path), piece.start, piece.end):
            custom_id = str(line.get("custom_id", ""))
            custom_ids.append(custom_id)
            if custom_id not in offsets:
                continue  # unknown ids are reported by the summary
            items.seek(offsets[custom_id])
            item = orjson.loads(items.readline())
            rows.append(result_row(piece.job, piece.session_id, item, line))
    return PieceRead(rows, custom_ids)


def rows_in_order(pieces: list[Piece]) -> Iterator[PieceRead]:
    """Each piece's rows, in the order of the pieces: read here when they are few, else by a
    worker process per core."""
    total = sum(piece.end - piece.start for piece in pieces)
    yield from in_order(piece_rows, pieces, parallel=total >= PARALLEL_MIN_BYTES)
