"""A service that writes an answer's informational fields wrongly (the model as a number, the
time as a word, token counts null, negative and text; the emulator's `wrong_fields`): the
verdict that came is kept and read, over HTTP, streamed or not; no token count is made up;
and a run with --max-tokens-total stops rather than spend past a total it can no longer see."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from judge_tui.emulator.server import EmulatorServer

from ..cli_helpers import run_cli
from ..conftest import TOKEN


@pytest.mark.parametrize("stream", [False, True])
def test_a_verdict_is_kept_whatever_the_fields_around_it_say(
    start_emulator: Callable[..., EmulatorServer], stream: bool
) -> None:
    for wrong, session in ((True, "wrong"), (False, "right")):
        server = start_emulator(wrong_fields=wrong)
        result = run_cli(
            "judge", "--base-url", server.base_url, "--model", "pai-judge-plus",
            "--question", "What is 2+2?", "--answer", "4", "--session", session,
            "--format", "json", *(["--stream"] if stream else []), token=TOKEN,
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
        out = json.loads(result.stdout)
        assert out["status"] == "ok" and out["verdict"]["score"] is not None
        assert out["model"] == "pai-judge-plus"  # the model asked, not a number
        said = list((out["usage"] or {}).values())
        if wrong:
            assert said == [None, None, None]  # null, -3 and "many": none counted
        else:
            assert all(isinstance(n, int) and n > 0 for n in said)
    tokens = json.loads(run_cli("stats", "session:wrong", "--format", "json").stdout)["tokens"]
    assert tokens == {"prompt": 0, "completion": 0, "total": 0}


def test_a_token_budget_stops_when_the_service_stops_counting(
    start_emulator: Callable[..., EmulatorServer], tmp_path: Path
) -> None:
    server = start_emulator(wrong_fields=True)
    items = tmp_path / "items.jsonl"
    items.write_text(
        "".join(json.dumps({"question": f"q{n}?", "answer": f"a{n}"}) + "\n" for n in range(20))
    )
    result = run_cli(
        "judge", "--base-url", server.base_url, "--input", str(items), "--output",
        str(tmp_path / "out.jsonl"), "--concurrency", "1", "--max-tokens-total", "100000",
        token=TOKEN,
    )  # fmt: skip
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "without its token count" in result.stderr
    assert server.emulator.stats["chat_requests"] == 1  # not one more sent unseen
    lines = (tmp_path / "out.jsonl").read_text().splitlines()
    assert len(lines) == 1 and json.loads(lines[0])["verdict"]["score"] is not None


def test_a_batch_job_of_such_answers_is_collected_and_counts_no_tokens(
    start_emulator: Callable[..., EmulatorServer], tmp_path: Path
) -> None:
    server = start_emulator(wrong_fields=True, batch_seconds=0.5)
    items = tmp_path / "items.jsonl"
    items.write_text(
        "".join(json.dumps({"question": f"q{n}?", "answer": f"a{n}"}) + "\n" for n in range(12))
    )
    submitted = run_cli(
        "batch", "submit", str(items), "--base-url", server.base_url, "--name", "wrongly",
        "--model", "pai-judge", "--wait", token=TOKEN, timeout=120,
    )  # fmt: skip
    assert submitted.returncode == 0, submitted.stderr
    figures = json.loads(run_cli("stats", "job:wrongly", "--format", "json").stdout)
    assert figures["count"] == 12 and figures["readable"] == 12
    assert figures["tokens"] == {"prompt": 0, "completion": 0, "total": 0}
    exported = tmp_path / "wrongly.jsonl"
    run_cli("batch", "export", "wrongly", "--format", "jsonl", "--output", str(exported))
    models = {json.loads(line)["model"] for line in exported.read_text().splitlines()}
    assert models == {"pai-judge"}  # the model the job asked for, not the number 7
