"""Batch files: one line per item in the profile's dialect, split under the service's limits.

Each chunk is two files in the job's folder: `input-NNN.jsonl`, exactly what is uploaded, and
`items-NNN.jsonl`, what judge-tui needs to join each result back to its input (inputs, mode,
scale, template), read by offset when results are collected so memory stays flat.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from judge_tui.api.dialects import RULES, Dialect
from judge_tui.api.jsonl import dump_jsonl_line
from judge_tui.batch import chunk_files
from judge_tui.batch.dataset import BatchItem, Problem

HEADROOM = 0.95  # of the dialect's file limit: the service counts bytes its own way
OWN_LIMIT_BYTES = 32 * 1024 * 1024  # even where the service allows 500 MB: bounded memory
MAX_LINES = 50_000
ENDPOINT = "/v1/chat/completions"


@dataclass(frozen=True)
class ChunkFile:
    input_path: Path
    items_path: Path
    upload_name: str  # unique per job and chunk: how a restart finds its upload on the service
    lines: int


def chunk_byte_limit(dialect: Dialect) -> int:
    return min(int(RULES[dialect].max_file_bytes * HEADROOM), OWN_LIMIT_BYTES)


def batch_line(item: BatchItem, dialect: Dialect) -> bytes:
    if RULES[dialect].batch_line_has_method_url:
        return dump_jsonl_line(
            {"custom_id": item.custom_id, "method": "POST", "url": ENDPOINT, "body": item.body}
        )
    return dump_jsonl_line({"custom_id": item.custom_id, "body": item.body})


def item_line(item: BatchItem) -> bytes:
    return dump_jsonl_line(
        {
            "custom_id": item.custom_id, "line": item.line, "mode": item.mode,
            "max_score": item.max_score, "inputs": item.inputs, "params": item.params,
            "template_name": item.template_name, "template_version": item.template_version,
            "body": item.body,
        }
    )  # fmt: skip


def split_lines(
    sizes: Sequence[int], max_bytes: int, max_lines: int = MAX_LINES
) -> tuple[list[range], list[Problem]]:
    """Consecutive ranges of lines, each within both limits; a line alone over the byte limit
    is a problem (no split can send it)."""
    ranges: list[range] = []
    problems: list[Problem] = []
    start, size = 0, 0
    for index, line_size in enumerate(sizes):
        if line_size > max_bytes:
            message = (
                f"item {index + 1} is {line_size} bytes, over the {max_bytes} bytes a batch "
                "file may hold; shorten it"
            )
            problems.append(Problem(0, message))
            continue
        if index > start and (size + line_size > max_bytes or index - start >= max_lines):
            ranges.append(range(start, index))
            start, size = index, 0
        size += line_size
    if start < len(sizes):
        ranges.append(range(start, len(sizes)))
    return ranges, problems


def _write(path: Path, lines: list[bytes]) -> None:
    # The job's own new folder: nobody reads these until the journal names them, but a crash
    # mid-write must not leave a short file that looks whole, so temp + rename.
    temp = path.with_name(path.name + ".part")
    with temp.open("wb") as out:
        out.writelines(lines)
        out.flush()
        os.fsync(out.fileno())
    os.replace(temp, path)


def write_chunks(
    folder: Path, job_uid: str, items: Sequence[BatchItem], dialect: Dialect
) -> tuple[list[ChunkFile], list[Problem]]:
    lines = [batch_line(item, dialect) for item in items]
    ranges, problems = split_lines([len(line) for line in lines], chunk_byte_limit(dialect))
    if problems:
        return [], problems
    folder.mkdir(parents=True, exist_ok=True)
    chunks = []
    for seq, span in enumerate(ranges):
        chunk_input = chunk_files.input_path(folder, seq)
        chunk_items = chunk_files.items_path_for(chunk_input)
        _write(chunk_input, [lines[i] for i in span])
        _write(chunk_items, [item_line(items[i]) for i in span])
        name = chunk_files.upload_name(job_uid, seq)
        chunks.append(ChunkFile(chunk_input, chunk_items, name, len(span)))
    return chunks, []
