from __future__ import annotations

import uuid

from judge_tui.store.db import Database
from judge_tui.store.records import EvaluationRecord
from judge_tui.store.session_list import session_id_for
from judge_tui.store.sessions import evaluation_row, insert_batch_rows


def make_record(
    i: int = 0, question: str = "What is 2+2?", created_at: float = 1.0e9
) -> EvaluationRecord:
    return EvaluationRecord(
        uid=str(uuid.uuid4()),
        mode="single",
        status="ok",
        model="pai-judge",
        profile=None,
        inputs={"mode": "single", "question": f"{question} #{i}", "answer": f"answer {i}"},
        params={"model": "pai-judge", "stream": False},
        request={"model": "pai-judge", "messages": []},
        response={"id": f"chatcmpl-{i}"},
        content=f"I think the overall score of the answer is [[{i % 5 + 1}]].",
        verdict={"parsed": True, "score": i % 5 + 1},
        score=i % 5 + 1,
        max_score=5,
        usage={"total_tokens": 10},
        latency_ms=5,
        finish_reason="stop",
        created_at=created_at + i,
    )


def add_batch_records(db: Database, session: str, records: list[EvaluationRecord]) -> None:
    """Records stored as a collect stores a batch job's results (a job named as the session):
    waiting to be indexed for search and counted for analysis."""
    with db.transaction() as conn:
        session_id = session_id_for(conn, session, create=True)
        conn.execute(
            "INSERT INTO batch_jobs (uid, name, status, created_at, updated_at) "
            "VALUES (?, ?, 'done', 0, 0)",
            (str(uuid.uuid4()), session),
        )
        job_id = conn.execute("SELECT max(id) FROM batch_jobs").fetchone()[0]
        rows = [evaluation_row(record, session_id, batch_job_id=job_id) for record in records]
        insert_batch_rows(conn, rows)
        insert_batch_rows(conn, rows)  # a second collect of the same results adds nothing


def add_batch_results(db: Database, session: str, questions: list[str]) -> None:
    """Results of a batch job, stored as a collect stores them: waiting to be indexed."""
    records = [
        make_record(i, question).model_copy(update={"uid": f"{session}-u{i}", "custom_id": f"c{i}"})
        for i, question in enumerate(questions)
    ]
    add_batch_records(db, session, records)
