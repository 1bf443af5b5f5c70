"""What counting the analysis figures costs a write (schema 7's narrow tables, schema 8's
rollups): microseconds per judgment saved online, and per batch result when analysis catches up
with a collect (store/figures.py). Run it in two checkouts, alternating, to compare them:

    for tree in old new; do PYTHONPATH=$tree python benchmarks/figures_write.py; done

The verdicts are the emulator's (five criteria each), read by our reader.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.analysis_scale import verdict_texts
from judge_tui.store.db import Database
from judge_tui.store.evaluation_row import dump_json, row_of
from judge_tui.store.figures import catch_up_figures
from judge_tui.store.paths import HomePaths
from judge_tui.store.session_list import session_id_for
from judge_tui.store.sessions import insert_batch_rows


def rows(session_id: int, job: int | None, count: int, start: int) -> list[tuple[object, ...]]:
    verdicts = verdict_texts(50)
    out = []
    for i in range(start, start + count):
        text, verdict = verdicts[i % len(verdicts)]
        inputs = {"mode": "single", "question": f"Question {i}?", "answer": "A" * (i % 300)}
        usage = {"prompt_tokens": 300 + i % 50, "completion_tokens": 120, "total_tokens": 420}
        out.append(row_of(
            inputs, uid=str(uuid.uuid4()), session_id=session_id, mode="single", status="ok",
            model="pai-judge", profile=None, inputs_json=dump_json(inputs) or "{}",
            params_json="{}", request_json="{}", response_json=None, content=text,
            verdict_json=dump_json(verdict) or "{}", score=verdict["score"], max_score=5,
            winner=None, usage_json=dump_json(usage), latency_ms=200 + i % 2800,
            finish_reason="stop", error=None, created_at=1.7e9 + i, template_name=None,
            template_version=None, custom_id=f"item-{i}", batch_job_id=job,
        ))  # fmt: skip
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--online", type=int, default=2_000)
    parser.add_argument("--batch", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    online, caught = [], []
    for _ in range(args.runs):
        with tempfile.TemporaryDirectory() as tmp:
            db = Database.open(HomePaths(Path(tmp) / "home"))
            with db.transaction() as conn:
                session_id = session_id_for(conn, "s", create=True)
                conn.execute(
                    "INSERT INTO batch_jobs (uid, name, status, created_at, updated_at) "
                    "VALUES ('j', 'j', 'done', 0, 0)"
                )
            prepared = rows(session_id, None, args.online, 0)
            started = time.perf_counter()
            for row in prepared:  # one transaction each, as a judgment is saved online
                with db.transaction() as conn:
                    insert_batch_rows(conn, [row])
            online.append((time.perf_counter() - started) / args.online * 1e6)
            with db.transaction() as conn:
                insert_batch_rows(conn, rows(session_id, 1, args.batch, args.online))
            started = time.perf_counter()
            catch_up_figures(db)
            caught.append((time.perf_counter() - started) / args.batch * 1e6)
            db.close()
    print(f"online save, per judgment      {statistics.median(online):7.1f} µs")
    print(f"catch-up after collect, per row {statistics.median(caught):7.1f} µs")


if __name__ == "__main__":
    main()
