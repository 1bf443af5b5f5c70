"""The verdict's own figures as export columns: one per criterion, each answer's score of a
pairwise game, and times in ISO 8601. The CSV exports of sessions and batch jobs both use them,
so a spreadsheet sees the same columns from either.

The criterion columns are known before the first row is written (a CSV has one header): SQLite
lists the criteria of the exported rows in one pass over their verdict JSON, in first-seen order.
"""

from __future__ import annotations

import math
import time
from typing import Any

import orjson

from judge_tui.store.db import Database

# The verdict fields a CSV row needs, in one JSON parse per row (SQLite's): a JSON array.
VERDICT_FIELDS_SQL = (
    "json_extract(verdict_json, '$.parsed', '$.answer_scores', '$.criteria') AS verdict_fields"
)
ANSWER_SCORE_COLUMNS = ("answer1_score", "answer2_score")

Criterion = tuple[str, int | None]  # name, and the answer it scores in a pairwise verdict


def iso_time(stamp: float | None) -> str:
    """Seconds since the epoch as ISO 8601 in UTC, to the second (`2026-12-02T21:56:03Z`)."""
    if stamp is None:
        return ""
    # time's C functions, not a datetime per row (a third of the time), with the second a
    # datetime shows: its microseconds rounded half to even, which may carry into the second.
    fraction, whole = math.modf(stamp)
    micro = round(fraction * 1e6)
    second = int(whole) + (1 if micro >= 1_000_000 else -1 if micro < 0 else 0)
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(second))


def criteria_in(db: Database, where: str, params: tuple[Any, ...]) -> list[Criterion]:
    """Every criterion named in the verdicts of the rows `where` selects, in first-seen order."""
    rows = db.conn.execute(
        f"""SELECT json_extract(c.value, '$.name') AS name,
                   json_extract(c.value, '$.answer') AS answer, min(e.id) AS first
            FROM evaluations e, json_each(e.verdict_json, '$.criteria') c
            WHERE {where} AND json_type(c.value, '$.score') IN ('integer', 'real')
            GROUP BY 1, 2 ORDER BY first, 2""",
        params,
    ).fetchall()
    return [(str(row["name"]), row["answer"]) for row in rows if row["name"] is not None]


def criterion_header(criterion: Criterion) -> str:
    name, answer = criterion
    return f"criterion: {name}" if answer is None else f"criterion: {name} (answer {answer})"


def verdict_values(fields_json: str | None, criteria: list[Criterion]) -> tuple[bool, list[Any]]:
    """(parsed, [answer 1's score, answer 2's score, one value per criterion]) from the
    `verdict_fields` column; a criterion the verdict did not score is empty."""
    if fields_json is None:
        return False, ["", "", *([""] * len(criteria))]
    parsed, answer_scores, listed = orjson.loads(fields_json)
    scores = answer_scores or {}
    given: dict[Criterion, Any] = {}
    for c in listed or ():
        value = c.get("score")
        if isinstance(value, int | float) and not isinstance(value, bool):
            given.setdefault((str(c.get("name")), c.get("answer")), value)
    return bool(parsed), [
        scores.get("1", ""),
        scores.get("2", ""),
        *(given.get(criterion, "") for criterion in criteria),
    ]
