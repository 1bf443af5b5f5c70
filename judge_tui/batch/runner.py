"""Submit, track, collect, cancel and resubmit batch jobs, with the journal as the truth.

Every POST is written to the journal before it is sent and after it answers. A chunk found
half-way ("uploading", "creating") after a crash or an error is reconciled first: the service
is asked for an upload with the chunk's unique file name, or a batch on the chunk's input file,
and only when none exists is the POST sent again. So no chunk is uploaded or created twice.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from judge_tui.api.client import JudgeClient
from judge_tui.api.dialects import BatchStatus, Dialect
from judge_tui.api.errors import (
    BadRequestError,
    ConnectionFailed,
    JudgeApiError,
    RateLimitError,
    RequestTimeout,
    ServerError,
    StreamError,
)
from judge_tui.api.models import Batch, FileObject
from judge_tui.batch.build import ENDPOINT, write_chunks
from judge_tui.batch.chunk_files import RESULT_KINDS, items_path_for, result_path
from judge_tui.batch.dataset import BatchItem, Dataset
from judge_tui.batch.result_rows import Piece, cut, item_offsets, result_lines, rows_in_order
from judge_tui.judging.run import JudgeStatus
from judge_tui.store.batch_jobs import (
    ChunkRecord,
    JobRecord,
    Phase,
    create_job,
    get_job,
    stored_custom_ids,
    update_chunk,
    update_job,
)
from judge_tui.store.db import Database
from judge_tui.store.job_statuses import JobStatus
from judge_tui.store.paths import HomePaths
from judge_tui.store.session_list import session_id_for
from judge_tui.store.sessions import insert_batch_rows

# A POST that failed in a way that may pass (the service busy or down a moment) is tried again
# this many times, each time after asking the service whether the last one arrived after all.
STEP_ATTEMPTS = 8
TRANSIENT = (RateLimitError, ServerError, ConnectionFailed, RequestTimeout, StreamError)
_UNSUBMITTED = (
    Phase.BUILT,
    Phase.UPLOADING,
    Phase.UPLOADED,
    Phase.CREATING,
)

Report = Callable[[str], object]


class BatchProblem(Exception):
    """A job cannot go on; one sentence saying why and what to do."""


@dataclass
class CollectSummary:
    succeeded: int = 0
    failed: int = 0
    unreadable: int = 0
    expired: int = 0
    cancelled: int = 0
    missing: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)  # ids in the results that no item has

    def sentence(self) -> str:
        parts = [f"{self.succeeded} succeeded"]
        if self.unreadable:
            parts.append(f"{self.unreadable} with a verdict that could not be read")
        parts += [f"{self.failed} failed", f"{self.expired} expired"]
        if self.cancelled:
            parts.append(f"{self.cancelled} cancelled")
        parts.append(f"{len(self.missing)} missing")
        if self.duplicates:
            parts.append(f"{len(self.duplicates)} answered twice (the first answer kept)")
        if self.unknown:  # the service's mistake: said, as nothing is left out silently
            parts.append(f"{len(self.unknown)} naming no item of the job (not stored)")
        return ", ".join(parts) + "."


def new_job(
    db: Database,
    paths: HomePaths,
    dataset: Dataset,
    *,
    name: str,
    session: str | None,
    profile: str | None,
    base_url: str,
    dialect: Dialect,
    parent_job_id: int | None = None,
    fingerprint: str | None = None,
    requests: str | None = None,
) -> JobRecord:
    """Write the job's files and journal it; nothing is sent yet."""
    import uuid

    if not dataset.ok:
        raise BatchProblem(dataset.report())
    uid = uuid.uuid4().hex
    chunks, problems = write_chunks(paths.batches / uid, uid, dataset.items, dialect)
    if problems:
        raise BatchProblem("; ".join(str(p) for p in problems))
    return create_job(
        db, name=name, session=session, profile=profile, base_url=base_url,
        dialect=dialect.value, model=str(dataset.items[0].body.get("model", "")),
        source=dataset.source, uid=uid, parent_job_id=parent_job_id, fingerprint=fingerprint,
        requests=requests, chunks=[(str(c.input_path), c.upload_name, c.lines) for c in chunks],
    )  # fmt: skip


def rejection_sentence(errors: Any, shown: int = 3) -> str | None:
    """What the service said when it refused a batch's lines (its `errors` list: a line number,
    a code, a message each), as one sentence; None when it said nothing."""
    data = errors.get("data") if isinstance(errors, dict) else errors
    if not isinstance(data, list) or not data:
        return None
    said = []
    for entry in data[:shown]:
        if not isinstance(entry, dict):
            continue
        where = f"line {entry['line']}: " if entry.get("line") is not None else ""
        code = f" ({entry['code']})" if entry.get("code") else ""
        said.append(f"{where}{entry.get('message') or 'rejected'}{code}")
    more = f"; and {len(data) - shown} more" if len(data) > shown else ""
    hint = ""
    if any("method" in s or "url" in s for s in said):
        hint = " The lines are in the wrong dialect: submit again with --dialect dashscope."
    return f"the service rejected {len(data)} line(s): {'; '.join(said)}{more}.{hint}"


def items_path(chunk: ChunkRecord) -> Path:
    return items_path_for(Path(chunk.input_path))


def result_file(chunk: ChunkRecord, kind: str) -> Path:
    return result_path(Path(chunk.input_path), chunk.seq, kind)


class BatchRunner:
    def __init__(
        self, client: JudgeClient, db: Database, paths: HomePaths, report: Report | None = None
    ) -> None:
        self.client = client
        self.db = db
        self.paths = paths
        self.report: Report = report or (lambda sentence: None)

    def reload(self, job: JobRecord) -> JobRecord:
        return get_job(self.db, str(job.id))

    # --- submit: upload and create, each journalled ------------------------------------------

    async def submit(self, job: JobRecord) -> JobRecord:
        for chunk in job.chunks:
            if chunk.phase in (Phase.BUILT, Phase.UPLOADING):
                await self._persist(job, chunk.id, self._upload, "upload")
        job = self.reload(job)
        for chunk in job.chunks:
            if chunk.phase in (Phase.UPLOADED, Phase.CREATING):
                await self._persist(job, chunk.id, lambda c: self._create(job, c), "create")
        job = self.reload(job)
        if job.status == JobStatus.SUBMITTING:
            update_job(self.db, job.id, status=JobStatus.RUNNING)
        return self.reload(job)

    async def _persist(
        self,
        job: JobRecord,
        chunk_id: int,
        step: Callable[[ChunkRecord], Awaitable[None]],
        what: str,
    ) -> None:
        """Run one journalled step until it is done, or fails for good. Each new try starts
        from the journal, which says the POST may have arrived: the step asks the service
        first, so trying again never posts twice."""
        for attempt in range(1, STEP_ATTEMPTS + 1):
            chunk = next(c for c in self.reload(job).chunks if c.id == chunk_id)
            try:
                await step(chunk)
                return
            except BadRequestError as exc:
                # The service refuses this chunk as it is: trying again would meet the same
                # answer, so the chunk ends here as failed and its items count as missing, for
                # resubmit. (A wrong token is not this: it stops the job until it is fixed.)
                update_chunk(
                    self.db, chunk_id, phase=Phase.FINISHED, status=BatchStatus.FAILED.value,
                    raw_status="rejected", error=exc.user_message(),
                )  # fmt: skip
                self.report(f"Chunk {chunk.seq + 1}: the {what} was refused: {exc.user_message()}")
                return
            except TRANSIENT as exc:
                update_chunk(self.db, chunk_id, error=exc.user_message())
                if attempt == STEP_ATTEMPTS:
                    raise
                wait = min(30.0, 0.5 * 2**attempt)
                self.report(
                    f"Chunk {chunk.seq + 1}: the {what} failed ({exc.user_message()}); checking "
                    f"with the service and trying again in {wait:.0f} s."
                )
                await asyncio.sleep(wait)

    async def _find_upload(self, upload_name: str) -> FileObject | None:
        async for found in self.client.iter_files(purpose="batch"):
            if found.filename == upload_name:
                return found
        return None

    async def _upload(self, chunk: ChunkRecord) -> None:
        if chunk.phase is Phase.UPLOADING:
            found = await self._find_upload(chunk.upload_name)
            if found is not None:
                self.report(f"Chunk {chunk.seq + 1}: its upload had arrived ({found.id}).")
                update_chunk(self.db, chunk.id, phase=Phase.UPLOADED, input_file_id=found.id)
                return
        update_chunk(self.db, chunk.id, phase=Phase.UPLOADING)
        uploaded = await self.client.upload_file(Path(chunk.input_path), filename=chunk.upload_name)
        update_chunk(self.db, chunk.id, phase=Phase.UPLOADED, input_file_id=uploaded.id)
        self.report(f"Chunk {chunk.seq + 1}: uploaded {chunk.lines} lines as {uploaded.id}.")

    async def _find_batch(self, input_file_id: str) -> Batch | None:
        async for batch in self.client.iter_batches():
            if batch.input_file_id == input_file_id:
                return batch
        return None

    async def _create(self, job: JobRecord, chunk: ChunkRecord) -> None:
        assert chunk.input_file_id is not None
        if chunk.phase is Phase.CREATING:
            found = await self._find_batch(chunk.input_file_id)
            if found is not None:
                self.report(f"Chunk {chunk.seq + 1}: its batch had been created ({found.id}).")
                self._record_batch(chunk, found, Phase.CREATED)
                return
        update_chunk(self.db, chunk.id, phase=Phase.CREATING)
        batch = await self.client.create_batch(
            chunk.input_file_id, endpoint=ENDPOINT, completion_window=job.completion_window
        )
        self._record_batch(chunk, batch, Phase.CREATED)
        self.report(f"Chunk {chunk.seq + 1}: batch {batch.id} created.")

    def _record_batch(self, chunk: ChunkRecord, batch: Batch, phase: Phase) -> None:
        status = batch.normalised_status
        counts = batch.request_counts.model_dump() if batch.request_counts else {}
        fields: dict[str, Any] = {}
        if rejected := rejection_sentence(batch.errors):
            fields["error"] = rejected
            if rejected != chunk.error:
                self.report(f"Chunk {chunk.seq + 1}: {rejected}")
        update_chunk(
            self.db, chunk.id, phase=Phase.FINISHED if status.finished else phase,
            batch_id=batch.id, status=status.value, raw_status=batch.status, counts=counts,
            output_file_id=batch.output_file_id, error_file_id=batch.error_file_id, **fields,
        )  # fmt: skip

    async def advance(self, job: JobRecord) -> JobRecord:
        """Whatever the job needs next: chunks a crash left unsubmitted are submitted (after
        reconciling), the others are looked at. Safe to call any number of times."""
        if job.status != "cancelling" and any(c.phase in _UNSUBMITTED for c in job.chunks):
            job = await self.submit(job)
        return await self.track(job)

    # --- track --------------------------------------------------------------------------------

    async def track(self, job: JobRecord) -> JobRecord:
        """One look at every unfinished chunk; an error on one is kept and the rest go on."""
        for chunk in job.chunks:
            if chunk.phase is not Phase.CREATED or chunk.batch_id is None:
                continue
            try:
                batch = await self.client.retrieve_batch(chunk.batch_id)
            except JudgeApiError as exc:
                update_chunk(self.db, chunk.id, error=exc.user_message())
                continue
            self._record_batch(chunk, batch, Phase.CREATED)
            if batch.normalised_status is BatchStatus.UNKNOWN:
                self.report(f"Chunk {chunk.seq + 1}: status {batch.status!r} (taken as running).")
        job = self.reload(job)
        finished = all(c.phase in (Phase.FINISHED, Phase.COLLECTED) for c in job.chunks)
        still = (JobStatus.SUBMITTING, JobStatus.RUNNING, JobStatus.CANCELLING)
        if finished and job.status in still:
            update_job(self.db, job.id, status=JobStatus.FINISHED)
        return self.reload(job)

    async def cancel(self, job: JobRecord) -> JobRecord:
        """Cancel every chunk: batches on the service are asked to stop, and chunks not sent yet
        are never sent. A chunk whose create may have arrived is looked up first, so a batch
        the journal did not hear of is cancelled too rather than left to run (and be billed)."""
        update_job(self.db, job.id, status=JobStatus.CANCELLING)  # nothing new is sent now
        for chunk in job.chunks:
            if chunk.phase is Phase.CREATING and chunk.input_file_id:
                found = await self._find_batch(chunk.input_file_id)
                if found is not None:
                    self._record_batch(chunk, found, Phase.CREATED)
        for chunk in self.reload(job).chunks:
            if chunk.phase is Phase.CREATED and chunk.batch_id:
                batch = await self.client.cancel_batch(chunk.batch_id)
                self._record_batch(chunk, batch, Phase.CREATED)
            elif chunk.phase in _UNSUBMITTED:
                update_chunk(
                    self.db, chunk.id, phase=Phase.FINISHED,
                    status=BatchStatus.CANCELLED.value, raw_status="cancelled before sending",
                )  # fmt: skip
        return await self.track(self.reload(job))

    # --- collect ------------------------------------------------------------------------------

    async def collect(self, job: JobRecord) -> CollectSummary:
        """Download and store the results of every finished chunk; safe to run again."""
        downloaded: list[ChunkRecord] = []
        failure: JudgeApiError | None = None
        for chunk in job.chunks:
            if chunk.phase is not Phase.FINISHED:
                continue
            try:
                await self._download_results(chunk)
            except JudgeApiError as exc:  # the others are stored all the same
                failure = failure or exc
            else:
                downloaded.append(chunk)
        read = self.store_results(job, downloaded)
        if failure is not None:
            raise failure
        job = self.reload(job)
        summary = self.summarise(job, read)
        done = all(c.phase is Phase.COLLECTED for c in job.chunks)
        status = JobStatus.DONE if done else job.status
        update_job(self.db, job.id, status=status, summary=summary.__dict__)
        return summary

    async def _download_results(self, chunk: ChunkRecord) -> None:
        for kind, file_id in zip(
            RESULT_KINDS, (chunk.output_file_id, chunk.error_file_id), strict=True
        ):
            target = result_file(chunk, kind)
            if file_id and not target.exists():
                await self.client.download_file_content(file_id, target)

    def store_results(self, job: JobRecord, chunks: list[ChunkRecord]) -> dict[int, list[str]]:
        """Join each result line of these chunks to its item and store it as an evaluation of
        the job; a result stored already (a collect cut short) is left as it is, so running it
        again adds only what is missing. A line whose custom_id came before is a duplicate: the
        first is kept. One pass for all the chunks: the worker processes start once. Returns
        the custom_id of every line read, in file order, by chunk id (for `summarise`)."""
        with self.db.transaction() as conn:
            session_id = session_id_for(conn, job.session or f"batch {job.name}", create=True)
        pieces: list[Piece] = []
        chunk_of: list[int] = []  # each piece's chunk id
        last_piece: dict[int, ChunkRecord] = {}  # the index of a chunk's last piece -> chunk
        for chunk in chunks:
            before = len(pieces)
            pieces += [
                Piece(job, session_id, str(items_path(chunk)), str(path), start, end)
                for kind in RESULT_KINDS
                if (path := result_file(chunk, kind)).exists()
                for start, end in cut(path)
            ]
            chunk_of += [chunk.id] * (len(pieces) - before)
            if len(pieces) == before:  # no result file at all
                update_chunk(self.db, chunk.id, phase=Phase.COLLECTED)
            else:
                last_piece[len(pieces) - 1] = chunk
        # Rows go in in file order and a result stored before is ignored (the unique job and
        # custom_id), so the first of a duplicated id is the one kept, and a collect run again
        # after a kill adds only what is missing. Each piece is its own transaction; a chunk is
        # collected once its last piece is stored.
        read: dict[int, list[str]] = {}
        with self.db.bulk_writes():
            for index, piece_read in enumerate(rows_in_order(pieces)):
                with self.db.transaction() as conn:
                    insert_batch_rows(conn, piece_read.rows)
                read.setdefault(chunk_of[index], []).extend(piece_read.custom_ids)
                if index in last_piece:
                    update_chunk(self.db, last_piece[index].id, phase=Phase.COLLECTED)
        return read

    def summarise(self, job: JobRecord, read: dict[int, list[str]] | None = None) -> CollectSummary:
        """Counts from what is stored and what each chunk's files say: the same every time.
        `read`: the custom_ids a collect has just read, by chunk (`store_results`), so its
        files are not read again (a second read of 60 MB of results took 0.9 s)."""
        summary = CollectSummary()
        rows = self.db.conn.execute(
            "SELECT custom_id, status FROM evaluations WHERE batch_job_id = ?", (job.id,)
        ).fetchall()
        by_id = {row["custom_id"]: row["status"] for row in rows}
        for status in by_id.values():
            if status == JudgeStatus.ERROR.value:
                summary.failed += 1
            elif status == JudgeStatus.OK.value:
                summary.succeeded += 1
            else:
                summary.unreadable += 1
        for chunk in job.chunks:
            if chunk.phase is not Phase.COLLECTED:
                continue
            seen: set[str] = set()
            index = item_offsets(str(items_path(chunk)))
            in_files = read.get(chunk.id) if read is not None else None
            for custom_id in self._custom_ids(chunk) if in_files is None else in_files:
                if custom_id in seen:
                    summary.duplicates.append(custom_id)
                elif custom_id not in index:
                    summary.unknown.append(custom_id)
                seen.add(custom_id)
            absent = [cid for cid in index if cid not in seen]
            if chunk.status == BatchStatus.EXPIRED.value:
                summary.expired += len(absent)
            elif chunk.status == BatchStatus.CANCELLED.value:
                summary.cancelled += len(absent)
            else:
                summary.missing += absent
        return summary

    def _custom_ids(self, chunk: ChunkRecord) -> Iterator[str]:
        """The custom_id of every line of the chunk's result files, in file order."""
        for kind in RESULT_KINDS:
            path = result_file(chunk, kind)
            if path.exists():
                for line in result_lines(path):
                    yield str(line.get("custom_id", ""))

    # --- resubmit -----------------------------------------------------------------------------

    async def resubmit(self, job: JobRecord) -> JobRecord | None:
        """Failed, expired and missing items as a new job linked to this one, submitted;
        None when there is nothing to resubmit."""
        items = self.retry_items(job)
        if not items:
            return None
        again = new_job(
            self.db, self.paths, Dataset(items=items, source=f"job {job.id}"),
            name=f"{job.name} (retry)", session=job.session, profile=job.profile,
            base_url=job.base_url, dialect=Dialect(job.dialect), parent_job_id=job.id,
        )  # fmt: skip
        return await self.submit(again)

    def retry_items(self, job: JobRecord) -> list[BatchItem]:
        """Failed, expired, cancelled and missing items of a collected job, as first built."""
        failed = {
            row["custom_id"]
            for row in self.db.conn.execute(
                "SELECT custom_id FROM evaluations WHERE batch_job_id = ? AND status = 'error'",
                (job.id,),
            )
        }
        done = stored_custom_ids(self.db, job.id) - failed
        items = []
        for chunk in job.chunks:
            with items_path(chunk).open("rb") as source:
                for raw in source:
                    item = json.loads(raw)
                    if item["custom_id"] not in done:
                        items.append(_item(item))
        return items


def _item(saved: dict[str, Any]) -> BatchItem:
    return BatchItem(
        custom_id=saved["custom_id"], line=saved["line"], body=saved["body"], mode=saved["mode"],
        max_score=saved["max_score"], inputs=saved["inputs"], params=saved["params"],
        template_name=saved["template_name"], template_version=saved["template_version"],
    )  # fmt: skip
