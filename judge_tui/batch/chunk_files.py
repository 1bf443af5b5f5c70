"""The names of a chunk's files, in one place: in the job's folder, `input-NNN.jsonl` (exactly
what is uploaded), `items-NNN.jsonl` (what joins each result back to its input),
`output-NNN.jsonl` and `errors-NNN.jsonl` (the service's result files, as downloaded); and the
name the upload carries on the service, unique per job and chunk, by which a restart finds it."""

from __future__ import annotations

from pathlib import Path

RESULT_KINDS = ("output", "errors")


def input_path(folder: Path, seq: int) -> Path:
    return folder / f"input-{seq:03d}.jsonl"


def items_path_for(input_file: Path) -> Path:
    """The items file beside a chunk's input file."""
    return input_file.with_name(input_file.name.replace("input-", "items-", 1))


def result_path(input_file: Path, seq: int, kind: str) -> Path:
    """Where a chunk's downloaded `output` or `errors` file is kept."""
    return input_file.parent / f"{kind}-{seq:03d}.jsonl"


def upload_name(job_uid: str, seq: int) -> str:
    return f"judge-tui-{job_uid}-{seq:03d}.jsonl"
