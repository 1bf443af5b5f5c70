"""The app's HTTP runs on an event loop of its own, on its own thread.

Sixteen streamed verdicts bring thousands of small reads a second; on the UI's event loop each
one queued ahead of the user's key presses, and typing lagged by a tenth of a second. Here the
reads, the SSE decoding and the retries happen off the UI loop; what the screens see are the
messages the judgment posts (`post_message` is thread-safe), a few per second per stream.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Coroutine
from concurrent.futures import Future
from typing import Any, TypeVar

T = TypeVar("T")


class NetworkLoop:
    """One asyncio loop on a daemon thread, started on first use. Everything an HTTP client
    does must run here: an httpx client belongs to the loop it first ran on."""

    def __init__(self) -> None:
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def _running_loop(self) -> asyncio.AbstractEventLoop:
        with self._lock:
            if self._loop is None:
                loop = asyncio.new_event_loop()
                thread = threading.Thread(
                    target=loop.run_forever, name="judge-tui network", daemon=True
                )
                thread.start()
                self._loop, self._thread = loop, thread
            return self._loop

    def submit(self, coroutine: Coroutine[Any, Any, T]) -> Future[T]:
        """Start the coroutine there; cancelling the future cancels it."""
        return asyncio.run_coroutine_threadsafe(coroutine, self._running_loop())

    async def run(self, coroutine: Coroutine[Any, Any, T]) -> T:
        """Await, from the UI loop, a coroutine run here. A cancelled caller (Escape, a
        worker cancelled) cancels it too."""
        return await asyncio.wrap_future(self.submit(coroutine))

    def stop(self, timeout: float = 2.0) -> None:
        with self._lock:
            loop, thread = self._loop, self._thread
            self._loop = self._thread = None
        if loop is None or thread is None:
            return
        loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout)
        if not thread.is_alive():
            loop.close()
