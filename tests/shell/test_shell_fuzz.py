"""Whatever file the shell is given, it answers with an exit code and at most a sentence: never a
traceback, never a half-written output (issue 11.14). Files are made by hypothesis from the
shapes that broke before (deep nesting, lone surrogates, 5000-digit numbers, control bytes,
wrong types) mixed with valid lines, and fed to every command that reads a file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from judge_tui.emulator.config import EmulatorConfig
from judge_tui.emulator.server import EmulatorServer
from judge_tui.store.db import Database
from judge_tui.store.paths import HomePaths
from judge_tui.store.session_list import session_id_for
from judge_tui.store.sessions import insert_evaluation

from ..cli_helpers import TOKEN_VARS
from ..conftest import TOKEN
from ..store_helpers import make_record

NASTY_LINES = [
    b"[" * 50_000,
    b'{"question": "\\ud800", "answer": "a"}',
    b'{"question": "q", "answer": "a", "max_score": ' + b"9" * 5000 + b"}",
    b'{"question": "q", "answer": "a", "max_score": "five"}',
    b'{"question": ["not", "text"], "answer": {"a": 1}}',
    b'{"question": "q\\u001b]52;c;eA==\\u0007", "answer": "a"}',
    b"\xff\xfe not utf-8",
    b'{"question": "q", "answer1": "x"}',
    b"null",
    b'"just a string"',
    b'{"custom_id": "1", "body": {"model": 5}}',
    b"question,answer\n=cmd,@x",
]
VALID_LINE = b'{"question": "What is 2+2?", "answer": "4"}'

line = st.one_of(
    st.sampled_from(NASTY_LINES),
    st.just(VALID_LINE),
    st.binary(max_size=200),
    st.text(max_size=200).map(lambda t: json.dumps({"question": t, "answer": t}).encode()),
)


@pytest.fixture(scope="module")
def service() -> Iterator[EmulatorServer]:
    with EmulatorServer(EmulatorConfig(token=TOKEN, stream_chunk_ms=0, batch_seconds=0.2)) as s:
        yield s


def _run(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in TOKEN_VARS}
    env.update(JUDGE_TUI_HOME=str(home), JUDGE_MODEL_TOKEN=TOKEN)
    return subprocess.run(
        [sys.executable, "-m", "judge_tui", *args],
        capture_output=True, text=True, env=env, timeout=120, errors="replace",
    )  # fmt: skip


@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(lines=st.lists(line, min_size=1, max_size=6), suffix=st.sampled_from([".jsonl", ".csv"]))
def test_file_inputs_never_give_a_traceback(
    service: EmulatorServer,
    tmp_path_factory: pytest.TempPathFactory,
    lines: list[bytes],
    suffix: str,
) -> None:
    folder = tmp_path_factory.mktemp("fuzz")
    home = folder / "home"
    source = folder / f"items{suffix}"
    source.write_bytes(b"\n".join(lines) + b"\n")
    out = folder / "out.jsonl"
    runs = [
        _run(
            home,
            "judge",
            "--input",
            str(source),
            "--output",
            str(out),
            "--base-url",
            service.base_url,
        ),
        _run(home, "batch", "submit", str(source), "--base-url", service.base_url),
        _run(home, "sessions", "import", str(source)),
    ]
    for result in runs:
        assert result.returncode in (0, 1, 2), result.stderr
        assert "Traceback" not in result.stderr, result.stderr
    if runs[0].returncode == 2:
        assert not out.exists()  # refused before anything was written
    elif out.exists():
        for written in out.read_bytes().splitlines():
            json.loads(written)  # every line whole


@settings(
    max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.one_of(st.sampled_from(["a = " + "[" * 5000, "a = " + "9" * 5000,
                                      '[profiles.p]\nbase_url = "http://[::1"\n',
                                      '[profiles.p]\nbase_url = "x"\nparams = {temperature = "hot"}\n',
                                      'default_profile = 3\n', "\x00\x01"]),
                     st.text(max_size=100)))  # fmt: skip
def test_a_broken_config_file_gives_a_sentence(
    tmp_path_factory: pytest.TempPathFactory, text: str
) -> None:
    home = tmp_path_factory.mktemp("cfg")
    (home / "config.toml").write_text(text, errors="surrogatepass")
    for args in (("judge", "--profile", "p", "--question", "q", "--answer", "a",
                  "--base-url", "http://127.0.0.1:9"), ("profile", "list"),
                 ("sessions", "list")):  # fmt: skip
        result = _run(home, *args)
        assert result.returncode in (0, 1, 2), result.stderr
        assert "Traceback" not in result.stderr, result.stderr


def test_a_closed_pipe_is_not_an_error(tmp_path: Path) -> None:
    db = Database.open(HomePaths(tmp_path))
    with db.transaction() as conn:
        session_id = session_id_for(conn, "long", create=True)
        for n in range(3000):  # far more than a pipe's buffer holds
            insert_evaluation(conn, session_id, make_record(n, question="q" * 80))
    db.close()
    env = {**os.environ, "JUDGE_TUI_HOME": str(tmp_path)}
    shell = f"{sys.executable} -m judge_tui sessions show long | head -1"
    result = subprocess.run(["sh", "-c", shell], capture_output=True, text=True, env=env)
    assert result.stdout.count("\n") == 1
    assert "Traceback" not in result.stderr and "BrokenPipe" not in result.stderr
