"""A server-sent-events decoder that works on bytes.

Lines end at CR, LF or CRLF and nowhere else (a U+2028 inside a JSON string is data). Empty
frames and comments are skipped. It is incremental: feed it whatever the socket gave.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class SseEvent:
    data: str
    event: str = "message"
    id: str | None = None


class SseDecoder:
    def __init__(self) -> None:
        self._buffer = b""
        self._pending_cr = False
        self._data: list[str] = []
        self._event = ""
        self._id: str | None = None

    def feed(self, chunk: bytes) -> Iterator[SseEvent]:
        """Yield every event completed by this chunk."""
        buf = self._buffer + chunk
        start = 0
        i = 0
        n = len(buf)
        if self._pending_cr and n and buf[0:1] == b"\n":
            # The CR of a CRLF ended the previous chunk: this LF belongs to it.
            start = i = 1
        self._pending_cr = False
        while i < n:
            byte = buf[i]
            if byte == 0x0A or byte == 0x0D:
                line = buf[start:i]
                if byte == 0x0D:
                    if i + 1 < n:
                        if buf[i + 1] == 0x0A:
                            i += 1
                    else:
                        self._pending_cr = True
                event = self._line(line)
                if event is not None:
                    yield event
                start = i + 1
            i += 1
        self._buffer = buf[start:]

    def flush(self) -> Iterator[SseEvent]:
        """At end of stream: a last line without its newline still counts."""
        if self._buffer:
            event = self._line(self._buffer)
            self._buffer = b""
            if event is not None:
                yield event
        event = self._line(b"")
        if event is not None:
            yield event

    def _line(self, raw: bytes) -> SseEvent | None:
        if not raw:
            if not self._data:
                self._event = ""
                return None
            event = SseEvent("\n".join(self._data), self._event or "message", self._id)
            self._data = []
            self._event = ""
            return event
        line = raw.decode("utf-8", errors="replace")
        if line.startswith(":"):
            return None
        name, _, value = line.partition(":")
        if value.startswith(" "):
            value = value[1:]
        if name == "data":
            self._data.append(value)
        elif name == "event":
            self._event = value
        elif name == "id":
            self._id = value
        return None


async def iter_sse(chunks: AsyncIterator[bytes]) -> AsyncIterator[SseEvent]:
    decoder = SseDecoder()
    async for chunk in chunks:
        for event in decoder.feed(chunk):
            yield event
    for event in decoder.flush():
        yield event
