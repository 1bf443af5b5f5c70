"""The Python samples of seed 002, run with the real `openai` package against our emulator.

Only what the docs tell the reader to replace is replaced: the base URL (and token, from the
environment as in the docs), the input file's path, and the ids each step got from the one before.
"""

from __future__ import annotations

import ast
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from judge_tui.emulator.server import EmulatorServer

from ..conftest import TOKEN

SAMPLES = Path(__file__).parent / "seed_samples"
DOC_URLS = (
    "https://aiservice.cn-hangzhou.aliyuncs.com/v1",
    "http://aiservice.cn-hangzhou.aliyuncs.com/v1",
)


def run_sample(name: str, base_url: str, replacements: dict[str, str] | None = None) -> str:
    source = (SAMPLES / f"{name}.py").read_text()
    for doc_url in DOC_URLS:
        source = source.replace(doc_url, base_url)
    for old, new in (replacements or {}).items():
        assert old in source
        source = source.replace(old, new)
    env = {**os.environ, "JUDGE_MODEL_TOKEN": TOKEN, "NO_PROXY": "127.0.0.1"}
    done = subprocess.run(
        [sys.executable, "-c", source], capture_output=True, text=True, env=env, timeout=60
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.parametrize("name", ["single", "pairwise", "custom"])
def test_online_samples_run_unchanged(emulator: EmulatorServer, name: str) -> None:
    printed = ast.literal_eval(run_sample(name, emulator.base_url))
    content = printed["choices"][0]["message"]["content"]
    assert printed["system_fingerprint"] == "judge-tui-emulator"
    if name == "single":
        assert re.search(r"overall score of the answer is \[\[\d\]\]", content)
    elif name == "pairwise":
        assert "[[Rating for Answer 1:" in content
    else:
        assert re.search(r"I rate this answer as \d", content)


def test_batch_samples_run_in_sequence(start_emulator) -> None:  # type: ignore[no-untyped-def]
    server: EmulatorServer = start_emulator(batch_seconds=0.5)
    uploaded = json.loads(
        run_sample(
            "upload", server.base_url, {"/home/xxx/input.jsonl": str(SAMPLES / "input.jsonl")}
        )
    )
    assert uploaded["object"] == "file" and uploaded["purpose"] == "batch"
    created = json.loads(
        run_sample(
            "create",
            server.base_url,
            {"file-batch-EC043540BE1C7BE3F9F2F0A8F47D1713": uploaded["id"]},
        )
    )
    assert created["status"] == "Creating"
    # The sample retrieves once; a user runs it again until the batch is done.
    deadline = time.monotonic() + 30
    while True:
        retrieved = json.loads(
            run_sample(
                "retrieve",
                server.base_url,
                {"batch_66f245a0-88d1-458c-8e1c-a819a5943022": created["id"]},
            )
        )
        if retrieved["status"] == "Succeeded" or time.monotonic() > deadline:
            break
    assert retrieved["status"] == "Succeeded"
    assert retrieved["request_counts"] == {"total": 2, "completed": 2, "failed": 0}
    printed = run_sample(
        "content",
        server.base_url,
        {"file-batch_output-66f245a0-88d1-458c-8e1c-a819a5943022": retrieved["output_file_id"]},
    )
    # The docs' sample prints the response object itself; the bytes behind it are the results.
    assert "HttpxBinaryResponseContent" in printed
    body = httpx.get(
        f"{server.base_url}/files/{retrieved['output_file_id']}/content",
        headers={"Authorization": f"Bearer {TOKEN}"},
    ).content
    lines = [json.loads(line) for line in body.splitlines()]
    assert sorted(line["custom_id"] for line in lines) == ["request-1", "request-2"]
