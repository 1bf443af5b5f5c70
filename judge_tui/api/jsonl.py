"""JSONL split on b"\\n" only: `str.splitlines` would also split on U+2028 inside strings."""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from typing import Any

import orjson


@dataclass(frozen=True)
class JsonlLine:
    number: int  # 1-based line number in the file
    raw: bytes

    def parse(self) -> Any:
        """The line's JSON value; ValueError (UnicodeDecodeError is one) for anything that is
        not usable JSON text: too deeply nested, or holding a lone surrogate, which no UTF-8
        file, terminal or store can hold."""
        try:
            value = json.loads(self.raw)
        except RecursionError:
            raise ValueError("nested too deeply") from None
        if _SURROGATE_ESCAPE.search(self.raw):
            try:
                json.dumps(value, ensure_ascii=False).encode("utf-8")
            except UnicodeEncodeError:
                raise ValueError("it holds a lone surrogate (\\udXXX), not Unicode text") from None
        return value


_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")


def split_jsonl(data: bytes) -> Iterator[JsonlLine]:
    """Every non-blank line with its 1-based number; a trailing CR is dropped."""
    number = 0
    start = 0
    length = len(data)
    while start <= length:
        end = data.find(b"\n", start)
        if end == -1:
            end = length
        number += 1
        line = data[start:end]
        if line.endswith(b"\r"):
            line = line[:-1]
        if line.strip():
            yield JsonlLine(number, line)
        start = end + 1


async def iter_jsonl_chunks(chunks: AsyncIterator[bytes]) -> AsyncIterator[JsonlLine]:
    """The same over a byte stream, holding at most one partial line in memory."""
    number = 0
    pending = b""
    async for chunk in chunks:
        pending += chunk
        start = 0
        while True:
            end = pending.find(b"\n", start)
            if end == -1:
                break
            number += 1
            line = pending[start:end].removesuffix(b"\r")
            if line.strip():
                yield JsonlLine(number, line)
            start = end + 1
        pending = pending[start:]
    if pending.strip():
        yield JsonlLine(number + 1, pending.removesuffix(b"\r"))


def dump_jsonl_line(obj: Any) -> bytes:
    """One JSON object as one line, compact, text kept readable (not \\u-escaped), U+2028 and
    U+2029 escaped. orjson: an export of hundreds of thousands of lines spent most of its time
    in json.dumps. The same JSON values; a float may be spelt another way (1e-05 as 0.00001)."""
    try:
        data = orjson.dumps(obj)
    except TypeError:  # what orjson refuses (an integer past 64 bits) is still JSON
        data = json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    # Both leave U+2028/2029 raw; escape them so naive line readers elsewhere are safe.
    if b"\xe2\x80\xa8" in data or b"\xe2\x80\xa9" in data:
        data = data.replace(b"\xe2\x80\xa8", b"\\u2028").replace(b"\xe2\x80\xa9", b"\\u2029")
    return data + b"\n"
