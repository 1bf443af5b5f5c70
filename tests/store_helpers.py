from __future__ import annotations

import uuid

from judge_tui.store.records import EvaluationRecord


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
