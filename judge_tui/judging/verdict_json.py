"""Find the JSON object in a verdict: the whole text, a fenced block, or the last object after
prose; an object the judge stopped writing (out of tokens) is read up to its last complete
member."""

from __future__ import annotations

import json
import re
from typing import Any

JSON_NUMBER = re.compile(r"\"?\s*-?[\d０-９]+(?:\.\d+)?\s*\"?|\"(?:N/A|n/a)\"")
_FENCE = re.compile(r"```(?:json|JSON)?[ \t]*\n?(.*?)(?:```|$)", re.DOTALL)


def norm_key(key: object) -> str:
    return re.sub(r"[\s_\-]", "", str(key)).lower()


def find_json_object(text: str) -> tuple[dict[str, Any], int] | None:
    """The verdict's JSON object and where it starts: the whole text, else the last fenced
    block, else the last `{` that starts an object. An object cut off (the judge ran out of
    tokens) is read up to its last complete value."""
    stripped = text.strip()
    if stripped.startswith("{"):
        try:
            data = json.loads(stripped)
        except ValueError:
            pass
        else:
            return (data, text.index("{")) if isinstance(data, dict) else None
    candidates: list[int] = []
    for fence in _FENCE.finditer(text):
        brace = text.find("{", fence.start(1), fence.end(1) if fence.end(1) > 0 else None)
        if brace != -1:
            candidates.append(brace)
    if not candidates:
        at = text.find("{")
        # Only objects that start a line or follow a colon: braces in prose are rarely JSON.
        while at != -1 and len(candidates) < 20:
            if at == 0 or text[at - 1] in "\n :：" or text[:at].rstrip().endswith(("\n", ":")):
                candidates.append(at)
            at = text.find("{", at + 1)
    decoder = json.JSONDecoder()
    best: tuple[dict[str, Any], int] | None = None
    covered = -1  # the end of the last object read: a `{` before it is inside that object
    for start in candidates:
        if start < covered:
            continue
        try:
            data, covered = decoder.raw_decode(text, start)
        except ValueError:
            data = _cut_off_object(text, start)
            covered = len(text) if data is not None else covered
        if isinstance(data, dict) and data:
            best = (data, start)  # the last object wins: prose may show an example first
    return best


def _cut_off_object(text: str, start: int) -> dict[str, Any] | None:
    """A JSON object that stops before its end, read up to its last complete member."""
    stack: list[str] = []
    in_string = False
    escaped = False
    last_good = -1  # index just before a comma that closes a complete member
    closers_at_good: list[str] = []
    for index in range(start, min(len(text), start + 200_000)):
        ch = text[index]
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
            continue
        if ch == '"':
            in_string = True
        elif ch in "{[":
            stack.append("}" if ch == "{" else "]")
        elif ch in "}]":
            if not stack:
                return None
            stack.pop()
            if not stack:
                return None  # complete: raw_decode failed for another reason
            last_good, closers_at_good = index + 1, list(stack)
        elif ch == ",":
            last_good, closers_at_good = index, list(stack)
    if last_good == -1:
        return None
    repaired = text[start:last_good] + "".join(reversed(closers_at_good))
    try:
        data = json.loads(repaired)
    except ValueError:
        return None
    return data if isinstance(data, dict) else None
