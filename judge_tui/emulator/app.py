"""The emulator's HTTP routes: every route of docs/service.md §1, on Starlette."""

from __future__ import annotations

import asyncio
import json
import random
import threading
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Mount, Route

from judge_tui.emulator.batches import BatchEngine, StoredFile
from judge_tui.emulator.config import EmulatorConfig
from judge_tui.emulator.verdicts import (
    EMULATOR_FINGERPRINT,
    BadJudgeRequest,
    Completion,
    complete,
    with_wrong_fields,
)

Handler = Callable[[Request], Awaitable[Response]]

HTML_502 = (
    "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
    "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n"
    "</body>\r\n</html>\r\n"
)


def _error(
    status: int, message: str, code: str, etype: str = "invalid_request_error"
) -> JSONResponse:
    return JSONResponse(
        {"error": {"message": message, "type": etype, "code": code}}, status_code=status
    )


class DroppedStream(Exception):
    """Raised inside a streaming body: uvicorn closes the connection mid-response."""


class Emulator:
    def __init__(self, config: EmulatorConfig) -> None:
        self.config = config
        self.engine = BatchEngine(config)
        self._rng = random.Random(config.seed)
        self._rng_lock = threading.Lock()
        # The last chat request as it arrived: what a test checks the client sent.
        self.last_chat_body: dict[str, Any] | None = None

    @property
    def stats(self) -> dict[str, int]:
        return self.engine.stats

    def _chance(self, rate: float) -> bool:
        if rate <= 0:
            return False
        with self._rng_lock:
            return self._rng.random() < rate

    def _pick(self, options: tuple[str, ...]) -> str:
        with self._rng_lock:
            return self._rng.choice(options)

    # --- checks every route makes -------------------------------------------------------------

    def _auth(self, request: Request) -> Response | None:
        if self.config.token is None:
            return None
        header = request.headers.get("authorization", "")
        # The docs' Python samples send "Bearer Authorization: Bearer <token>"; the service
        # evidently accepts it, so the emulator does too.
        accepted = {
            f"Bearer {self.config.token}",
            f"Bearer Authorization: Bearer {self.config.token}",
        }
        if header.strip() not in accepted:
            return _error(401, "Incorrect API key provided.", "invalid_api_key")
        return None

    def _fault(self) -> Response | None:
        if not self._chance(self.config.fault_rate):
            return None
        self.engine.stats["faults"] += 1
        kind = self._pick(self.config.fault_kinds)
        if kind == "429":
            wait = self.config.retry_after_s
            headers = {"Retry-After": str(max(0, round(wait)))}
            if not float(wait).is_integer():
                headers["retry-after-ms"] = str(int(wait * 1000))
            response = _error(
                429,
                "Requests rate limit exceeded, please try again later.",
                "rate_limit_exceeded",
                "rate_limit_error",
            )
            response.headers.update(headers)
            return response
        if kind == "502-html":
            return Response(HTML_502, status_code=502, media_type="text/html")
        status = int(kind)
        return _error(
            status,
            "The server had an error while processing your request.",
            "internal_error",
            "server_error",
        )

    async def _gate(self, request: Request) -> Response | None:
        if self.config.silent:
            self.engine.stats["unanswered"] += 1  # what a silent server was asked
            await asyncio.Event().wait()  # never set: the client's deadline has to end it
        if self.config.latency_ms > 0:
            await asyncio.sleep(self.config.latency_ms / 1000)
        return self._auth(request) or self._fault()

    # --- chat ---------------------------------------------------------------------------------

    async def chat(self, request: Request) -> Response:
        self.engine.stats["chat_requests"] += 1
        try:
            body = await request.json()
        except ValueError:
            return _error(400, "The request body is not valid JSON.", "invalid_json")
        if not isinstance(body, dict) or not body.get("model"):
            return _error(400, "model is required.", "missing_model")
        self.last_chat_body = body
        try:
            completion = complete(
                body, self._chance(self.config.unreadable_rate), self.config.judge_style()
            )
        except BadJudgeRequest as exc:
            return _error(400, str(exc), "invalid_parameter")
        completion.text = self.config.verdict_prefix + completion.text + self.config.verdict_suffix
        headers = {"x-request-id": completion.id}
        if body.get("stream") and self.config.keepalive_only:
            return StreamingResponse(
                self._keepalive_forever(), media_type="text/event-stream", headers=headers
            )
        if self._chance(self.config.not_json_rate):
            return Response(
                "<html><body>Welcome to nginx!</body></html>", media_type="text/html",
                headers=headers,
            )  # fmt: skip
        if self.config.huge_body_bytes:
            answer = completion.chat_completion()
            answer["padding"] = "x" * self.config.huge_body_bytes
            return JSONResponse(answer, headers=headers)
        if body.get("stream"):
            include_usage = bool((body.get("stream_options") or {}).get("include_usage"))
            drop = self._chance(self.config.stream_drop_rate)
            return StreamingResponse(
                self._stream(completion, include_usage, drop),
                media_type="text/event-stream",
                headers=headers,
            )
        if self._chance(self.config.malformed_rate):
            return Response(
                '{"id": "' + completion.id + '", "choices": [{"index": 0, "mess',
                media_type="application/json",
                headers=headers,
            )
        return JSONResponse(self._fields(completion.chat_completion()), headers=headers)

    def _fields(self, answer: dict[str, Any]) -> dict[str, Any]:
        """A chat answer (or chunk) as sent: with `wrong_fields`, written wrongly."""
        return with_wrong_fields(answer) if self.config.wrong_fields else answer

    async def _keepalive_forever(self) -> AsyncIterator[bytes]:
        """A stream that stays open and says nothing: only SSE comments, twice a second."""
        while True:
            yield b": keep-alive\n\n"
            await asyncio.sleep(0.5)

    async def _stream(
        self, completion: Completion, include_usage: bool, drop: bool
    ) -> AsyncIterator[bytes]:
        created = completion.created
        completion_id, model, text = completion.id, completion.model, completion.text

        def frame(choices: list[dict[str, Any]], extra: dict[str, Any] | None = None) -> bytes:
            chunk: dict[str, Any] = {
                "id": completion_id,
                "object": "chat.completion.chunk",
                "created": created,
                "model": model,
                "system_fingerprint": EMULATOR_FINGERPRINT,
                "choices": choices,
            }
            if extra:
                chunk.update(extra)
            chunk = self._fields(chunk)
            return b"data: " + json.dumps(chunk, ensure_ascii=False).encode() + b"\n\n"

        pieces = [text[i : i + 16] for i in range(0, len(text), 16)] or [""]
        yield b": judge-tui emulator stream\n\n"
        yield frame(
            [{"index": 0, "delta": {"role": "assistant", "content": ""}, "finish_reason": None}]
        )
        for n, piece in enumerate(pieces):
            if drop and n >= len(pieces) // 2:
                raise DroppedStream("emulated dropped stream")
            if self.config.stream_chunk_ms > 0:
                await asyncio.sleep(self.config.stream_chunk_ms / 1000)
            yield frame([{"index": 0, "delta": {"content": piece}, "finish_reason": None}])
        yield frame([{"index": 0, "delta": {}, "finish_reason": completion.finish_reason}])
        if include_usage:
            yield frame([], {"usage": completion.usage})
        yield b"data: [DONE]\n\n"

    # --- files --------------------------------------------------------------------------------

    async def upload_file(self, request: Request) -> Response:
        limit = self.config.file_limit()
        length = int(request.headers.get("content-length") or 0)
        if length > limit + 64 * 1024:
            return _error(
                413,
                f"The file is larger than the {limit // (1024 * 1024)} MB limit.",
                "file_too_large",
            )
        form = await request.form(max_part_size=limit + 1)
        upload = form.get("file")
        purpose = str(form.get("purpose") or "")
        if upload is None or isinstance(upload, str):
            return _error(400, "file is required (multipart field 'file').", "missing_file")
        if purpose != "batch":
            return _error(400, "purpose must be 'batch'.", "invalid_purpose")
        data = await upload.read()
        if len(data) > limit:
            return _error(
                413,
                f"The file is larger than the {limit // (1024 * 1024)} MB limit.",
                "file_too_large",
            )
        stored = self.engine.add_file(upload.filename or "input.jsonl", purpose, data)
        return JSONResponse(stored.public(self.config.dialect))

    async def list_files(self, request: Request) -> Response:
        purpose = request.query_params.get("purpose")
        files = [f for f in self.engine.files.values() if not purpose or f.purpose == purpose]
        files.reverse()  # newest first, as the services list them
        after = request.query_params.get("after")
        if after:
            ids = [f.id for f in files]
            files = files[ids.index(after) + 1 :] if after in ids else []
        size = self.config.files_page_size
        page = files[:size] if size else files
        data = [f.public(self.config.dialect) for f in page]
        return JSONResponse(
            {
                "object": "list",
                "data": data,
                "first_id": data[0]["id"] if data else None,
                "last_id": data[-1]["id"] if data else None,
                "has_more": len(page) < len(files),
            }
        )

    def _stored_file(self, request: Request) -> StoredFile | None:
        return self.engine.files.get(request.path_params["file_id"])

    async def retrieve_file(self, request: Request) -> Response:
        if (stored := self._stored_file(request)) is None:
            return _error(404, "No such file.", "file_not_found")
        if request.method == "DELETE":
            self.engine.files.pop(stored.id, None)
            return JSONResponse({"id": stored.id, "object": "file", "deleted": True})
        return JSONResponse(stored.public(self.config.dialect))

    async def file_content(self, request: Request) -> Response:
        if (stored := self._stored_file(request)) is None:
            return _error(404, "No such file.", "file_not_found")
        return Response(stored.data, media_type="application/octet-stream")

    # --- batches ------------------------------------------------------------------------------

    async def create_batch(self, request: Request) -> Response:
        try:
            body = await request.json()
        except ValueError:
            return _error(400, "The request body is not valid JSON.", "invalid_json")
        file_id = body.get("input_file_id") if isinstance(body, dict) else None
        if not file_id or file_id not in self.engine.files:
            return _error(
                404 if file_id else 400, f"No such input file: {file_id}.", "file_not_found"
            )
        if body.get("endpoint") not in ("/v1/chat/completions", "/v1/chat/ds-test"):
            return _error(400, "endpoint must be /v1/chat/completions.", "invalid_endpoint")
        window = str(body.get("completion_window") or "")
        allowed = ("24h",) if self.config.dialect == "pai" else None
        if (allowed and window not in allowed) or not window.rstrip("hd").isdigit():
            return _error(400, "completion_window must be 24h.", "invalid_completion_window")
        metadata = body.get("metadata")
        batch = self.engine.create(file_id, body["endpoint"], window, metadata)
        with self.engine.lock:
            return JSONResponse(self.engine.public(batch))

    async def list_batches(self, request: Request) -> Response:
        params = request.query_params
        try:
            limit = max(1, min(100, int(params.get("limit") or 20)))
        except ValueError:
            return _error(400, "limit must be a number from 1 to 100.", "invalid_limit")
        statuses = {s.strip().lower() for s in (params.get("status") or "").split(",") if s.strip()}
        file_ids = {s.strip() for s in (params.get("input_file_ids") or "").split(",") if s.strip()}
        ds_name = params.get("ds_name")
        with self.engine.lock:
            ids = list(reversed(self.engine.order))  # newest first
            after = params.get("after")
            if after and after in ids:
                ids = ids[ids.index(after) + 1 :]
            rows: list[dict[str, Any]] = []
            for batch_id in ids:
                batch = self.engine.batches[batch_id]
                self.engine.advance(batch)
                if statuses and batch.state not in statuses:
                    continue
                if file_ids and batch.input_file_id not in file_ids:
                    continue
                if ds_name and (batch.metadata or {}).get("ds_name") != ds_name:
                    continue
                rows.append(self.engine.public(batch))
            page = rows[:limit]
        return JSONResponse(
            {
                "object": "list",
                "data": page,
                "first_id": page[0]["id"] if page else None,
                "last_id": page[-1]["id"] if page else None,
                "has_more": len(rows) > limit,
            }
        )

    async def retrieve_batch(self, request: Request) -> Response:
        batch = self.engine.batches.get(request.path_params["batch_id"])
        if batch is None:
            return _error(404, "No such batch.", "batch_not_found")
        with self.engine.lock:
            self.engine.advance(batch)
            return JSONResponse(self.engine.public(batch))

    async def cancel_batch(self, request: Request) -> Response:
        batch_id = request.path_params["batch_id"]
        if batch_id not in self.engine.batches:
            return _error(404, "No such batch.", "batch_not_found")
        batch = self.engine.cancel(batch_id)
        with self.engine.lock:
            return JSONResponse(self.engine.public(batch))

    async def stats_route(self, request: Request) -> Response:
        return JSONResponse(dict(self.engine.stats))

    def _gated(self, handler: Handler) -> Handler:
        """Every API route waits the latency, checks the token and rolls the fault dice first."""

        async def route(request: Request) -> Response:
            early = await self._gate(request)
            if early is not None:
                return early
            response = await handler(request)
            if self.config.answer_delay_ms > 0:
                await asyncio.sleep(self.config.answer_delay_ms / 1000)
            return response

        return route

    def routes(self) -> list[Route]:
        gated = self._gated
        return [
            Route("/chat/completions", gated(self.chat), methods=["POST"]),
            Route("/files", gated(self.upload_file), methods=["POST"]),
            Route("/files", gated(self.list_files), methods=["GET"]),
            Route("/files/{file_id}", gated(self.retrieve_file), methods=["GET", "DELETE"]),
            Route("/files/{file_id}/content", gated(self.file_content), methods=["GET"]),
            Route("/batches", gated(self.create_batch), methods=["POST"]),
            Route("/batches", gated(self.list_batches), methods=["GET"]),
            Route("/batches/{batch_id}", gated(self.retrieve_batch), methods=["GET"]),
            Route("/batches/{batch_id}/cancel", gated(self.cancel_batch), methods=["POST"]),
            Route("/_emulator/stats", self.stats_route, methods=["GET"]),
        ]


def create_app(config: EmulatorConfig) -> tuple[Starlette, Emulator]:
    emulator = Emulator(config)
    routes = emulator.routes()
    # Both documented base-URL shapes: /v1 and DashScope's /compatible-mode/v1.
    app = Starlette(
        routes=[Mount("/v1", routes=routes), Mount("/compatible-mode/v1", routes=routes)]
    )
    return app, emulator
