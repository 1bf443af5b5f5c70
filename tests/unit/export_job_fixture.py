"""A fixed batch job in the store, the same every time: what the export tests compare against
the files exported from it before exports streamed (tests/fixtures/export_fixed_job.*)."""

from __future__ import annotations

from judge_tui.store.batch_jobs import JobRecord, get_job
from judge_tui.store.db import Database
from judge_tui.store.records import EvaluationRecord
from judge_tui.store.session_list import session_id_for
from judge_tui.store.sessions import evaluation_row, insert_batch_rows

TEXTS = [
    "What is 2+2?",
    '=HYPERLINK("http://x") 危险 \x1b]52;c;eA==\x07',
    'Line one\nline two, "quoted", with a comma',
    "-3 is negative; @mention; +plus",
    "日本語の質問 [@click=app.quit]x[/] [b",
]


def fixed_job(db: Database) -> JobRecord:
    with db.transaction() as conn:
        session_id = session_id_for(conn, "batch fixed", create=True, at=1.7e9)
        conn.execute(
            "INSERT INTO batch_jobs (uid, name, session_id, status, created_at, updated_at, "
            "model) VALUES ('fixedjob', 'fixed', ?, 'done', 1.7e9, 1.7e9, 'pai-judge')",
            (session_id,),
        )
        job_id = conn.execute("SELECT id FROM batch_jobs WHERE uid = 'fixedjob'").fetchone()[0]
        rows = []
        for i in range(40):
            text = TEXTS[i % len(TEXTS)]
            failed = i % 7 == 3
            pairwise = i % 4 == 1
            inputs = (
                {"mode": "pairwise", "question": f"{text} #{i}", "answer1": "A1", "answer2": "A2"}
                if pairwise
                else {"mode": "single", "question": f"{text} #{i}", "answer": f"ans {i}",
                      "ref_answer": "ref" if i % 3 == 0 else ""}
            )  # fmt: skip
            content = (
                "" if failed else f"I think the overall score of the answer is [[{i % 5 + 1}]]."
            )
            line = (
                {"custom_id": f"c{i}", "response": {"status_code": 500, "request_id": f"r{i}",
                 "body": None}, "error": {"code": "InternalError", "message": "boom, \"x\""}}
                if failed
                else {"custom_id": f"c{i}", "response": {"status_code": 200, "request_id": f"r{i}",
                      "body": {"model": "pai-judge-plus", "created": 1700000000 + i,
                               "choices": [{"message": {"content": content}}]}}, "error": None}
            )  # fmt: skip
            record = EvaluationRecord(
                uid=f"fixedjob-c{i}", mode=inputs["mode"], status="error" if failed else "ok",
                model="pai-judge", inputs=inputs, params={"model": "pai-judge"},
                request={"model": "pai-judge"}, response=line, content=content,
                verdict={"parsed": not failed, "score": None if failed or pairwise else i % 5 + 1},
                score=None if failed or pairwise else float(i % 5 + 1),
                max_score=None if failed else 5,
                winner=("tie" if i % 8 == 1 else "1") if pairwise and not failed else None,
                usage=None if failed else {"prompt_tokens": 10, "completion_tokens": i,
                                           "total_tokens": 10 + i},
                latency_ms=None, finish_reason=None if failed else "stop",
                error="InternalError: boom" if failed else None, created_at=1.7e9 + i,
                custom_id=f"c{i}",
            )  # fmt: skip
            rows.append(evaluation_row(record, session_id, batch_job_id=job_id))
        insert_batch_rows(conn, rows)
    return get_job(db, "fixed")
