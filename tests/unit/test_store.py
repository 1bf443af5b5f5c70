"""The local home: files, permissions, the SQLite store, migrations, export and import."""

from __future__ import annotations

import json
import os
import sqlite3
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from judge_tui.store.config import AppConfig, ConfigError, Profile, load_config, save_config
from judge_tui.store.credentials import load_tokens, resolve_token, store_token
from judge_tui.store.db import Database, StoreError, migrate
from judge_tui.store.exchange import export_session, import_jsonl
from judge_tui.store.paths import HomePaths, home_paths
from judge_tui.store.records import EvaluationRecord
from judge_tui.store.schema import SCHEMA_VERSION, V1
from judge_tui.store.search_index import index_backlog
from judge_tui.store.session_list import list_sessions
from judge_tui.store.sessions import (
    delete_session,
    evaluations_by_uid,
    rename_session,
    save_evaluation,
    search,
    session_evaluations,
)

from ..store_helpers import add_batch_results, make_record


@pytest.fixture
def paths(tmp_path: Path) -> HomePaths:
    return HomePaths(tmp_path / "home").ensure()


def test_home_comes_from_the_environment(private_home: Path) -> None:
    assert home_paths().root == private_home


def test_credentials_are_0600_in_a_0700_home_and_never_in_config(paths: HomePaths) -> None:
    save_config(
        paths, AppConfig(profiles={"p": Profile(base_url="https://x/v1")}, default_profile="p")
    )
    store_token(paths, "p", "Bearer sk-very-secret-123")
    assert stat.S_IMODE(paths.root.stat().st_mode) == 0o700
    assert stat.S_IMODE(paths.credentials.stat().st_mode) == 0o600
    assert "sk-very-secret-123" not in paths.config.read_text()
    assert load_tokens(paths) == {"p": "sk-very-secret-123"}  # the pasted "Bearer " is gone
    token = resolve_token(paths, "p", environ={})
    assert token is not None and token.source == "credentials.toml (profile p)"
    env_token = resolve_token(paths, "p", environ={"THEMIS_TOKEN": "from-env-456"})
    assert env_token is not None and env_token.value == "from-env-456"


def test_a_config_syntax_error_names_the_file_and_line(paths: HomePaths) -> None:
    paths.config.write_text('default_profile = "a"\n[profiles.a\nbase_url = 1\n')
    with pytest.raises(ConfigError) as err:
        load_config(paths)
    assert str(paths.config) in str(err.value) and "line 2" in str(err.value)


def test_a_token_written_into_config_is_refused(paths: HomePaths) -> None:
    paths.config.write_text('[profiles.a]\nbase_url = "https://x/v1"\ntoken = "sk-1"\n')
    with pytest.raises(ConfigError) as err:
        load_config(paths)
    assert "credentials.toml" in str(err.value) and "sk-1" not in str(err.value)


def test_sessions_save_list_show_rename_delete(paths: HomePaths) -> None:
    db = Database.open(paths)
    for i in range(3):
        save_evaluation(db, "work", make_record(i))
    save_evaluation(db, "scratch", make_record(9))
    assert {(s.name, s.evaluations) for s in list_sessions(db)} == {("work", 3), ("scratch", 1)}
    shown = session_evaluations(db, "work")
    assert [r.inputs["question"] for r in shown] == [
        "What is 2+2? #2",
        "What is 2+2? #1",
        "What is 2+2? #0",
    ]
    rename_session(db, "work", "project")
    with pytest.raises(ValueError):
        rename_session(db, "project", "scratch")
    assert delete_session(db, "project") == 3
    assert db.conn.execute("SELECT count(*) FROM evaluations").fetchone()[0] == 1


def test_search_finds_questions_answers_and_verdicts_in_any_language(paths: HomePaths) -> None:
    db = Database.open(paths)
    save_evaluation(db, "a", make_record(1, question="社交媒体对人际关系的影响"))
    save_evaluation(db, "b", make_record(2, question="Effects of [@click=app.quit] social media"))
    save_evaluation(db, "c", make_record(3, question="Café — GPT的回答很好 pai-judge"))
    assert [h.session for h in search(db, "人际")] == ["a"]
    assert [h.session for h in search(db, "人际关系")] == ["a"]
    assert [h.session for h in search(db, "SOCIAL")] == ["b"]
    # Words are found by their start, accents and case folded; Chinese anywhere.
    assert [h.session for h in search(db, "judg")] == ["c"]
    assert search(db, "udge") == []
    assert [h.session for h in search(db, "cafe 回答")] == ["c"]
    assert [h.session for h in search(db, "gpt的")] == ["c"]
    assert [h.session for h in search(db, "—")] == ["c"]  # no letter in it: a scan
    assert [h.session for h in search(db, "overall score")] == ["c", "b", "a"]
    assert search(db, 'NEAR("x" AND') == []  # user text is never FTS syntax
    hit = search(db, "click")[0]
    start, end = hit.spans[0]
    assert hit.snippet[start:end] == "click"


def test_a_version_1_database_is_migrated_and_keeps_its_data(paths: HomePaths) -> None:
    conn = sqlite3.connect(paths.database)
    conn.executescript(V1)
    conn.execute("INSERT INTO sessions VALUES (1, 'old', '', 1, 1)")
    conn.execute(
        """INSERT INTO evaluations (uid, session_id, mode, status, model, question, inputs_json,
           params_json, request_json, content, verdict_json, created_at)
           VALUES ('u1', 1, 'single', 'ok', 'pai-judge', 'ancient question', '{}', '{}', '{}',
                   'overall score [[4]]', '{}', 1)"""
    )
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    db = Database.open(paths)
    assert db.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert index_backlog(db) == 1  # what `sessions search` and the app do first (schema 9)
    assert [h.uid for h in search(db, "ancient")] == ["u1"]
    assert migrate(db.conn) == SCHEMA_VERSION  # a second open changes nothing


def test_a_corrupt_database_is_set_aside_and_a_new_one_started(paths: HomePaths) -> None:
    paths.database.write_bytes(b"this is not a database" * 100)
    db = Database.open(paths)
    assert len(db.notes) == 1 and "judge.db.corrupt-1" in db.notes[0]
    assert (paths.root / "judge.db.corrupt-1").read_bytes().startswith(b"this is not")
    save_evaluation(db, "fresh", make_record())
    assert list_sessions(db)[0].name == "fresh"


def _records() -> st.SearchStrategy[EvaluationRecord]:
    text = st.text(max_size=40)
    return st.builds(
        EvaluationRecord,
        uid=st.uuids().map(str),
        mode=st.sampled_from(["single", "pairwise", "custom"]),
        status=st.sampled_from(["ok", "error", "unparsed", "truncated"]),
        model=text,
        profile=st.none() | text,
        inputs=st.fixed_dictionaries({"question": text, "answer": text}),
        params=st.fixed_dictionaries({"temperature": st.none() | st.floats(0, 1.9)}),
        request=st.dictionaries(st.text(max_size=5), text, max_size=3),
        response=st.none() | st.dictionaries(st.text(max_size=5), st.integers(), max_size=3),
        content=text,
        verdict=st.fixed_dictionaries({"parsed": st.booleans()}),
        score=st.none() | st.floats(1, 5),
        max_score=st.none() | st.integers(2, 10),
        winner=st.none() | st.sampled_from(["1", "2", "tie"]),
        usage=st.none() | st.fixed_dictionaries({"total_tokens": st.integers(0, 10**6)}),
        latency_ms=st.none() | st.integers(0, 10**6),
        finish_reason=st.none() | st.sampled_from(["stop", "length"]),
        error=st.none() | text,
        created_at=st.floats(0, 2e9),
        template_name=st.none() | text,
        template_version=st.none() | text,
        custom_id=st.none() | text,
    )


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    records=st.lists(_records(), max_size=6, unique_by=lambda r: r.uid),
    name=st.text(min_size=1, max_size=20),
)
def test_export_then_import_into_an_empty_home_is_lossless(
    tmp_path: Path, records: list[EvaluationRecord], name: str
) -> None:
    source = Database.open(HomePaths(tmp_path / f"src-{os.urandom(4).hex()}"))
    for record in records:
        save_evaluation(source, name, record)
    if not records:
        return
    exported = export_session(source, name, "jsonl")
    target = Database.open(HomePaths(tmp_path / f"dst-{os.urandom(4).hex()}"))
    assert import_jsonl(target, exported) == ([name], len(records), 0)

    def by_uid(db: Database) -> dict[str, EvaluationRecord]:
        return {r.uid: r for r in session_evaluations(db, name)}

    assert by_uid(target) == by_uid(source)
    assert export_session(target, name, "jsonl") == exported
    assert import_jsonl(target, exported)[1:] == (0, len(records))  # importing twice adds nothing


def test_a_bad_import_file_adds_nothing(paths: HomePaths) -> None:
    db = Database.open(paths)
    save_evaluation(db, "s", make_record())
    good = export_session(db, "s", "jsonl").replace(b'"name":"s"', b'"name":"t"')
    with pytest.raises(ValueError) as err:
        import_jsonl(db, good + b"not json\n")
    assert "line 3" in str(err.value)
    assert [s.name for s in list_sessions(db)] == ["s"]


WRITER = textwrap.dedent(
    """
    import sys
    sys.path.insert(0, {tests!r})
    from judge_tui.store.db import Database
    from judge_tui.store.paths import HomePaths
    from judge_tui.store.sessions import save_evaluation
    from store_helpers import make_record
    db = Database.open(HomePaths(__import__("pathlib").Path({home!r})))
    for i in range({count}):
        save_evaluation(db, sys.argv[1], make_record(i))
    """
)


def test_two_processes_writing_at_once_lose_nothing(paths: HomePaths) -> None:
    script = WRITER.format(tests=str(Path(__file__).parents[1]), home=str(paths.root), count=200)
    procs = [subprocess.Popen([sys.executable, "-c", script, f"writer-{n}"]) for n in range(2)]
    assert [p.wait(timeout=120) for p in procs] == [0, 0]
    db = Database.open(paths)
    assert {(s.name, s.evaluations) for s in list_sessions(db)} == {
        ("writer-0", 200),
        ("writer-1", 200),
    }


def test_sigkill_in_the_middle_of_writing_leaves_a_home_that_opens(paths: HomePaths) -> None:
    script = WRITER.format(tests=str(Path(__file__).parents[1]), home=str(paths.root), count=100000)
    proc = subprocess.Popen([sys.executable, "-c", script, "doomed"])
    db = Database.open(paths)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:  # wait until it is writing, then kill it mid-stream
        if db.conn.execute("SELECT count(*) FROM evaluations").fetchone()[0] >= 50:
            break
    proc.kill()
    proc.wait()
    db.close()
    reopened = Database.open(paths)
    assert reopened.notes == []
    count = reopened.conn.execute("SELECT count(*) FROM evaluations").fetchone()[0]
    assert count >= 50
    assert reopened.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert len(search(reopened, "What is")) > 0
    assert (
        json.loads(export_session(reopened, "doomed", "jsonl").split(b"\n")[0])["name"] == "doomed"
    )


def test_a_database_that_cannot_be_opened_is_not_mistaken_for_corrupt(paths: HomePaths) -> None:
    paths.database.mkdir()  # exists, but SQLite cannot open it as a file
    with pytest.raises(StoreError) as err:
        Database.open(paths)
    assert "cannot be opened" in str(err.value)
    assert paths.database.is_dir() and not (paths.root / "judge.db.corrupt-1").exists()


def test_evaluations_by_uid_keep_the_order_asked_and_skip_unknown(paths: HomePaths) -> None:
    db = Database.open(paths)
    records = [make_record(i) for i in range(3)]
    for n, record in enumerate(records):
        save_evaluation(db, f"s{n}", record)
    wanted = [records[2].uid, "no-such-uid", records[0].uid]
    assert [r.uid for r in evaluations_by_uid(db, wanted)] == [records[2].uid, records[0].uid]
    assert evaluations_by_uid(db, []) == []


def test_batch_results_are_searchable_once_their_backlog_is_indexed(paths: HomePaths) -> None:
    """Batch rows skip the index trigger and wait in a backlog (schema V4); indexing it, in
    slices, makes them searchable, and a row deleted meanwhile leaves the backlog too."""
    from judge_tui.store.search_index import backlog_size, index_backlog, index_slice

    db = Database.open(paths)
    add_batch_results(db, "b", [f"Which moon? [@click=app.quit]x[/] {i}" for i in range(7)])
    assert backlog_size(db) == 7
    assert search(db, "Which moon") == []
    assert index_slice(db, limit=3) == 3
    assert len(search(db, "Which moon")) == 3
    with db.transaction() as conn:
        conn.execute("DELETE FROM evaluations WHERE uid = 'b-u6'")
    assert index_backlog(db) == 3
    assert backlog_size(db) == 0
    assert sorted(h.uid for h in search(db, "Which moon")) == [f"b-u{i}" for i in range(6)]


def test_the_exported_record_is_the_stored_row_with_its_json_decoded() -> None:
    """One shape: the record an export writes and an import reads has the row's fields, in the
    row's order, less the columns that repeat the inputs or say where the row is kept."""
    from judge_tui.store.evaluation_row import RECORD_FIELDS, EvaluationRow
    from judge_tui.store.records import EvaluationRecord

    assert tuple(EvaluationRecord.model_fields) == RECORD_FIELDS
    assert set(RECORD_FIELDS) <= {f.removesuffix("_json") for f in EvaluationRow._fields}


def test_every_field_of_the_row_shape_is_a_column_of_the_table() -> None:
    from judge_tui.store.evaluation_row import EvaluationRow

    db = Database.open(home_paths())
    try:
        columns = {row[1] for row in db.conn.execute("PRAGMA table_info(evaluations)")}
    finally:
        db.close()
    assert set(EvaluationRow._fields) <= columns
