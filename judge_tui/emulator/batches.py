"""Files and batches held in memory, with a lifecycle that advances with the clock."""

from __future__ import annotations

import json
import random
import threading
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

from judge_tui.emulator.config import EmulatorConfig
from judge_tui.emulator.verdicts import BadJudgeRequest, complete, with_wrong_fields

# Our status names, and how each dialect spells them (docs/service.md §5).
PAI_SPELLING = {
    "validating": "Creating",
    "in_progress": "Running",
    "finalizing": "Finalizing",
    "completed": "Succeeded",
    "failed": "Failed",
    "expired": "Expired",
    "cancelling": "Cancelling",
    "cancelled": "Cancelled",
}


@dataclass
class StoredFile:
    id: str
    filename: str
    purpose: str
    data: bytes
    created_at: int

    def public(self, dialect: str) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id,
            "object": "file",
            "bytes": len(self.data),
            "created_at": self.created_at,
            "filename": self.filename,
            "purpose": self.purpose,
        }
        if dialect == "dashscope":
            out["status"] = "processed"
        return out


@dataclass
class StoredBatch:
    id: str
    input_file_id: str
    endpoint: str
    completion_window: str
    metadata: dict[str, Any] | None
    created: float
    total: int
    lines: list[dict[str, Any]]
    errors: list[dict[str, Any]] = field(default_factory=list)
    state: str = "validating"
    times: dict[str, int] = field(default_factory=dict)
    cancel_requested: float | None = None
    output_file_id: str | None = None
    error_file_id: str | None = None
    completed: int = 0
    failed: int = 0
    seq: int = 0  # creation order: with the config's seed it makes each batch's dice repeatable


class BatchEngine:
    def __init__(self, config: EmulatorConfig) -> None:
        self.config = config
        self.files: dict[str, StoredFile] = {}
        self.batches: dict[str, StoredBatch] = {}
        self.order: list[str] = []  # batch ids, oldest first
        self.lock = threading.RLock()  # finishing a batch adds files while the lock is held
        self.stats = {
            "uploads": 0,
            "batches_created": 0,
            "chat_requests": 0,
            "faults": 0,
            "unanswered": 0,
        }

    # --- files --------------------------------------------------------------------------------

    def add_file(
        self, filename: str, purpose: str, data: bytes, *, count: bool = True
    ) -> StoredFile:
        file_id = f"file-batch-{uuid.uuid4().hex.upper()}"
        stored = StoredFile(file_id, filename, purpose, data, int(time.time()))
        with self.lock:
            self.files[file_id] = stored
            if count:
                self.stats["uploads"] += 1
        return stored

    # --- batches ------------------------------------------------------------------------------

    def create(
        self, input_file_id: str, endpoint: str, window: str, metadata: dict[str, Any] | None
    ) -> StoredBatch:
        stored = self.files[input_file_id]
        lines, errors = self._read_input(stored.data)
        batch = StoredBatch(
            id=f"batch_{uuid.uuid4()}",
            input_file_id=input_file_id,
            endpoint=endpoint,
            completion_window=window,
            metadata=metadata,
            created=time.time(),
            total=len(lines),
            lines=lines,
            errors=errors,
        )
        batch.times["created_at"] = int(batch.created)
        if errors:
            # A file whose lines are malformed fails validation as a whole, as the service does.
            batch.state = "failed"
            batch.times["failed_at"] = int(batch.created)
        with self.lock:
            batch.seq = len(self.order)
            self.batches[batch.id] = batch
            self.order.append(batch.id)
            self.stats["batches_created"] += 1
        return batch

    def _read_input(self, data: bytes) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        lines: list[dict[str, Any]] = []
        errors: list[dict[str, Any]] = []
        seen: set[str] = set()
        for number, raw in enumerate(data.split(b"\n"), 1):
            if not raw.strip():
                continue
            try:
                obj = json.loads(raw)
            except ValueError:
                errors.append(
                    {"code": "invalid_json", "message": "line is not JSON", "line": number}
                )
                continue
            custom_id = obj.get("custom_id") if isinstance(obj, dict) else None
            if not isinstance(custom_id, str) or not custom_id:
                errors.append(
                    {"code": "missing_custom_id", "message": "no custom_id", "line": number}
                )
                continue
            if custom_id in seen:
                errors.append(
                    {
                        "code": "duplicate_custom_id",
                        "message": f"{custom_id} repeats",
                        "line": number,
                    }
                )
                continue
            if self.config.dialect == "dashscope" and (
                obj.get("method") != "POST" or not obj.get("url")
            ):
                errors.append(
                    {"code": "invalid_line", "message": "method/url missing", "line": number}
                )
                continue
            if not isinstance(obj.get("body"), dict):
                errors.append({"code": "invalid_line", "message": "no body", "line": number})
                continue
            seen.add(custom_id)
            lines.append(obj)
        if not lines and not errors:
            errors.append({"code": "empty_file", "message": "the input file is empty", "line": 0})
        return lines, errors

    def cancel(self, batch_id: str) -> StoredBatch:
        batch = self.batches[batch_id]
        with self.lock:
            self.advance(batch)
            if batch.state in ("validating", "in_progress", "finalizing"):
                batch.state = "cancelling"
                batch.cancel_requested = time.time()
                batch.times["cancelling_at"] = int(batch.cancel_requested)
        return batch

    def advance(self, batch: StoredBatch) -> None:
        """Bring a batch's state up to the clock. Callers hold the lock."""
        now = time.time()
        span = max(self.config.batch_seconds, 0.001)
        elapsed = now - batch.created
        if batch.state in ("completed", "failed", "expired", "cancelled"):
            return
        if batch.state == "cancelling":
            assert batch.cancel_requested is not None
            if now - batch.cancel_requested >= min(1.0, span * 0.1):
                done = self._done_count(batch, batch.cancel_requested - batch.created)
                self._finish(batch, done, "cancelled")
            return
        if elapsed < span * 0.1:
            batch.state = "validating"
        elif elapsed < span * 0.9:
            batch.state = "in_progress"
            batch.times.setdefault("in_progress_at", int(batch.created + span * 0.1))
            batch.completed = self._done_count(batch, elapsed)
        elif elapsed < span:
            batch.state = "finalizing"
            batch.times.setdefault("in_progress_at", int(batch.created + span * 0.1))
            batch.times.setdefault("finalizing_at", int(batch.created + span * 0.9))
            batch.completed = batch.total
        else:
            batch.times.setdefault("in_progress_at", int(batch.created + span * 0.1))
            batch.times.setdefault("finalizing_at", int(batch.created + span * 0.9))
            self._finish(batch, batch.total, "completed")

    def _done_count(self, batch: StoredBatch, elapsed: float) -> int:
        span = max(self.config.batch_seconds, 0.001)
        share = (elapsed - span * 0.1) / (span * 0.8)
        return max(0, min(batch.total, int(batch.total * share)))

    def _finish(self, batch: StoredBatch, done: int, state: str) -> None:
        rng = random.Random(f"{self.config.seed}:{batch.seq}")
        out: list[bytes] = []
        err: list[bytes] = []
        for line in batch.lines[:done]:
            result, ok = self._judge_line(line, rng)
            (out if ok else err).append(json.dumps(result, ensure_ascii=False).encode() + b"\n")
        rng.shuffle(out)  # the service does not promise input order
        batch.completed = len(out)
        batch.failed = len(err)
        if self.config.stray_results and out:  # a service's mistakes: one answered twice, one
            first = json.loads(out[0])  # for no line of the batch
            stray = dict(first, custom_id=f"stray-{batch.seq}")
            out += [out[0], json.dumps(stray, ensure_ascii=False).encode() + b"\n"]
        if out:
            batch.output_file_id = self.add_file(
                "output.jsonl", "batch_output", b"".join(out), count=False
            ).id
        if err:
            batch.error_file_id = self.add_file(
                "errors.jsonl", "batch_output", b"".join(err), count=False
            ).id
        batch.state = state
        batch.times[f"{state}_at"] = int(time.time())

    def _judge_line(self, line: dict[str, Any], rng: random.Random) -> tuple[dict[str, Any], bool]:
        request_id = str(uuid.uuid4())
        body = line["body"]
        base: dict[str, Any] = {"id": request_id, "custom_id": line["custom_id"]}
        if rng.random() < self.config.batch_line_fail_rate:
            base["response"] = {"status_code": 500, "request_id": request_id, "body": None}
            base["error"] = {"code": "InternalError", "message": "emulated failure of one line"}
            return base, False
        try:
            completion = complete(body, style=self.config.judge_style())
        except BadJudgeRequest as exc:
            base["response"] = {"status_code": 400, "request_id": request_id, "body": None}
            base["error"] = {"code": "InvalidParameter", "message": str(exc)}
            return base, False
        completion.id = f"chatcmpl-{request_id}"
        completion.text = self.config.verdict_prefix + completion.text + self.config.verdict_suffix
        base["response"] = {
            "status_code": 200,
            "request_id": request_id,
            "body": completion.chat_completion(),
        }
        if self.config.wrong_fields:
            base["response"]["body"] = with_wrong_fields(base["response"]["body"])
        base["error"] = None
        return base, True

    def public(self, batch: StoredBatch) -> dict[str, Any]:
        pai = self.config.dialect == "pai"
        status = PAI_SPELLING[batch.state] if pai else batch.state
        window_hours = int(batch.completion_window.rstrip("hd") or 24)
        expires = int(batch.created + window_hours * 3600)
        t = batch.times
        out: dict[str, Any] = {
            "id": batch.id,
            "object": "batch",
            "endpoint": batch.endpoint,
            "errors": {"object": "list", "data": batch.errors} if batch.errors else None,
            "input_file_id": batch.input_file_id,
            "completion_window": batch.completion_window,
            "status": status,
            "output_file_id": batch.output_file_id,
            "error_file_id": batch.error_file_id,
            "created_at": t.get("created_at"),
            ("in_process_at" if pai else "in_progress_at"): t.get("in_progress_at"),
            "expires_at": expires,
            ("FinalizingAt" if pai else "finalizing_at"): t.get("finalizing_at"),
            "completed_at": t.get("completed_at"),
            "failed_at": t.get("failed_at"),
            "expired_at": t.get("expired_at"),
            "cancelling_at": t.get("cancelling_at"),
            "cancelled_at": t.get("cancelled_at"),
            "request_counts": {
                "total": batch.total,
                "completed": batch.completed,
                "failed": batch.failed,
            },
            "metadata": batch.metadata,
        }
        return out
