"""Indexing a collect's results for search, as the user waits for it: `judge-tui sessions search`
as a process indexes what a collect left on the backlog, then searches (store/search_index.py;
issue 13 asks for at least 20 MB/s). Three kinds of text, because a trigram index costs what the
text's variety costs: the emulator's verdicts (one template, few distinct trigrams), varied
English-like words, and Chinese with its characters as frequent as in written text.

    python benchmarks/search_index.py [--results 20000] [--runs 3]

To compare two trees, run each tree's copy, alternating (each measures its own tree):

    for tree in old new old new; do python $tree/benchmarks/search_index.py; done

`--bound` also times SQLite's FTS5 alone on the same texts, one column in memory, with no home
around it: the trigram tokenizer (what the index uses: substring search in any language) and the
unicode61 word tokenizer, with Chinese also split into one token a character. That is what
bounds the indexing speed, whatever judge-tui does around it.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.analysis_scale import verdict_texts
from judge_tui.store.db import Database
from judge_tui.store.evaluation_row import dump_json, row_of
from judge_tui.store.paths import HomePaths
from judge_tui.store.session_list import session_id_for
from judge_tui.store.sessions import insert_batch_rows

ROOT = Path(__file__).resolve().parent.parent


def texts(kind: str, count: int) -> list[str]:
    rng = random.Random(13)
    if kind == "verdicts":
        verdicts = verdict_texts(50)
        return [verdicts[i % len(verdicts)][0] for i in range(count)]
    if kind == "words":
        words = ["".join(rng.choices("abcdefghijklmnopqrstuvwxyz", k=rng.randint(2, 9)))
                 for _ in range(5000)]  # fmt: skip
        return [" ".join(rng.choices(words, k=150)) for _ in range(count)]
    # 3,000 characters drawn as often as their rank says (Zipf), as in written Chinese, where
    # the commonest thousand make up about nine tenths of a text.
    common = [chr(c) for c in range(0x4E00, 0x4E00 + 3000)]
    weights = [1 / rank for rank in range(1, len(common) + 1)]
    return ["".join(rng.choices(common, weights, k=400)) for _ in range(count)]


def fill(db: Database, kind: str, count: int) -> float:
    """`count` batch results waiting on the backlog, as a collect leaves them; returns the MB of
    text the index takes in (question, answers and verdict)."""
    with db.transaction() as conn:
        session_id = session_id_for(conn, "bench", create=True)
        conn.execute(
            "INSERT INTO batch_jobs (id, uid, name, status, created_at, updated_at) "
            "VALUES (1, 'bench', 'bench', 'done', 0, 0)"
        )
    chars = 0
    rows = []
    for i, text in enumerate(texts(kind, count)):
        inputs = {"mode": "single", "question": f"Question {i}?", "answer": f"Answer {i}"}
        chars += len(text) + len(inputs["question"]) + len(inputs["answer"])
        rows.append(row_of(
            inputs, uid=str(uuid.uuid4()), session_id=session_id, mode="single", status="ok",
            model="pai-judge", profile=None, inputs_json=dump_json(inputs) or "{}",
            params_json="{}", request_json="{}", response_json=None, content=text,
            verdict_json="{}", score=4.0, max_score=5, winner=None, usage_json=None,
            latency_ms=None, finish_reason="stop", error=None, created_at=1.7e9 + i,
            template_name=None, template_version=None, custom_id=f"item-{i}", batch_job_id=1,
        ))  # fmt: skip
    with db.bulk_writes(), db.transaction() as conn:
        insert_batch_rows(conn, rows)
    return chars * 3 / 1e6 if kind == "chinese" else chars / 1e6  # UTF-8 bytes


_CJK = re.compile(r"([\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff])")


def fts5_alone_mb_s(rows: list[str], tokenizer: str, *, split_cjk: bool = False) -> float:
    """MB/s of FTS5 alone indexing `rows` (one column, in memory, one transaction)."""
    conn = sqlite3.connect(":memory:")
    conn.execute(f"CREATE VIRTUAL TABLE t USING fts5(content, tokenize='{tokenizer}')")
    if split_cjk:
        rows = [_CJK.sub(r" \1 ", row) for row in rows]
    mb = sum(len(row.encode()) for row in rows) / 1e6
    started = time.perf_counter()
    with conn:
        conn.executemany("INSERT INTO t(rowid, content) VALUES (?, ?)", enumerate(rows))
    seconds = time.perf_counter() - started
    conn.close()
    return mb / seconds


def print_bound(kind: str, count: int) -> None:
    rows = texts(kind, count)
    trigram = fts5_alone_mb_s(rows, "trigram")
    words = fts5_alone_mb_s(rows, "unicode61")
    line = f"    FTS5 alone: trigram {trigram:5.1f} MB/s, unicode61 words {words:5.1f} MB/s"
    if kind == "chinese":
        split = fts5_alone_mb_s(rows, "unicode61", split_cjk=True)
        line += f" (a token a character: {split:4.1f} MB/s)"
    print(line)


def search_seconds(home: Path) -> float:
    env = dict(os.environ, JUDGE_TUI_HOME=str(home), PYTHONPATH=str(ROOT))  # this tree's
    command = [sys.executable, "-m", "judge_tui", "sessions", "search", "nothing matches this"]
    started = time.perf_counter()
    subprocess.run(command, env=env, check=True, capture_output=True, cwd=home)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--results", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--kinds", default="verdicts,words,chinese")
    parser.add_argument("--bound", action="store_true", help="also time FTS5 alone")
    args = parser.parse_args()
    print(f"{args.results} results waiting to be indexed; median of {args.runs} runs")
    for kind in args.kinds.split(","):
        first, again, sizes = [], [], []
        for _ in range(args.runs):
            with tempfile.TemporaryDirectory() as tmp:
                home = Path(tmp) / "home"
                db = Database.open(HomePaths(home))
                mb = fill(db, kind, args.results)
                db.close()
                first.append(search_seconds(home))
                again.append(search_seconds(home))
                sizes.append(sum(f.stat().st_size for f in home.glob("judge.db*")) / 1e6)
        indexing = statistics.median(first) - statistics.median(again)
        print(
            f"  {kind:9s} {mb:6.1f} MB of text: sessions search {statistics.median(first):5.2f} s "
            f"(then {statistics.median(again):4.2f} s); indexing {mb / indexing:5.1f} MB/s, "
            f"{indexing / args.results * 1e6:4.0f} us a result; judge.db "
            f"{statistics.median(sizes):5.0f} MB"
        )
        if args.bound:
            print_bound(kind, args.results)


if __name__ == "__main__":
    main()
