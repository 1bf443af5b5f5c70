"""Nothing lost, nothing silently dropped (issue 11.7-11.10): a damaged judge.db is mended and
said, a store that cannot write stops a run with what it holds, a rerun counts each item once,
and an output file never replaces its input."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from judge_tui.emulator.server import EmulatorServer
from judge_tui.store.db import Database
from judge_tui.store.paths import home_paths
from judge_tui.store.session_list import list_sessions
from judge_tui.store.sessions import save_evaluation

from ..cli_helpers import run_cli
from ..conftest import TOKEN
from ..store_helpers import make_record


def _damage_search_index(path: Path) -> None:
    conn = sqlite3.connect(path)
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    root = conn.execute(
        "SELECT rootpage FROM sqlite_master WHERE name = 'evaluations_fts_data'"
    ).fetchone()[0]
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    with path.open("r+b") as db:
        db.seek((root - 1) * page_size)
        db.write(b"\xde\xad\xbe\xef" * (page_size // 4))


def _items(path: Path, count: int) -> Path:
    lines = [json.dumps({"question": f"q{n}", "answer": f"a{n}"}) for n in range(count)]
    path.write_text("\n".join(lines) + "\n")
    return path


def test_a_damaged_search_index_is_rebuilt_and_every_judgment_kept(
    emulator: EmulatorServer,
) -> None:
    db = Database.open(home_paths())
    for n in range(30):
        save_evaluation(db, "kept", make_record(n, question=f"question about apples {n}"))
    db.close()
    _damage_search_index(home_paths().database)
    judged = run_cli(
        "judge", "--base-url", emulator.base_url, "--question", "apples?", "--answer", "yes",
        "--session", "kept", token=TOKEN,
    )  # fmt: skip
    assert judged.returncode == 0, judged.stderr
    assert "rebuilt" in judged.stderr or "copied" in judged.stderr
    found = run_cli("sessions", "search", "apples")
    assert found.returncode == 0 and "Traceback" not in found.stderr
    assert found.stdout.count("kept ·") == 31
    db = Database.open(home_paths())
    assert {s.name: s.evaluations for s in list_sessions(db)}["kept"] == 31
    db.close()


def test_input_and_output_the_same_file_or_a_folder_are_refused(tmp_path: Path) -> None:
    items = _items(tmp_path / "items.jsonl", 3)
    before = items.read_bytes()
    same = run_cli(
        "judge", "--input", str(items), "--output", str(items), "--base-url", "http://127.0.0.1:1"
    )
    assert same.returncode == 2 and "same file" in same.stderr
    assert items.read_bytes() == before
    folder = run_cli(
        "judge",
        "--input",
        str(items),
        "--output",
        str(tmp_path),
        "--base-url",
        "http://127.0.0.1:1",
    )
    assert folder.returncode == 2 and "is a directory" in folder.stderr
    assert "Traceback" not in same.stderr + folder.stderr


def test_a_store_that_cannot_write_stops_the_run_and_keeps_the_output(
    start_emulator: Callable[..., EmulatorServer], tmp_path: Path
) -> None:
    server = start_emulator(latency_ms=50)
    home_paths().ensure().database.mkdir()  # the store cannot be opened, let alone written
    items = _items(tmp_path / "items.jsonl", 40)
    out = tmp_path / "out.jsonl"
    result = run_cli("judge", "--input", str(items), "--output", str(out), "--concurrency", "2",
                     "--base-url", server.base_url, token=TOKEN)  # fmt: skip
    assert result.returncode == 4, result.stderr
    assert "stopped" in result.stderr and "Traceback" not in result.stderr
    sent = server.emulator.stats["chat_requests"]
    assert sent <= 4  # not all 40
    assert len(out.read_text().splitlines()) == sent  # every verdict judged is in the output


def test_a_rerun_that_retries_failures_counts_each_item_once(
    emulator: EmulatorServer, tmp_path: Path
) -> None:
    items = _items(tmp_path / "items.jsonl", 10)
    out = tmp_path / "out.jsonl"
    args = ("judge", "--input", str(items), "--output", str(out), "--session", "run",
            "--base-url", emulator.base_url)  # fmt: skip
    first = run_cli(*args, token="wrong-token")  # every item fails: 401
    assert first.returncode == 1
    second = run_cli(*args, token=TOKEN)
    assert second.returncode == 0, second.stderr
    db = Database.open(home_paths())
    counts = {s.name: s.evaluations for s in list_sessions(db)}
    statuses = db.conn.execute(
        "SELECT status, superseded, count(*) FROM evaluations GROUP BY status, superseded"
    ).fetchall()
    db.close()
    assert counts["run"] == 10
    # The failed attempts are kept, linked to their item, and no longer counted.
    assert sorted(tuple(r) for r in statuses) == [("error", 1, 10), ("ok", 0, 10)]


def test_a_damage_found_by_an_error_is_mended_and_the_write_done(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A database too big to check at every open is mended when a write meets the damage."""
    from judge_tui.store import repair

    db = Database.open(home_paths())
    for n in range(30):
        save_evaluation(db, "kept", make_record(n, question=f"question about apples {n}"))
    db.close()
    _damage_search_index(home_paths().database)
    monkeypatch.setattr(repair, "CHECK_AT_OPEN_BYTES", 0)  # as for a big home: not at open
    db = Database.open(home_paths())
    said: list[str] = []
    record = make_record(99, question="question about apples, after")
    repair.mended(db, lambda d: save_evaluation(d, "kept", record), said.append)
    assert len(said) == 1 and ("rebuilt" in said[0] or "copied" in said[0])
    assert {s.name: s.evaluations for s in list_sessions(db)}["kept"] == 31
    db.close()
