"""Sessions and their evaluations: save, list, show, search, rename, delete."""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from judge_tui.store.db import Database, now
from judge_tui.store.evaluation_row import (
    INSERT_VALUES,
    EvaluationRow,
    dump_json,
    record_values,
    row_of,
    stored_response,
)
from judge_tui.store.records import EvaluationRecord, SearchHit, SessionRecord
from judge_tui.store.search_words import match_query
from judge_tui.store.session_list import (
    SessionNotFound,
    session_id_for,
)

if TYPE_CHECKING:  # the client is not needed to read or write the store
    from judge_tui.judging.run import JudgeOutcome


def record_from_outcome(outcome: JudgeOutcome, profile: str | None) -> EvaluationRecord:
    verdict = outcome.verdict
    winner = None if verdict.winner is None else str(verdict.winner)
    return EvaluationRecord(
        uid=str(uuid.uuid4()),
        mode=outcome.inputs.mode.value,
        status=outcome.status.value,
        model=outcome.model or outcome.params.model,
        profile=profile,
        inputs=outcome.inputs.model_dump(mode="json"),
        params=outcome.params.model_dump(mode="json"),
        request=outcome.request_body,
        response=outcome.raw_response,
        content=outcome.content,
        verdict=verdict.model_dump(mode="json"),
        score=verdict.score,
        max_score=verdict.max_score,
        winner=winner,
        usage=outcome.usage,
        latency_ms=outcome.latency_ms,
        finish_reason=outcome.finish_reason,
        error=outcome.error.user_message() if outcome.error else None,
        created_at=now(),
    )


def evaluation_row(
    record: EvaluationRecord, session_id: int, *, batch_job_id: int | None = None
) -> EvaluationRow:
    """The evaluations row of a record."""
    return row_of(
        record.inputs,
        uid=record.uid, session_id=session_id, mode=record.mode, status=record.status,
        model=record.model, profile=record.profile,
        inputs_json=dump_json(record.inputs) or "{}", params_json=dump_json(record.params) or "{}",
        request_json=dump_json(record.request) or "{}",
        response_json=stored_response(record.response, record.content),
        content=record.content, verdict_json=dump_json(record.verdict) or "{}", score=record.score,
        max_score=record.max_score, winner=record.winner, usage_json=dump_json(record.usage),
        latency_ms=record.latency_ms, finish_reason=record.finish_reason, error=record.error,
        created_at=record.created_at, template_name=record.template_name,
        template_version=record.template_version, custom_id=record.custom_id,
        batch_job_id=batch_job_id,
    )  # fmt: skip


def insert_evaluation(conn: sqlite3.Connection, session_id: int, record: EvaluationRecord) -> int:
    """The new row's id (the triggers' own inserts leave it as it is)."""
    return int(
        conn.execute("INSERT" + INSERT_VALUES, evaluation_row(record, session_id)).lastrowid or 0
    )


def insert_batch_rows(conn: sqlite3.Connection, rows: Iterable[tuple[Any, ...]]) -> None:
    """Batch results as `evaluation_row` made them, in one statement. A result already stored
    (another collect of the same job got there first: an app and a shell, or two threads) is
    left as it is: OR IGNORE on its fixed uid and on (job, custom_id)."""
    conn.executemany("INSERT OR IGNORE" + INSERT_VALUES, rows)


def save_evaluation(
    db: Database, session: str, record: EvaluationRecord, item_key: str | None = None
) -> None:
    """Store a judgment. `item_key` names the item it judges (a `judge --input` line's
    custom_id): an earlier failed attempt at the same item in the session is superseded by it,
    so a rerun that retries failures counts each item once."""
    if item_key is not None:
        record = record.model_copy(update={"custom_id": item_key})
    with db.transaction() as conn:
        session_id = session_id_for(conn, session, create=True)
        if item_key is not None:
            conn.execute(
                """UPDATE evaluations SET superseded = 1
                   WHERE session_id = ? AND custom_id = ? AND batch_job_id IS NULL
                     AND status = 'error' AND question = ? AND superseded = 0""",
                (session_id, item_key, str(record.inputs.get("question", ""))),
            )
        insert_evaluation(conn, session_id, record)
        conn.execute("UPDATE sessions SET updated_at = ? WHERE id = ?", (now(), session_id))


def row_to_record(row: sqlite3.Row) -> EvaluationRecord:
    return EvaluationRecord(**record_values(row))


def get_session(db: Database, name: str) -> SessionRecord:
    row = db.conn.execute("SELECT * FROM sessions WHERE name = ?", (name,)).fetchone()
    if row is None:
        raise SessionNotFound(f"There is no session named {name!r}; see judge-tui sessions list.")
    return SessionRecord(
        name=row["name"],
        notes=row["notes"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )


def session_evaluations(
    db: Database, name: str, *, limit: int | None = None, newest_first: bool = True
) -> list[EvaluationRecord]:
    session_id = session_id_for(db.conn, name, create=False)
    order = "DESC" if newest_first else "ASC"
    sql = (
        "SELECT * FROM evaluations WHERE session_id = ? AND superseded = 0 "
        f"ORDER BY created_at {order}, id {order}"
    )
    params: tuple[Any, ...] = (session_id,)
    if limit is not None:
        sql += " LIMIT ?"
        params += (limit,)
    return [row_to_record(r) for r in db.conn.execute(sql, params).fetchall()]


EXPORT_PAGE = 1000


def iter_session_rows(db: Database, name: str, *, columns: str = "*") -> Iterator[sqlite3.Row]:
    """A session's stored rows (`columns` of them), oldest first, read a page at a time
    (exports of any size)."""
    session_id = session_id_for(db.conn, name, create=False)
    cursor = db.conn.execute(
        f"SELECT {columns} FROM evaluations WHERE session_id = ? AND superseded = 0 "
        "ORDER BY created_at ASC, id ASC",
        (session_id,),
    )
    while page := cursor.fetchmany(EXPORT_PAGE):
        yield from page


def iter_session_evaluations(db: Database, name: str) -> Iterator[EvaluationRecord]:
    """A session's evaluations as records, oldest first, a page at a time."""
    for row in iter_session_rows(db, name):
        yield row_to_record(row)


def evaluations_by_uid(db: Database, uids: list[str]) -> list[EvaluationRecord]:
    """Just these evaluations, in the order given (search hits), whichever session holds them."""
    if not uids:
        return []
    marks = ",".join("?" * len(uids))
    rows = db.conn.execute(f"SELECT * FROM evaluations WHERE uid IN ({marks})", uids).fetchall()
    found = {row["uid"]: row_to_record(row) for row in rows}
    return [found[uid] for uid in uids if uid in found]


def rename_session(db: Database, old: str, new: str) -> None:
    if not new.strip():
        raise ValueError("The new name is empty; give a name.")
    with db.transaction() as conn:
        session_id = session_id_for(conn, old, create=False)
        if conn.execute("SELECT 1 FROM sessions WHERE name = ?", (new,)).fetchone():
            raise ValueError(f"A session named {new!r} already exists; choose another name.")
        conn.execute(
            "UPDATE sessions SET name = ?, updated_at = ? WHERE id = ?", (new, now(), session_id)
        )


def delete_session(db: Database, name: str) -> int:
    with db.transaction() as conn:
        session_id = session_id_for(conn, name, create=False)
        count = conn.execute(
            "SELECT count(*) FROM evaluations WHERE session_id = ?", (session_id,)
        ).fetchone()[0]
        conn.execute("DELETE FROM sessions WHERE id = ?", (session_id,))
    return int(count)


def search(db: Database, text: str, *, limit: int = 50) -> list[SearchHit]:
    """The latest evaluations whose question, answers or verdict hold every word of `text` (the
    start of a word, or Chinese and Japanese anywhere: store/search_words.py). What the index
    cannot look up is found by a scan for `text` as it is typed."""
    text = text.strip()
    if not text:
        return []
    query = match_query(text)
    if query is not None:
        rows = db.conn.execute(
            """SELECT e.*, s.name AS session_name FROM evaluations_fts f
               JOIN evaluations e ON e.id = f.rowid JOIN sessions s ON s.id = e.session_id
               WHERE evaluations_fts MATCH ? ORDER BY e.created_at DESC LIMIT ?""",
            (query, limit),
        ).fetchall()
    else:
        like = f"%{text.replace('%', '').replace('_', '')}%"
        rows = db.conn.execute(
            """SELECT e.*, s.name AS session_name FROM evaluations e
               JOIN sessions s ON s.id = e.session_id
               WHERE e.question LIKE ? OR e.answer LIKE ? OR e.answer1 LIKE ? OR e.answer2 LIKE ?
                  OR e.content LIKE ?
               ORDER BY e.created_at DESC LIMIT ?""",
            (like, like, like, like, like, limit),
        ).fetchall()
    return [_hit(row, text) for row in rows]


def _hit(row: sqlite3.Row, text: str) -> SearchHit:
    needle = text.split()[0].lower()
    snippet = ""
    spans: list[tuple[int, int]] = []
    for column in ("question", "answer", "answer1", "answer2", "content"):
        value: str = row[column] or ""
        at = value.lower().find(needle)
        if at != -1:
            start = max(0, at - 30)
            snippet = value[start : at + len(needle) + 50].replace("\n", " ")
            spans = [(at - start, at - start + len(needle))]
            break
    return SearchHit(
        session=row["session_name"], uid=row["uid"], mode=row["mode"], score=row["score"],
        winner=row["winner"], question=row["question"], snippet=snippet, spans=spans,
    )  # fmt: skip
