"""`judge-tui judge` and `judge-tui emulator` as a user runs them: real processes, real HTTP."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from judge_tui.emulator.server import EmulatorServer

from ..cli_helpers import run_cli
from ..conftest import TOKEN

Start = Callable[..., EmulatorServer]


def cli(
    *args: str, token: str | None = TOKEN, stdin: str | None = None, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    return run_cli(*args, token=token, stdin=stdin, timeout=timeout)


def judge_args(server: EmulatorServer, *extra: str) -> list[str]:
    return ["judge", "--base-url", server.base_url, *extra]


def test_the_console_script_is_installed() -> None:
    assert shutil.which("judge-tui"), "the README's install command puts judge-tui on PATH"


def test_text_format_puts_the_score_on_the_first_line(emulator: EmulatorServer) -> None:
    done = cli(*judge_args(emulator, "--question", "What is 2+2?", "--answer", "4"))
    assert done.returncode == 0, done.stderr
    first, _, rest = done.stdout.partition("\n")
    assert first.startswith("Score ") and first.endswith("/5")
    assert "overall score of the answer is [[" in rest


def test_json_format_pairwise(emulator: EmulatorServer) -> None:
    done = cli(
        *judge_args(
            emulator, "--question", "q", "--answer1", "a", "--answer2", "b", "--format", "json"
        )
    )
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert set(out) >= {
        "mode",
        "model",
        "content",
        "finish_reason",
        "usage",
        "latency_ms",
        "verdict",
    }
    assert out["mode"] == "pairwise"
    verdict = out["verdict"]
    assert set(verdict) >= {
        "parsed",
        "reason",
        "score",
        "max_score",
        "winner",
        "answer_scores",
        "criteria",
    }
    assert verdict["parsed"] and verdict["winner"] in (1, 2, "tie")
    assert {"name", "score", "answer"} <= set(verdict["criteria"][0])


def test_custom_template_from_files_and_stdin(emulator: EmulatorServer, tmp_path: Path) -> None:
    template = tmp_path / "user.txt"
    template.write_text("Score on a scale of 1 to 10.\nQ: {question}\nA: {answer}\nTone: {tone}")
    done = cli(
        *judge_args(emulator, "--system", "You judge.", "--user-template", f"@{template}",
                    "--question", "@-", "--answer", "Paris", "--var", "tone=formal", "--format", "json"),
        stdin="Capital of France? [@click=app.quit]x[/]",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert (
        out["mode"] == "custom" and out["verdict"]["max_score"] == 10 and out["verdict"]["parsed"]
    )


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--question", "", "--answer", "a"], "question is empty"),
        (["--question", "q", "--answer1", "a"], "answer 2 is empty"),
        (["--question", "q", "--answer", "a", "--user-template", "{question} {nope}"], "{nope}"),
        (["--question", "q", "--answer", "@/no/such/file"], "does not exist"),
        (["--question", "q", "--answer", "a", "--base-url", "ftp://x"], "not http or https"),
    ],
)
def test_bad_input_exits_2_with_one_sentence(
    emulator: EmulatorServer, args: list[str], needle: str
) -> None:
    done = (
        cli("judge", "--base-url", emulator.base_url, *args)
        if "--base-url" not in args
        else cli("judge", *args)
    )
    assert done.returncode == 2
    assert needle in done.stderr
    assert "Traceback" not in done.stderr
    assert emulator.emulator.stats["chat_requests"] == 0


def test_wrong_token_exits_1_naming_the_401_and_the_source(emulator: EmulatorServer) -> None:
    done = cli(*judge_args(emulator, "--question", "q", "--answer", "a"), token="not-the-token-123")
    assert done.returncode == 1
    assert "401" in done.stderr and "JUDGE_MODEL_TOKEN" in done.stderr
    assert "not-the-token-123" not in done.stderr + done.stdout
    assert "Traceback" not in done.stderr


def test_unreachable_host_exits_1_naming_the_host() -> None:
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    done = cli(
        "judge", "--base-url", f"http://127.0.0.1:{port}", "--question", "q", "--answer", "a"
    )
    assert done.returncode == 1
    assert f"127.0.0.1:{port}" in done.stderr.splitlines()[-2]
    assert "retrying in" in done.stderr  # each wait is shown
    assert "Traceback" not in done.stderr


def test_html_502_is_one_clear_sentence(start_emulator: Start) -> None:
    server = start_emulator(fault_rate=1.0, fault_kinds=("502-html",))
    done = cli(*judge_args(server, "--question", "q", "--answer", "a"), timeout=120)
    assert done.returncode == 1
    final = [
        line
        for line in done.stderr.splitlines()
        if "retrying" not in line and "waiting" not in line
    ]
    assert "502 Bad Gateway" in final[0] and "HTML" in final[0]
    assert "<html>" not in done.stderr and "Traceback" not in done.stderr


def test_dropped_stream_keeps_partial_text_and_exits_1(start_emulator: Start) -> None:
    server = start_emulator(stream_drop_rate=1.0)
    done = cli(*judge_args(server, "--question", "q", "--answer", "a", "--stream"))
    assert done.returncode == 1
    assert done.stdout.startswith("I think the overall score")
    assert "incomplete" in done.stderr
    assert "Traceback" not in done.stderr


def test_help_at_every_level_explains_the_flags() -> None:
    top = cli("--help")
    assert top.returncode == 0 and "judge" in top.stdout and "emulator" in top.stdout
    sub = cli("judge", "--help")
    for flag in ("--question", "--answer1", "--user-template", "--json-verdict", "--stream", "--format",
                 "--input", "--output", "--concurrency", "@path", "JUDGE_MODEL_TOKEN"):  # fmt: skip
        assert flag in sub.stdout, flag
    emu = cli("emulator", "--help")
    for flag in (
        "--port",
        "--token",
        "--dialect",
        "--latency-ms",
        "--fault-rate",
        "--stream-drop-rate",
        "--batch-seconds",
    ):
        assert flag in emu.stdout, flag


def test_the_emulator_command_serves_the_judge_command(tmp_path: Path) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    proc = subprocess.Popen(
        [sys.executable, "-m", "judge_tui", "emulator", "--port", str(port), "--token", TOKEN],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert proc.stdout is not None
        banner = proc.stdout.readline()
        assert f"127.0.0.1:{port}/v1" in banner
        done = cli(
            "judge", "--base-url", f"http://127.0.0.1:{port}", "--question", "q", "--answer", "a"
        )
        deadline = time.monotonic() + 10
        while done.returncode == 1 and "reach" in done.stderr and time.monotonic() < deadline:
            done = cli(
                "judge",
                "--base-url",
                f"http://127.0.0.1:{port}",
                "--question",
                "q",
                "--answer",
                "a",
            )
        assert done.returncode == 0, done.stderr
        assert done.stdout.startswith("Score ")
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=10)


# --- many judgments -----------------------------------------------------------------------------


def write_items(path: Path, n: int) -> None:
    with path.open("w") as out:
        for i in range(n):
            item: dict[str, object] = {
                "custom_id": f"item-{i}",
                "question": f"Question {i}?",
                "answer": f"Answer {i}",
            }
            if i % 3 == 0:
                item = {
                    "question": f"Q{i}",
                    "answer1": "x",
                    "answer2": "y y y y",
                    "custom_id": f"item-{i}",
                }
            out.write(json.dumps(item) + "\n")


def read_output(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def test_file_mode_judges_everything_and_resume_retries_only_failures(
    emulator: EmulatorServer, tmp_path: Path
) -> None:
    items, output = tmp_path / "items.jsonl", tmp_path / "verdicts.jsonl"
    write_items(items, 30)
    done = cli(
        *judge_args(emulator, "--input", str(items), "--output", str(output), "--concurrency", "8")
    )
    assert done.returncode == 0, done.stderr
    assert "judged 30/30" in done.stderr
    rows = read_output(output)
    assert sorted(r["custom_id"] for r in rows) == sorted(f"item-{i}" for i in range(30))
    assert all(r["status"] == "ok" and r["verdict"]["parsed"] for r in rows)
    # A crash lost two lines (one torn halfway) and one item had failed: the rerun redoes those.
    lines = output.read_text().splitlines()
    lost = [json.loads(line)["custom_id"] for line in lines[-2:]]
    kept = lines[:-2]
    victim = json.loads(kept[0])["custom_id"]
    kept[0] = json.dumps({"custom_id": victim, "status": "error", "verdict": {}})
    output.write_text("\n".join(kept) + f'\n{{"custom_id": "{lost[0]}", "sta')
    before = emulator.emulator.stats["chat_requests"]
    again = cli(*judge_args(emulator, "--input", str(items), "--output", str(output)))
    assert again.returncode == 0, again.stderr
    rows = read_output(output)
    ids = [r["custom_id"] for r in rows]
    assert len(ids) == len(set(ids)) == 30
    assert (
        emulator.emulator.stats["chat_requests"] - before == 3
    )  # the two lost ones and the failed one


def test_file_mode_survives_sigkill_and_resumes_without_duplicates(
    start_emulator: Start, tmp_path: Path
) -> None:
    server = start_emulator(latency_ms=150)
    items, output = tmp_path / "items.jsonl", tmp_path / "verdicts.jsonl"
    write_items(items, 40)
    env = {**os.environ, "JUDGE_MODEL_TOKEN": TOKEN}
    proc = subprocess.Popen(
        [sys.executable, "-m", "judge_tui", *judge_args(server, "--input", str(items), "--output", str(output), "--concurrency", "4")],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if output.exists() and output.read_text().count("\n") >= 6:
            break
        time.sleep(0.02)
    proc.kill()
    proc.wait()
    # A kill may tear the line being written (only that one, the last): the rerun drops it.
    *whole, last = output.read_text().splitlines()
    partial = len([json.loads(line) for line in whole])
    with contextlib.suppress(json.JSONDecodeError):
        json.loads(last)
        partial += 1
    assert 6 <= partial < 40
    done = cli(
        *judge_args(server, "--input", str(items), "--output", str(output), "--concurrency", "8")
    )
    assert done.returncode == 0, done.stderr
    ids = [r["custom_id"] for r in read_output(output)]
    assert len(ids) == len(set(ids)) == 40
    # Nothing judged twice beyond what was in flight when the process died.
    assert server.emulator.stats["chat_requests"] <= 40 + 4


def test_file_mode_failures_are_written_and_counted(start_emulator: Start, tmp_path: Path) -> None:
    server = start_emulator(fault_rate=1.0, fault_kinds=("500",))
    items, output = tmp_path / "items.jsonl", tmp_path / "verdicts.jsonl"
    write_items(items, 3)
    done = cli(*judge_args(server, "--input", str(items), "--output", str(output)), timeout=120)
    assert done.returncode == 1
    assert "3 judgments failed" in done.stderr
    rows = read_output(output)
    assert len(rows) == 3 and all(
        r["status"] == "error" and "500" in r["error"]["message"] for r in rows
    )


def test_a_bad_input_file_sends_nothing_and_names_each_line(
    emulator: EmulatorServer, tmp_path: Path
) -> None:
    items = tmp_path / "items.jsonl"
    items.write_text(
        '{"custom_id": "a", "question": "q", "answer": "x"}\n'
        '{"custom_id": "a", "question": "q", "answer": "y"}\n'
        "this is not json\n"
        '{"custom_id": "c", "question": "q"}\n'
        '{"custom_id": "d", "question": "q", "answer": "z", "colour": "red"}\n'
    )
    done = cli(*judge_args(emulator, "--input", str(items), "--output", str(tmp_path / "o.jsonl")))
    assert done.returncode == 2
    assert "4 of 5 lines" in done.stderr and "nothing was sent" in done.stderr
    assert "line 2: custom_id 'a' already used on line 1" in done.stderr
    assert "line 3: not valid JSON" in done.stderr
    assert "line 4: The answer is empty" in done.stderr
    assert "line 5: unknown field colour" in done.stderr
    assert emulator.emulator.stats["chat_requests"] == 0
    assert not (tmp_path / "o.jsonl").exists()


@pytest.mark.parametrize(
    ("words", "said"),
    [
        (
            ("judge", "--question", "Q \udc9b31m", "--answer", "A"),
            "word 3 on the command line (after --question)",
        ),
        (("judge", "--question", "Q", "--answer1", "a", "--answer2", "\udcff", "--swap"), "word 7"),
        (("stats", "session:\udcff"), "word 2 on the command line is not UTF-8"),
        (("--session", "\udcc3"), "word 2 on the command line (after --session)"),
    ],
)
def test_a_command_line_word_that_is_not_utf8_gets_one_sentence(
    emulator: EmulatorServer, words: tuple[str, ...], said: str
) -> None:
    done = run_cli(*words, "--base-url", emulator.base_url, token=TOKEN)
    assert done.returncode == 2 and said in done.stderr and "not UTF-8 text" in done.stderr
    assert "Traceback" not in done.stderr and done.stderr.count("\n") == 1
    assert emulator.emulator.stats["chat_requests"] == 0
