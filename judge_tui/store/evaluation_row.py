"""The one shape of a stored evaluation: `EvaluationRow`, whose fields are the `evaluations`
table's stored columns in order. The inserts, a batch collect's bulk rows, the exports and the
readers all take their column lists from it; the record an export writes and an import reads
(`store/records.py`, a test keeps the two together) is the same row with its JSON decoded and
its derived columns left out. Plain Python: no pydantic, so commands that only list or export
start fast."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from typing import Any, NamedTuple

import orjson


class EvaluationRow(NamedTuple):
    uid: str
    session_id: int
    mode: str
    status: str
    model: str
    profile: str | None
    question: str  # the four answer-side columns are the inputs' own, copied for search
    answer: str
    answer1: str
    answer2: str
    inputs_json: str
    params_json: str
    request_json: str
    response_json: str | None
    content: str
    verdict_json: str
    score: float | None
    max_score: int | None
    winner: str | None
    usage_json: str | None
    latency_ms: int | None
    finish_reason: str | None
    error: str | None
    created_at: float
    template_name: str | None
    template_version: str | None
    custom_id: str | None
    batch_job_id: int | None


COLUMNS = ", ".join(EvaluationRow._fields)
INSERT_VALUES = (
    f" INTO evaluations ({COLUMNS}) VALUES ({', '.join('?' * len(EvaluationRow._fields))})"
)

# Columns that belong to where the row is kept, or repeat the inputs: not in an exported record.
_NOT_IN_RECORD = frozenset(
    {"session_id", "question", "answer", "answer1", "answer2", "batch_job_id"}
)
_JSON = "_json"

# record field -> stored column, in the row's order (a JSONL export line's keys, in order).
RECORD_COLUMNS: dict[str, str] = {
    column.removesuffix(_JSON): column
    for column in EvaluationRow._fields
    if column not in _NOT_IN_RECORD
}
RECORD_FIELDS = tuple(RECORD_COLUMNS)
JSON_COLUMNS = frozenset(column for column in EvaluationRow._fields if column.endswith(_JSON))


def row_of(inputs: dict[str, Any], **columns: Any) -> EvaluationRow:
    """A row from its columns, the four answer-side ones taken from `inputs`."""
    return EvaluationRow(
        question=str(inputs.get("question", "")), answer=str(inputs.get("answer", "")),
        answer1=str(inputs.get("answer1", "")), answer2=str(inputs.get("answer2", "")),
        **columns,
    )  # fmt: skip


def record_values(row: sqlite3.Row) -> dict[str, Any]:
    """A stored row as the record's fields, in their order, its JSON decoded (the response with
    its verdict text)."""
    values = {
        name: (None if row[column] is None else orjson.loads(row[column]))
        if column in JSON_COLUMNS and column != "response_json"
        else row[column]
        for name, column in RECORD_COLUMNS.items()
    }
    response = response_with_text(row["response_json"], row["content"])
    values["response"] = None if response is None else orjson.loads(response)
    return values


# A record's columns in its order, for `record_for_line`.
RECORD_SELECT = ", ".join(RECORD_COLUMNS.values())
_RECORD_JSON = tuple(column in JSON_COLUMNS for column in RECORD_COLUMNS.values())
_RESPONSE_AT = RECORD_FIELDS.index("response")
_CONTENT_AT = RECORD_FIELDS.index("content")


def record_for_line(values: Sequence[Any]) -> dict[str, Any]:
    """The record a JSONL export line holds, from its columns read in `RECORD_SELECT`'s order:
    each JSON column's stored text is put in the line as it is (an orjson Fragment), not decoded
    and encoded again. The store writes that text with orjson (`dump_json`), so the line is the
    one `record_values` would give; a row written by an older judge-tui keeps its own spelling
    of the same JSON. The response gets its verdict text back (`response_with_text`)."""
    line = {
        name: orjson.Fragment(value) if is_json and value is not None else value
        for name, value, is_json in zip(RECORD_FIELDS, values, _RECORD_JSON, strict=True)
    }
    response = response_with_text(values[_RESPONSE_AT], values[_CONTENT_AT])
    if response is not None and response is not values[_RESPONSE_AT]:  # the text put back
        line["response"] = orjson.Fragment(response)
    return line


# Where a stored response held the verdict text: the row keeps the text once, in `content`, and
# the response keeps this in its place, so the text is put back where it was, keys in their
# order. Its compact spelling is in a stored response once, where the store put it, or not at
# all: a response that holds the object itself (a service can write anything) is stored whole,
# in the standard library's spelling with spaces, in which the compact one cannot occur (in a
# JSON string its quotes are escaped).
TEXT_IN_CONTENT = {"judge_tui_stored_in": "content"}
_TEXT_IN_CONTENT_JSON = orjson.dumps(TEXT_IN_CONTENT).decode()


def stored_response(response: Any, content: str) -> str | None:
    """The service's response as a row stores it: without the verdict text, which the row keeps
    once, in `content`; `TEXT_IN_CONTENT` stands where the first choice's message held it (a
    result line's `response.body`, or an online completion). A response whose text is not the
    content is stored whole. The response given is not changed."""
    if response is None:
        return None
    if content and _first_message(response).get("content") == content:
        stripped = dump_json(_without_text(response))
        if stripped is not None and stripped.count(_TEXT_IN_CONTENT_JSON) == 1:
            return stripped
    whole = dump_json(response)
    if whole is not None and _TEXT_IN_CONTENT_JSON in whole:
        return json.dumps(response, ensure_ascii=False)
    return whole


def _without_text(response: dict[str, Any]) -> dict[str, Any]:
    # Only the dicts on the way to the message are copied: a deep copy cost 26 us a result.
    def mended(body: dict[str, Any]) -> dict[str, Any]:
        first, *rest = body["choices"]
        message = {**first["message"], "content": TEXT_IN_CONTENT}
        return {**body, "choices": [{**first, "message": message}, *rest]}

    line_body = response.get("response")
    if isinstance(line_body, dict):
        return {**response, "response": {**line_body, "body": mended(line_body["body"])}}
    return mended(response)


def response_with_text(response_json: str | None, content: str) -> str | None:
    """A stored response's JSON with its verdict text put back: the response as the service
    gave it (in orjson's spelling). A string replacement, as exports call it for every row."""
    if response_json is None or _TEXT_IN_CONTENT_JSON not in response_json:
        return response_json
    return response_json.replace(_TEXT_IN_CONTENT_JSON, orjson.dumps(content).decode(), 1)


def _first_message(response: Any) -> dict[str, Any]:
    """The first choice's message of a result line (`response.body`) or of an online
    completion; an empty dict where the response has none."""
    if not isinstance(response, dict):
        return {}
    line_body = response.get("response")
    body = line_body.get("body") if isinstance(line_body, dict) else response
    choices = body.get("choices") if isinstance(body, dict) else None
    choice = choices[0] if isinstance(choices, list) and choices else None
    message = choice.get("message") if isinstance(choice, dict) else None
    return message if isinstance(message, dict) else {}


def dump_json(value: Any) -> str | None:
    """A JSON column's text. orjson: several times faster than json.dumps, which a batch collect
    calls five times for each of its hundreds of thousands of results. Same JSON, without the
    spaces."""
    if value is None:
        return None
    try:
        return orjson.dumps(value).decode()
    except TypeError:  # what orjson refuses (an integer past 64 bits) is still JSON
        return json.dumps(value, ensure_ascii=False)
