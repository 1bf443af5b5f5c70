"""Secrets stay secret (issue 11.2): a URL's password and a token are masked wherever they are
printed, and a credentials file others can read is not used."""

from __future__ import annotations

import os

from judge_tui.api.credentials import mask_token
from judge_tui.store.paths import home_paths

from ..cli_helpers import run_cli

PASSWORD = "hunter2-secret"


def test_a_mask_shows_at_most_the_last_four_characters() -> None:
    token = "sk-abcdefghijklmnopqrstu"  # 24 characters
    masked = mask_token(token)
    assert masked.endswith("rstu")
    assert sum(ch in token for ch in masked.replace("…", "")) <= 4
    assert mask_token("short-token") == "****"


def test_a_url_password_is_masked_in_profile_add_list_and_errors() -> None:
    url = f"http://alice:{PASSWORD}@127.0.0.1:1/v1"
    added = run_cli(
        "profile", "add", "p", "--base-url", url, "--token-stdin", stdin="tok-0123456789abcdef\n"
    )
    assert added.returncode == 0, added.stderr
    listed = run_cli("profile", "list")
    judged = run_cli("judge", "--profile", "p", "--question", "q", "--answer", "a", "--verbose")
    assert judged.returncode == 1  # nothing listens on port 1
    for result in (added, listed, judged):
        shown = result.stdout + result.stderr
        assert PASSWORD not in shown
        assert "tok-0123456789abcdef" not in shown
    assert "alice:***@127.0.0.1" in listed.stdout


def test_a_credentials_file_others_can_read_is_refused_with_what_to_do() -> None:
    assert run_cli("profile", "add", "p", "--base-url", "http://127.0.0.1:1", "--token-stdin",
                   stdin="tok-0123456789abcdef\n").returncode == 0  # fmt: skip
    credentials = home_paths().credentials
    assert credentials.stat().st_mode & 0o777 == 0o600
    os.chmod(credentials, 0o644)
    result = run_cli("judge", "--profile", "p", "--question", "q", "--answer", "a")
    assert result.returncode == 2
    assert "chmod 600" in result.stderr and "Traceback" not in result.stderr
    assert "tok-0123456789abcdef" not in result.stderr


def test_a_read_only_home_the_user_chose_is_not_reset(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    home = tmp_path / "ro-home"
    home.mkdir(mode=0o700)
    assert run_cli("paths", env={"JUDGE_TUI_HOME": str(home)}).returncode == 0
    os.chmod(home, 0o500)
    try:
        result = run_cli("sessions", "list", env={"JUDGE_TUI_HOME": str(home)})
        assert home.stat().st_mode & 0o777 == 0o500
        assert "Traceback" not in result.stderr
    finally:
        os.chmod(home, 0o700)
