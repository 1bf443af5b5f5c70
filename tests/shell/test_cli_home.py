"""The home from the shell: profiles, tokens, sessions, as a new user meets them."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from judge_tui.emulator.server import EmulatorServer

from ..cli_helpers import run_cli
from ..conftest import TOKEN


def cli(
    *args: str, stdin: str | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return run_cli(*args, stdin=stdin, env=env)


def test_profile_add_then_judge_with_it_and_find_it_again(
    emulator: EmulatorServer, private_home: Path
) -> None:
    added = cli(
        "profile",
        "add",
        "emu",
        "--base-url",
        emulator.base_url + "/chat/completions",
        "--token-stdin",
        stdin=f"Bearer {TOKEN}\n",
    )
    assert added.returncode == 0, added.stderr
    listed = cli("profile", "list")
    assert "* emu" in listed.stdout and "credentials.toml" in listed.stdout
    tested = cli("profile", "test", "emu")
    assert tested.returncode == 0 and "OK" in tested.stdout
    judged = cli(
        "judge",
        "--profile",
        "emu",
        "--question",
        "Capital of France?",
        "--answer",
        "Paris",
        "--session",
        "geo",
    )
    assert judged.returncode == 0, judged.stderr
    assert judged.stdout.startswith("Score ")
    default = cli(
        "judge", "--question", "Capital of Spain?", "--answer", "Madrid"
    )  # default profile, scratch
    assert default.returncode == 0, default.stderr
    sessions = cli("sessions", "list").stdout
    assert "geo" in sessions and "scratch" in sessions
    shown = cli("sessions", "show", "geo").stdout
    assert "Capital of France?" in shown and "/5" in shown
    found = cli("sessions", "search", "Spain").stdout
    assert "scratch" in found and "Spain" in found
    middle = cli("sessions", "search", "pain")  # the middle of "Spain": words by their start
    assert middle.stdout == "" and "words are found by their start" in middle.stderr
    exported = cli("sessions", "export", "geo", "--format", "jsonl")
    for where in (
        listed.stdout + listed.stderr,
        exported.stdout,
        (private_home / "config.toml").read_text(),
    ):
        assert TOKEN not in where
    for fmt in ("csv", "markdown"):
        out = cli("sessions", "export", "geo", "--format", fmt)
        assert (
            out.returncode == 0 and "Capital of France?" in out.stdout and TOKEN not in out.stdout
        )
    # -o, as most tools spell it, names the file (its ending says the format)
    written = private_home / "geo.csv"
    assert cli("sessions", "export", "geo", "-o", str(written)).returncode == 0
    assert "Capital of France?" in written.read_text()


def test_a_wrong_stored_token_says_which_one(emulator: EmulatorServer) -> None:
    cli(
        "profile",
        "add",
        "bad",
        "--base-url",
        emulator.base_url,
        "--token-stdin",
        stdin="wrong-token-999\n",
    )
    tested = cli("profile", "test", "bad")
    assert tested.returncode == 1 and "token is wrong" in tested.stderr
    judged = cli("judge", "--profile", "bad", "--question", "q", "--answer", "a")
    assert judged.returncode == 1
    assert (
        "credentials.toml (profile bad)" in judged.stderr and "wrong-token-999" not in judged.stderr
    )


def test_profile_test_tells_an_unreachable_url() -> None:
    cli("profile", "add", "nowhere", "--base-url", "http://127.0.0.1:9", "--no-token")
    tested = cli("profile", "test", "nowhere")
    assert tested.returncode == 1 and "network or the URL" in tested.stderr


def test_paths_lists_every_file(private_home: Path) -> None:
    out = cli("paths").stdout
    for name in ("config.toml", "credentials.toml", "judge.db", "themes", "exports"):
        assert str(private_home / name) in out


def test_a_broken_config_exits_2_naming_file_and_line(private_home: Path) -> None:
    (private_home / "config.toml").write_text("[profiles.x\n")
    done = cli("judge", "--question", "q", "--answer", "a", "--base-url", "http://127.0.0.1:9")
    assert done.returncode == 2
    assert (
        "config.toml" in done.stderr and "line 1" in done.stderr and "Traceback" not in done.stderr
    )


def test_no_save_keeps_nothing_and_rm_asks(emulator: EmulatorServer) -> None:
    env = {"JUDGE_MODEL_TOKEN": TOKEN}
    cli(
        "judge",
        "--base-url",
        emulator.base_url,
        "--question",
        "q",
        "--answer",
        "a",
        "--no-save",
        env=env,
    )
    assert "No sessions yet" in cli("sessions", "list").stdout
    cli(
        "judge",
        "--base-url",
        emulator.base_url,
        "--question",
        "q",
        "--answer",
        "a",
        "--session",
        "tmp",
        env=env,
    )
    refused = cli("sessions", "rm", "tmp")
    assert refused.returncode == 2 and "--yes" in refused.stderr
    assert cli("sessions", "rm", "tmp", "--yes").returncode == 0
    assert "tmp" not in cli("sessions", "list").stdout


def test_import_a_jsonl_export(emulator: EmulatorServer, tmp_path: Path) -> None:
    env = {"JUDGE_MODEL_TOKEN": TOKEN}
    cli(
        "judge",
        "--base-url",
        emulator.base_url,
        "--question",
        "q1",
        "--answer",
        "a",
        "--session",
        "s",
        env=env,
    )
    exported = tmp_path / "s.jsonl"
    assert cli("sessions", "export", "s", "--output", str(exported)).returncode == 0
    other_home = tmp_path / "other"
    done = cli("sessions", "import", str(exported), env={"JUDGE_TUI_HOME": str(other_home)})
    assert done.returncode == 0 and "Imported 1 evaluations into s" in done.stdout
    again = cli("sessions", "show", "s", env={"JUDGE_TUI_HOME": str(other_home)})
    assert "q1" in again.stdout
    lines = [json.loads(line) for line in exported.read_text().splitlines()]
    assert [line["type"] for line in lines] == ["session", "evaluation"]


def test_profile_default_parameters_apply_and_flags_win(emulator: EmulatorServer) -> None:
    bad = cli(
        "profile",
        "add",
        "p",
        "--base-url",
        emulator.base_url,
        "--no-token",
        "--param",
        "temperature=hot",
    )
    assert bad.returncode == 2 and "temperature" in bad.stderr
    cli(
        "profile",
        "add",
        "p",
        "--base-url",
        emulator.base_url,
        "--token-stdin",
        "--param",
        "max_tokens=12",
        "--param",
        "seed=7",
        stdin=TOKEN,
    )
    short = cli("judge", "--profile", "p", "--question", "q", "--answer", "a", "--format", "json")
    assert json.loads(short.stdout)["finish_reason"] == "length"  # max_tokens=12 from the profile
    full = cli(
        "judge",
        "--profile",
        "p",
        "--question",
        "q",
        "--answer",
        "a",
        "--format",
        "json",
        "--max-tokens",
        "2000",
    )
    assert json.loads(full.stdout)["finish_reason"] == "stop"


def test_the_top_level_help_offers_demo_and_browse() -> None:
    out = cli("--help").stdout
    for flag in ("--demo", "--browse", "--session", "--no-save", "--profile"):
        assert flag in out, flag
