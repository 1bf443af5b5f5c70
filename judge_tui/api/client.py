"""The async client for every route of the judge service (docs/service.md §1).

One `httpx.AsyncClient` per profile: HTTP/1.1, proxies from the environment, explicit timeouts
per kind of call. Retries follow docs/architecture.md §4; the caller sees every wait through
`on_retry`.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import random
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import httpx
from pydantic import BaseModel, ValidationError

from judge_tui import __version__
from judge_tui.api.credentials import Token
from judge_tui.api.dialects import Dialect
from judge_tui.api.errors import (
    ConnectionFailed,
    JudgeApiError,
    RequestTimeout,
    ServerError,
    StreamError,
    error_for_status,
    parse_error_body,
    redact,
)
from judge_tui.api.models import (
    Batch,
    BatchPage,
    ChatCompletion,
    ChatCompletionChunk,
    ChatRequest,
    CreateBatchRequest,
    FileDeleted,
    FileObject,
    FilePage,
)
from judge_tui.api.retry import RETRYABLE_STATUSES, RetryNotice, RetryPolicy, retry_after_seconds
from judge_tui.api.sse import iter_sse
from judge_tui.api.urls import host_of, normalise_base_url

ModelT = TypeVar("ModelT", bound=BaseModel)
T = TypeVar("T")
RetryListener = Callable[[RetryNotice], object]


@dataclass(frozen=True)
class Timeouts:
    """Every network wait has a deadline (the README's "Deadlines" lists them).

    `connect`: reaching the host. `judge_read`: silence while a verdict is written (no byte at
    all; a long verdict that is not streamed arrives only at its end). `stream_idle`: a stream
    that sends no verdict text (keep-alive comments do not count). `judge_total` and
    `short_total`: one call from start to end, every retry and wait included.
    """

    connect: float = 5.0
    judge_read: float = 180.0
    stream_idle: float = 120.0
    judge_total: float = 600.0
    # Metadata calls (retrieve, list, cancel) answer quickly or not at all.
    short_read: float = 30.0
    short_total: float = 180.0
    write: float = 120.0
    pool: float = 30.0

    def judging(self) -> httpx.Timeout:
        return httpx.Timeout(
            connect=self.connect, read=self.judge_read, write=self.write, pool=self.pool
        )

    def short(self) -> httpx.Timeout:
        return httpx.Timeout(
            connect=self.connect, read=self.short_read, write=self.write, pool=self.pool
        )


# The largest answer read into memory. A verdict is at most 32k tokens (about 128 KB) and a list
# page of 100 batches a few hundred KB; a body past this is a fault or an attack, refused before
# it fills memory or the store (a 100 MB answer once took 1 GB of memory and 528 MB of judge.db).
# Files are streamed to disk instead, and are not bounded by it.
MAX_ANSWER_BYTES = 16 * 1024 * 1024

_REQUEST_ID_HEADERS = ("x-request-id", "x-acs-request-id", "request-id", "x-dashscope-request-id")


def _request_id(headers: Mapping[str, str]) -> str | None:
    for name in _REQUEST_ID_HEADERS:
        if value := headers.get(name):
            return value
    return None


def _describe_transport_error(exc: httpx.TransportError) -> str:
    text = str(exc) or type(exc).__name__
    return redact(text.split("\n")[0])


def _lasting_connect_problem(exc: httpx.TransportError) -> str | None:
    """A connect error that trying again cannot mend, with what to do: the host name does not
    resolve, or TLS failed (often: https:// to a server that speaks plain http)."""
    import socket
    import ssl

    cause: BaseException | None = exc
    seen = 0
    text = str(exc).lower()
    while cause is not None and seen < 6:
        if isinstance(cause, socket.gaierror):
            return "the host name does not resolve; check the base URL's host"
        if isinstance(cause, ssl.SSLError):
            break
        cause = cause.__cause__ or cause.__context__
        seen += 1
    if "wrong_version_number" in text or "record layer failure" in text:
        return "TLS failed: the server may speak plain http, so try http:// in the base URL"
    if isinstance(cause, ssl.SSLError) or "ssl" in text or "certificate" in text:
        return "TLS failed; check the base URL's scheme (http or https) and the certificate"
    if "name or service not known" in text or "nodename nor servname" in text:
        return "the host name does not resolve; check the base URL's host"
    return None


class JudgeClient:
    """Every route of docs/service.md §1, typed. Use as `async with JudgeClient(...) as client:`."""

    def __init__(
        self,
        base_url: str,
        token: Token | None,
        *,
        dialect: Dialect = Dialect.PAI,
        retry: RetryPolicy | None = None,
        timeouts: Timeouts | None = None,
        on_retry: RetryListener | None = None,
        max_connections: int = 64,
        transport: httpx.AsyncBaseTransport | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.base_url = normalise_base_url(base_url)
        self.host = host_of(self.base_url)
        self.token = token
        self.dialect = dialect
        self.retry = retry or RetryPolicy()
        self.timeouts = timeouts or Timeouts()
        self.on_retry = on_retry
        self._sleep = sleep
        self._rng = random.Random()
        headers = {"User-Agent": f"judge-tui/{__version__}", "Accept": "application/json"}
        if token is not None:
            headers["Authorization"] = f"Bearer {token.value}"
        self._http = httpx.AsyncClient(
            base_url=self.base_url + "/",
            headers=headers,
            timeout=self.timeouts.short(),
            limits=httpx.Limits(
                max_connections=max_connections, max_keepalive_connections=max_connections
            ),
            trust_env=True,
            http2=False,
            transport=transport,
        )

    async def __aenter__(self) -> JudgeClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._http.aclose()

    # --- chat -------------------------------------------------------------------------------

    async def chat(self, request: ChatRequest) -> ChatCompletion:
        body = request.wire()
        body.pop("stream", None)
        body.pop("stream_options", None)
        return await self._call(
            "POST",
            "chat/completions",
            json_body=body,
            http_timeout=self.timeouts.judging(),
            total_seconds=self.timeouts.judge_total,
            parse=lambda r: _parse_model(ChatCompletion, r),
        )

    async def chat_stream(self, request: ChatRequest) -> AsyncIterator[ChatCompletionChunk]:
        """Yield chunks as they arrive. Retried only before the first byte of the stream."""
        body = request.wire()
        body["stream"] = True
        body.setdefault("stream_options", {"include_usage": True})
        response = await self._call(
            "POST",
            "chat/completions",
            json_body=body,
            http_timeout=self.timeouts.judging(),
            total_seconds=self.timeouts.judge_total,
            parse=_raw_response,
            stream=True,
        )
        request_id = _request_id(response.headers)
        received = 0
        last_data = [time.monotonic()]  # when the last event with data came
        ends_at = time.monotonic() + self.timeouts.judge_total

        async def watched_bytes() -> AsyncIterator[bytes]:
            # Keep-alive comments are bytes too: the read timeout never fires on them, so the
            # time since the last verdict text is checked on every piece that arrives.
            async for piece in response.aiter_bytes():
                if time.monotonic() > ends_at:
                    raise StreamError(
                        f"The verdict from {self.host} was still streaming after "
                        f"{self.timeouts.judge_total:.0f} s; the verdict so far is kept but "
                        "incomplete.",
                        request_id=request_id,
                        url=str(response.url),
                    )
                if time.monotonic() - last_data[0] > self.timeouts.stream_idle:
                    raise StreamError(
                        f"{self.host} kept the stream open but sent no verdict text for "
                        f"{self.timeouts.stream_idle:.0f} s; the verdict so far is kept but "
                        "incomplete. Try again without --stream, or later.",
                        request_id=request_id,
                        url=str(response.url),
                    )
                yield piece

        try:
            async for event in iter_sse(watched_bytes()):
                last_data[0] = time.monotonic()
                received += len(event.data)
                if received > MAX_ANSWER_BYTES:
                    raise StreamError(
                        f"{self.host} streamed more than {MAX_ANSWER_BYTES // (1024 * 1024)} MB, "
                        "which no verdict is; the stream was stopped.",
                        request_id=request_id,
                        url=str(response.url),
                    )
                data = event.data.strip()
                if data == "[DONE]":
                    return
                if not data:
                    continue
                try:
                    payload = json.loads(data)
                except ValueError as exc:
                    raise StreamError(
                        "The stream carried a chunk that is not JSON; the verdict so far is "
                        "kept but incomplete.",
                        raw_body=data[:2000],
                        request_id=request_id,
                        url=str(response.url),
                    ) from exc
                if isinstance(payload, dict) and "error" in payload and not payload.get("choices"):
                    message, code, _ = parse_error_body(data)
                    raise StreamError(
                        f"The service sent an error inside the stream: {message or data[:200]}",
                        code=code,
                        raw_body=data[:2000],
                        request_id=request_id,
                        url=str(response.url),
                    )
                try:
                    yield ChatCompletionChunk.model_validate(payload)
                except ValidationError as exc:
                    raise StreamError(
                        "The stream carried a chunk we could not read.",
                        raw_body=data[:2000],
                        request_id=request_id,
                        url=str(response.url),
                    ) from exc
            # The body ended without [DONE]: the server or a proxy closed early.
            raise StreamError(
                "The stream ended before the service said it was done; the verdict so far is "
                "kept but incomplete.",
                request_id=request_id,
                url=str(response.url),
            )
        except httpx.TransportError as exc:
            raise StreamError(
                f"The stream from {self.host} broke midway ({_describe_transport_error(exc)}); "
                "the verdict so far is kept but incomplete.",
                request_id=request_id,
                url=str(response.url),
            ) from exc
        finally:
            await response.aclose()

    # --- files ------------------------------------------------------------------------------

    async def upload_file(
        self, source: Path | bytes, *, filename: str | None = None, purpose: str = "batch"
    ) -> FileObject:
        """POST /files. Not idempotent: retried only when the request surely never arrived."""
        name = filename or (source.name if isinstance(source, Path) else "input.jsonl")

        def files() -> dict[str, Any]:
            # A fresh handle for every attempt: a retried upload must send the whole file again.
            content: Any = source.open("rb") if isinstance(source, Path) else source
            return {"file": (name, content, "application/jsonl")}

        return await self._call(
            "POST",
            "files",
            files_factory=files,
            form={"purpose": purpose},
            idempotent=False,
            http_timeout=self.timeouts.judging(),
            parse=lambda r: _parse_model(FileObject, r),
        )

    async def retrieve_file(self, file_id: str) -> FileObject:
        return await self._call(
            "GET", f"files/{file_id}", parse=lambda r: _parse_model(FileObject, r)
        )

    async def list_files(
        self, *, purpose: str | None = None, after: str | None = None, limit: int | None = None
    ) -> FilePage:
        params: dict[str, str] = {}
        if purpose:
            params["purpose"] = purpose
        if after:
            params["after"] = after
        if limit is not None:
            params["limit"] = str(max(1, min(100, limit)))
        return await self._call(
            "GET", "files", params=params or None, parse=lambda r: _parse_model(FilePage, r)
        )

    async def iter_files(
        self, *, purpose: str | None = None, page_size: int = 100
    ) -> AsyncIterator[FileObject]:
        """Every file, page after page: the one looked for may be on any of them."""
        after: str | None = None
        seen: set[str] = set()
        while True:
            page = await self.list_files(purpose=purpose, after=after, limit=page_size)
            fresh = [f for f in page.data if f.id not in seen]
            for file in fresh:
                seen.add(file.id)
                yield file
            if not page.has_more or not fresh:  # a page of nothing new: no endless loop
                return
            after = page.last_id or page.data[-1].id

    async def delete_file(self, file_id: str) -> FileDeleted:
        return await self._call(
            "DELETE", f"files/{file_id}", parse=lambda r: _parse_model(FileDeleted, r)
        )

    async def download_file_content(self, file_id: str, destination: Path) -> int:
        """Stream a file's content to `destination` through a temporary file; returns bytes."""
        destination.parent.mkdir(parents=True, exist_ok=True)
        partial = destination.with_name(destination.name + ".part")
        attempt = 0
        while True:
            attempt += 1
            response = await self._call(
                "GET",
                f"files/{file_id}/content",
                http_timeout=self.timeouts.judging(),
                parse=_raw_response,
                stream=True,
            )
            written = 0
            try:
                with partial.open("wb") as out:
                    async for chunk in response.aiter_bytes(1 << 20):
                        out.write(chunk)
                        written += len(chunk)
                    out.flush()
                    os.fsync(out.fileno())
                os.replace(partial, destination)
                return written
            except httpx.TransportError as exc:
                # A GET of a finished file is safe to start again from the beginning.
                with contextlib.suppress(FileNotFoundError):
                    partial.unlink()
                if attempt >= self.retry.max_attempts:
                    raise StreamError(
                        f"The download of {file_id} from {self.host} broke "
                        f"({_describe_transport_error(exc)}); try again.",
                        url=str(response.url),
                    ) from exc
                await self._wait(attempt, _describe_transport_error(exc), None)
            finally:
                await response.aclose()

    async def file_content(self, file_id: str) -> bytes:
        response: httpx.Response = await self._call(
            "GET",
            f"files/{file_id}/content",
            http_timeout=self.timeouts.judging(),
            parse=_raw_response,
        )
        return response.content

    # --- batches ----------------------------------------------------------------------------

    async def create_batch(
        self,
        input_file_id: str,
        *,
        endpoint: str = "/v1/chat/completions",
        completion_window: str = "24h",
        metadata: dict[str, str] | None = None,
    ) -> Batch:
        """POST /batches. Not idempotent: a caller that gets an error must reconcile (list)
        before posting again, or the job may be billed twice."""
        body = CreateBatchRequest(
            input_file_id=input_file_id,
            endpoint=endpoint,
            completion_window=completion_window,
            metadata=metadata,
        ).model_dump(exclude_none=True)
        return await self._call(
            "POST",
            "batches",
            json_body=body,
            idempotent=False,
            parse=lambda r: _parse_model(Batch, r),
        )

    async def retrieve_batch(self, batch_id: str) -> Batch:
        return await self._call(
            "GET", f"batches/{batch_id}", parse=lambda r: _parse_model(Batch, r)
        )

    async def list_batches(
        self,
        *,
        after: str | None = None,
        limit: int | None = None,
        filters: Mapping[str, str] | None = None,
    ) -> BatchPage:
        params: dict[str, str] = dict(filters or {})
        if after:
            params["after"] = after
        if limit is not None:
            params["limit"] = str(max(1, min(100, limit)))
        return await self._call(
            "GET", "batches", params=params or None, parse=lambda r: _parse_model(BatchPage, r)
        )

    async def iter_batches(
        self, *, filters: Mapping[str, str] | None = None, page_size: int = 100
    ) -> AsyncIterator[Batch]:
        after: str | None = None
        while True:
            page = await self.list_batches(after=after, limit=page_size, filters=filters)
            for batch in page.data:
                yield batch
            if not page.has_more or not page.data:
                return
            after = page.last_id or page.data[-1].id

    async def cancel_batch(self, batch_id: str) -> Batch:
        # Cancelling twice is harmless, so this POST may be retried.
        return await self._call(
            "POST", f"batches/{batch_id}/cancel", parse=lambda r: _parse_model(Batch, r)
        )

    # --- the one place that talks to the network ---------------------------------------------

    async def _call(
        self,
        method: str,
        path: str,
        *,
        parse: Callable[[httpx.Response], T],
        json_body: dict[str, Any] | None = None,
        params: Mapping[str, str] | None = None,
        form: dict[str, str] | None = None,
        files_factory: Callable[[], dict[str, Any]] | None = None,
        idempotent: bool = True,
        http_timeout: httpx.Timeout | None = None,
        stream: bool = False,
        total_seconds: float | None = None,
    ) -> T:
        attempt = 0
        unreadable_answers = 0
        read_timeouts = 0
        max_attempts = self.retry.max_attempts
        timeout = http_timeout or self.timeouts.short()
        total = total_seconds or self.timeouts.short_total
        deadline = time.monotonic() + total
        while True:
            attempt += 1
            last = attempt >= max_attempts
            left = deadline - time.monotonic()
            if left <= 0:
                raise RequestTimeout(
                    f"{self.host} gave no usable answer within {total:.0f} s, retries "
                    "included; try again later, or check the service's status.",
                    url=f"{self.base_url}/{path}",
                )
            files = files_factory() if files_factory else None
            try:
                request = self._http.build_request(
                    method,
                    path,
                    json=json_body,
                    params=params,
                    data=form,
                    files=files,
                    timeout=_within(timeout, left),
                )
                response = await self._http.send(request, stream=True)
                if not stream:
                    response = await _read_bounded(response, self.host)
            except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout) as exc:
                # Nothing reached the service: safe to retry even a non-idempotent POST. But a
                # name that does not resolve or a failed TLS handshake fails the same way again.
                lasting = _lasting_connect_problem(exc)
                if last or lasting:
                    raise self._connection_error(exc, lasting) from exc
                await self._wait(attempt, f"cannot reach {self.host}", None, deadline)
                continue
            except httpx.TimeoutException as exc:
                # The request arrived and nothing came back: a silent server. Once more at
                # most, and never for a POST that may have been carried out.
                read_timeouts += 1
                if last or not idempotent or read_timeouts > 1 or (method == "POST" and stream):
                    raise RequestTimeout(
                        f"{self.host} accepted the request and then said nothing for "
                        f"{timeout.read or 0:.0f} s ({type(exc).__name__}); try again later, or "
                        "check the service's status.",
                        url=f"{self.base_url}/{path}",
                    ) from exc
                await self._wait(attempt, f"{self.host} said nothing in time", None, deadline)
                continue
            except httpx.TransportError as exc:
                if last or not idempotent:
                    raise ConnectionFailed(
                        f"The connection to {self.host} broke ({_describe_transport_error(exc)}); "
                        "try again.",
                        url=f"{self.base_url}/{path}",
                    ) from exc
                await self._wait(attempt, f"the connection to {self.host} broke", None, deadline)
                continue
            finally:
                if files:
                    for value in files.values():
                        handle = value[1]
                        if hasattr(handle, "close"):
                            handle.close()

            if response.is_success:
                try:
                    return parse(response)
                except ServerError:
                    # A 200 whose body is not what was asked for: the request was carried out
                    # (and billed), so it is asked once more at most, and the user is told.
                    if last or not idempotent or unreadable_answers:
                        raise
                    unreadable_answers += 1
                    await self._wait(
                        attempt, "the service answered 200 with a body that is not its answer "
                        "(asking once more, no more)", None, deadline,
                    )  # fmt: skip
                    continue

            if stream:
                await response.aread()
                await response.aclose()
            status = response.status_code
            retryable = status in RETRYABLE_STATUSES and (idempotent or status == 429)
            if retryable and not last:
                asked = retry_after_seconds(response.headers)
                reason = f"{status} {response.reason_phrase or ''}".strip()
                await self._wait(attempt, f"the service answered {reason}", asked, deadline)
                continue
            raise error_for_status(
                status,
                response.text,
                url=str(response.url),
                request_id=_request_id(response.headers),
                token_source=self.token.source if self.token else None,
            )

    async def _wait(
        self, attempt: int, reason: str, asked: float | None, deadline: float | None = None
    ) -> None:
        if asked is not None:
            wait = min(asked, self.retry.max_retry_after)
        else:
            wait = self.retry.backoff(attempt, self._rng)
        if deadline is not None:
            wait = max(0.0, min(wait, deadline - time.monotonic()))
        if self.on_retry is not None:
            self.on_retry(
                RetryNotice(attempt, self.retry.max_attempts, wait, reason, asked is not None)
            )
        await self._sleep(wait)

    def _connection_error(
        self, exc: httpx.TransportError, lasting: str | None = None
    ) -> JudgeApiError:
        if lasting:
            return ConnectionFailed(
                f"Could not reach {self.host}: {lasting} ({_describe_transport_error(exc)}).",
                url=self.base_url,
            )
        if isinstance(exc, httpx.ConnectTimeout | httpx.PoolTimeout):
            return RequestTimeout(
                f"Could not connect to {self.host} in time; check the base URL and your network "
                "or proxy.",
                url=self.base_url,
            )
        return ConnectionFailed(
            f"Could not reach {self.host} ({_describe_transport_error(exc)}); check the base URL "
            "and your network or proxy.",
            url=self.base_url,
        )


def _raw_response(response: httpx.Response) -> httpx.Response:
    return response


def _within(timeout: httpx.Timeout, left: float) -> httpx.Timeout:
    """The call's timeouts, none longer than what is left of its deadline."""

    def cap(value: float | None) -> float:
        return max(0.1, min(value if value is not None else left, left))

    return httpx.Timeout(
        connect=cap(timeout.connect), read=cap(timeout.read), write=cap(timeout.write),
        pool=cap(timeout.pool),
    )  # fmt: skip


class AnswerTooLarge(ServerError):
    """An answer past MAX_ANSWER_BYTES: refused, never retried."""


async def _read_bounded(response: httpx.Response, host: str) -> httpx.Response:
    """The whole body of a streamed response, refused past MAX_ANSWER_BYTES."""
    declared = response.headers.get("content-length", "")
    pieces: list[bytes] = []
    size = 0
    try:
        if declared.isdigit() and int(declared) > MAX_ANSWER_BYTES:
            size = int(declared)
        else:
            async for piece in response.aiter_bytes():
                size += len(piece)
                if size > MAX_ANSWER_BYTES:
                    break
                pieces.append(piece)
    finally:
        await response.aclose()
    if size > MAX_ANSWER_BYTES:
        raise AnswerTooLarge(
            f"{host} sent an answer larger than {MAX_ANSWER_BYTES // (1024 * 1024)} MB, which no "
            "verdict is; it was refused and not stored. Check the base URL points at the judge "
            "service.",
            status=response.status_code,
            request_id=_request_id(response.headers),
            url=str(response.url),
        )
    # The body is decoded already: the headers that described its encoding no longer apply.
    headers = [
        (name, value)
        for name, value in response.headers.multi_items()
        if name.lower() not in ("content-encoding", "content-length", "transfer-encoding")
    ]
    return httpx.Response(
        response.status_code,
        headers=headers,
        content=b"".join(pieces),
        request=response.request,
        extensions=response.extensions,
    )


def _parse_model(model: type[ModelT], response: httpx.Response) -> ModelT:
    try:
        return model.model_validate_json(response.content)
    except ValidationError as exc:
        body = response.text
        raise ServerError(
            f"The service answered {response.status_code} but the body is not a valid "
            f"{model.__name__}; it may be a gateway page or a fault, so try again.",
            status=response.status_code,
            raw_body=body[:4000],
            request_id=_request_id(response.headers),
            url=str(response.url),
        ) from exc
