"""The verdict text is stored once: a row keeps it in `content`, and its stored response holds a
placeholder where the text was. Exports put the text back, so what a user exports is the
response as the service gave it; nothing is lost, whatever the service wrote."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson
from hypothesis import given, settings
from hypothesis import strategies as st

from judge_tui.emulator.server import EmulatorServer
from judge_tui.store.evaluation_row import (
    TEXT_IN_CONTENT,
    response_with_text,
    stored_response,
)
from judge_tui.store.paths import home_paths

from ..cli_helpers import run_cli
from ..conftest import TOKEN
from .test_batch import batch, write_dataset

HOSTILE = "[@click=app.quit]x[/] [b \x1b]52;c;aGk=\x07 \x1b[2J \x9b31m"
PLACEHOLDER = json.dumps(TEXT_IN_CONTENT, separators=(",", ":"))


def stored_rows() -> list[sqlite3.Row]:
    conn = sqlite3.connect(home_paths().database)
    conn.row_factory = sqlite3.Row
    try:
        return conn.execute("SELECT custom_id, content, response_json FROM evaluations").fetchall()
    finally:
        conn.close()


def test_a_collected_result_keeps_its_text_once_and_exports_the_line_the_service_wrote(
    start_emulator: Callable[..., EmulatorServer], tmp_path: Path
) -> None:
    server = start_emulator(batch_seconds=0.5)
    path = write_dataset(tmp_path / "set.jsonl", 40)
    done = batch(server, "submit", str(path), "--base-url", server.base_url, "--wait")
    assert done.returncode == 0, done.stderr
    rows = stored_rows()
    assert len(rows) == 40
    for row in rows:
        assert row["content"] and row["content"] not in row["response_json"]
        assert row["response_json"].count(PLACEHOLDER) == 1
    # The service's own lines, as downloaded into the job's folder.
    written = {
        line["custom_id"]: line
        for output in home_paths().batches.rglob("output-*.jsonl")
        for line in map(json.loads, output.read_text(encoding="utf-8").splitlines())
    }
    out = tmp_path / "job.jsonl"
    assert batch(server, "export", "1", "--format", "jsonl", "-o", str(out)).returncode == 0
    exported = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(exported) == 40
    for record in exported:
        assert record["response"] == written[record["custom_id"]]
        message = record["response"]["response"]["body"]["choices"][0]["message"]
        assert message["content"] == record["content"]


def test_a_judged_answer_keeps_its_text_once_and_its_export_has_it_in_the_response(
    emulator: EmulatorServer, tmp_path: Path
) -> None:
    done = run_cli(
        "judge", "--base-url", emulator.base_url, "--session", "once",
        "--question", f"What is 2+2? {HOSTILE}", "--answer", "4", token=TOKEN,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    (row,) = stored_rows()
    assert row["content"] and row["content"] not in row["response_json"]
    exported = run_cli("sessions", "export", "once", "--format", "jsonl")
    assert exported.returncode == 0, exported.stderr
    lines = [json.loads(line) for line in exported.stdout.splitlines()]
    (record,) = [line for line in lines if line["type"] == "evaluation"]
    assert record["response"]["choices"][0]["message"]["content"] == record["content"]
    # Imported into another home, the record is the same: the text is taken out and put back.
    again = tmp_path / "once.jsonl"
    again.write_text(exported.stdout, encoding="utf-8")
    other = {"JUDGE_TUI_HOME": str(tmp_path / "other-home")}
    assert run_cli("sessions", "import", str(again), env=other).returncode == 0
    twice = run_cli("sessions", "export", "once", "--format", "jsonl", env=other)
    assert twice.returncode == 0, twice.stderr
    assert json.loads(twice.stdout.splitlines()[1])["response"] == record["response"]


TEXT = st.text(min_size=1, max_size=60) | st.sampled_from(
    [HOSTILE, PLACEHOLDER, json.dumps(PLACEHOLDER), '"content":' + PLACEHOLDER]
)
JSON_VALUE = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 5) | TEXT | st.just(TEXT_IN_CONTENT),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXT, inner, max_size=3),
    max_leaves=8,
)


@st.composite
def responses(draw: st.DrawFn) -> tuple[dict[str, Any], str]:
    """A result line or an online completion, its first message's text the row's content or
    not, with anything else (the placeholder's own spelling too) anywhere around it."""
    content = draw(TEXT)
    said = content if draw(st.booleans()) else draw(JSON_VALUE)
    message = {**draw(st.dictionaries(TEXT, JSON_VALUE, max_size=2)), "content": said}
    choices = [
        {"message": message, "extra": draw(JSON_VALUE)},
        *draw(st.lists(JSON_VALUE, max_size=2)),
    ]
    body = {"choices": choices, "other": draw(JSON_VALUE)}
    if draw(st.booleans()):
        return {
            "custom_id": draw(TEXT),
            "note": draw(JSON_VALUE),
            "response": {"body": body},
        }, content
    return body, content


@settings(max_examples=300, deadline=None)
@given(responses())
def test_a_stored_response_gives_back_the_response_whatever_it_holds(
    case: tuple[dict[str, Any], str],
) -> None:
    response, content = case
    before = orjson.dumps(response)
    stored = stored_response(response, content)
    assert orjson.dumps(response) == before  # the response given is not changed
    assert orjson.loads(response_with_text(stored, content) or "null") == response
