"""The search index keeps no copy of the text (schema 9): it is told what each row held when the
row is indexed and when it is deleted. These tests hold the index to the rows it should cover,
through every way a row comes and goes, and a home from before schema 9 to what it held."""

from __future__ import annotations

import random
import re
import sqlite3
from pathlib import Path

import pytest

from judge_tui.store.db import Database, _statements
from judge_tui.store.paths import HomePaths, home_paths
from judge_tui.store.schema import MIGRATIONS
from judge_tui.store.search_index import backlog_size, index_backlog, index_slice
from judge_tui.store.sessions import delete_session, save_evaluation, search

from ..store_helpers import add_batch_results, make_record


@pytest.fixture
def paths(tmp_path: Path) -> HomePaths:
    return home_paths()


def index_agrees_with_its_rows(db: Database) -> None:
    """FTS5's own check, with rank 1: every row the index should cover (the view) is in it as it
    is, and nothing else is. Raises sqlite3.DatabaseError otherwise."""
    db.conn.execute(
        "INSERT INTO evaluations_fts(evaluations_fts, rank) VALUES ('integrity-check', 1)"
    )


def found(db: Database, text: str) -> list[str]:
    return sorted(hit.uid for hit in search(db, text, limit=1000))


def test_the_index_holds_no_copy_of_what_it_indexes(paths: HomePaths) -> None:
    db = Database.open(paths)
    record = make_record(1, question="Where do comets come from?")
    save_evaluation(db, "s", record)
    tables = {r[0] for r in db.conn.execute("SELECT name FROM sqlite_master")}
    assert "evaluations_fts_content" not in tables
    assert found(db, "comets") == [record.uid]
    index_agrees_with_its_rows(db)


def test_rows_indexed_or_waiting_can_be_deleted_in_any_order(paths: HomePaths) -> None:
    """Online rows (indexed as they are written) and batch rows (indexed later, in slices),
    deleted before and after their slice: a search finds exactly the rows that are left."""
    db = Database.open(paths)
    rng = random.Random(7)
    online = {
        f"online{i}": make_record(i, question=f"online question token{i:03d} [b") for i in range(30)
    }
    for name, record in online.items():
        save_evaluation(db, name, record.model_copy(update={"uid": name}))
    add_batch_results(db, "batch", [f"batch question token{100 + i:03d}" for i in range(40)])
    kept = {name: f"token{int(name[6:]):03d}" for name in online}
    kept |= {f"batch-u{i}": f"token{100 + i:03d}" for i in range(40)}
    index_slice(db, limit=15)  # some of the batch is indexed, the rest waits
    index_agrees_with_its_rows(db)
    for uid in rng.sample(sorted(kept), 25):
        with db.transaction() as conn:
            conn.execute("DELETE FROM evaluations WHERE uid = ?", (uid,))
        del kept[uid]
    index_agrees_with_its_rows(db)
    index_backlog(db)
    index_agrees_with_its_rows(db)
    assert delete_session(db, "online3") in (0, 1)
    kept.pop("online3", None)
    index_agrees_with_its_rows(db)
    assert found(db, "question") == sorted(kept)
    for uid, token in kept.items():
        assert found(db, token) == [uid]


def _old_home(
    path: Path, version: int, online_question: str = "an ancient online question"
) -> None:
    """A home as schema 8 or 9 left it (a trigram index; 8's with its own copy of the text): an
    online judgment, indexed as it was written, a batch result indexed, one waiting."""
    conn = sqlite3.connect(path, isolation_level=None)
    for script in MIGRATIONS[:version]:
        for statement in _statements(script):
            conn.execute(statement)
    conn.execute(f"PRAGMA user_version = {version}")
    conn.execute("INSERT INTO sessions VALUES (1, 'old', '', 1, 1)")
    conn.execute(
        "INSERT INTO batch_jobs (id, uid, name, status, created_at, updated_at) VALUES (1, 'j', 'j', 'done', 0, 0)"
    )
    for uid, question, job in (
        ("online", online_question, None),
        ("indexed", "an ancient batch question", 1),
        ("waiting", "an ancient waiting question", 1),
    ):
        conn.execute(
            """INSERT INTO evaluations (uid, session_id, mode, status, model, question,
               inputs_json, params_json, request_json, content, verdict_json, created_at,
               custom_id, batch_job_id)
               VALUES (?, 1, 'single', 'ok', 'pai-judge', ?, '{}', '{}', '{}',
                       'overall score [[4]]', '{}', 1, ?, ?)""",
            (uid, question, uid, job),
        )
    conn.execute(  # what the old index was given for the batch result it indexed
        "INSERT INTO evaluations_fts(rowid, question, answers, content) "
        "SELECT id, question, answer || ' ' || answer1 || ' ' || answer2, content "
        "FROM evaluations WHERE uid = 'indexed'"
    )
    conn.execute(
        "DELETE FROM search_backlog WHERE evaluation_id = (SELECT id FROM evaluations WHERE uid = 'indexed')"
    )
    conn.close()


def test_a_version_8_home_finds_everything_it_held_once_indexed_again(paths: HomePaths) -> None:
    _old_home(paths.database, 8)
    zeroing = sqlite3.connect(":memory:").execute("PRAGMA secure_delete").fetchone()[0]
    db = Database.open(paths)
    # The migration dropped the old index without zeroing its pages; what the user deletes
    # afterwards is zeroed as SQLite's build does by default.
    assert db.conn.execute("PRAGMA secure_delete").fetchone()[0] == zeroing
    assert backlog_size(db) == 3  # every result is indexed again, the next search first
    index_agrees_with_its_rows(db)
    assert index_backlog(db) == 3
    index_agrees_with_its_rows(db)
    assert found(db, "ancient") == ["indexed", "online", "waiting"]
    delete_session(db, "old")
    assert found(db, "ancient") == []
    index_agrees_with_its_rows(db)


def test_a_version_9_home_is_indexed_again_by_words_and_finds_what_it_held(
    paths: HomePaths,
) -> None:
    _old_home(paths.database, 9, "an ancient online question 人际关系")
    db = Database.open(paths)
    assert backlog_size(db) == 3  # the trigram index is gone; all is indexed again
    index_agrees_with_its_rows(db)
    assert found(db, "ANCIEN") == []  # waiting for the next search's indexing, not lost
    assert index_backlog(db) == 3
    index_agrees_with_its_rows(db)
    assert found(db, "ancien") == ["indexed", "online", "waiting"]
    assert found(db, "际关") == ["online"]
    with db.transaction() as conn:
        conn.execute("DELETE FROM evaluations WHERE uid = 'indexed'")
    index_agrees_with_its_rows(db)
    assert found(db, "ancient") == ["online", "waiting"]


def _word_starts(text: str) -> set[str]:
    return {word for word in re.findall(r"[a-z0-9]+", text.lower())}


def test_search_agrees_with_a_scan_on_random_texts(paths: HomePaths) -> None:
    """Reference: a Latin word is found at the start of any word of the text, case folded; a
    run of Chinese characters is found anywhere in a text written without spaces."""
    rng = random.Random(10)
    db = Database.open(paths)
    syllables = ["ka", "ro", "mi", "te", "su", "NA", "lo", "Pe"]
    hanzi = "人际关系社交媒体的影响评价回答"
    latin: dict[str, str] = {}
    chinese: dict[str, str] = {}
    for i in range(60):
        words = ["".join(rng.choices(syllables, k=rng.randint(2, 4))) for _ in range(6)]
        latin[f"latin{i}"] = " ".join(words) + rng.choice([".", ", [b", " — 3/5"])
        chinese[f"chinese{i}"] = "".join(rng.choices(hanzi, k=rng.randint(4, 30)))
    for uid, question in (latin | chinese).items():
        save_evaluation(db, uid, make_record(0, question=question).model_copy(update={"uid": uid}))
    for _ in range(60):
        text = latin[rng.choice(sorted(latin))]
        word = rng.choice(text.split()[:6])
        prefix = word[: rng.randint(3, len(word))]
        expected = sorted(
            uid
            for uid, q in latin.items()
            if any(w.startswith(prefix.lower()) for w in _word_starts(q))
        )
        assert found(db, prefix.swapcase()) == expected, prefix
        text = chinese[rng.choice(sorted(chinese))]
        start = rng.randrange(len(text))
        needle = text[start : start + rng.randint(1, 4)]
        assert found(db, needle) == sorted(uid for uid, q in chinese.items() if needle in q)
