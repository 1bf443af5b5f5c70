"""Our client against the emulator over real HTTP on loopback, faults included."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from judge_tui.api.client import JudgeClient
from judge_tui.api.credentials import Token
from judge_tui.api.dialects import BatchStatus, Dialect
from judge_tui.api.errors import (
    AuthError,
    BadRequestError,
    ConnectionFailed,
    NotFoundError,
    ServerError,
)
from judge_tui.api.jsonl import dump_jsonl_line, split_jsonl
from judge_tui.api.models import BatchOutputLine
from judge_tui.api.retry import RetryNotice, RetryPolicy
from judge_tui.emulator.server import EmulatorServer
from judge_tui.emulator.verdicts import EMULATOR_FINGERPRINT
from judge_tui.judging.inputs import JudgeInputs, JudgeParams, Mode
from judge_tui.judging.run import JudgeStatus, judge

from ..conftest import TOKEN

Start = Callable[..., EmulatorServer]


def client_for(server: EmulatorServer, token: str = TOKEN, **kwargs: object) -> JudgeClient:
    kwargs.setdefault("retry", RetryPolicy(base_delay=0.01, max_delay=0.05, max_attempts=8))
    return JudgeClient(server.base_url, Token(token, "JUDGE_MODEL_TOKEN"), **kwargs)  # type: ignore[arg-type]


SINGLE = JudgeInputs(
    question="What is 2+2? [@click=app.quit]x[/]", answer="4, since 2 and 2 make 4."
)
PAIR = JudgeInputs(
    mode=Mode.PAIRWISE, question="上联：登山要登顶", answer1="过河要过溪", answer2="追梦要摘星"
)


async def test_single_pairwise_custom_and_json_verdicts_are_read(emulator: EmulatorServer) -> None:
    async with client_for(emulator) as client:
        single = await judge(client, SINGLE, JudgeParams())
        pair = await judge(client, PAIR, JudgeParams(model="themis-plus"))
        custom = await judge(
            client,
            JudgeInputs(
                mode=Mode.CUSTOM,
                system="You judge.",
                user_template="Scale of 1 to 10. Q: {question} A: {answer}",
                question="q",
                answer="a",
            ),
            JudgeParams(),
        )
        as_json = await judge(client, SINGLE, JudgeParams(json_verdict=True))
    assert single.status is JudgeStatus.OK and single.verdict.score is not None
    assert single.system_fingerprint == EMULATOR_FINGERPRINT
    assert "emulator" in single.content
    assert pair.model == "themis-plus"
    assert pair.verdict.winner is not None and set(pair.verdict.answer_scores) == {"1", "2"}
    assert "回复1" in pair.content  # the verdict speaks the question's language
    assert custom.verdict.parsed and custom.verdict.max_score == 10
    assert as_json.verdict.source == "json" and as_json.verdict.score is not None
    assert single.usage and single.usage["total_tokens"] > 0


async def test_verdicts_are_deterministic(emulator: EmulatorServer) -> None:
    async with client_for(emulator) as client:
        first = await judge(client, SINGLE, JudgeParams())
        second = await judge(client, SINGLE, JudgeParams())
    assert first.content == second.content


async def test_streaming_with_usage_matches_the_plain_answer(emulator: EmulatorServer) -> None:
    deltas: list[str] = []
    async with client_for(emulator) as client:
        streamed = await judge(client, SINGLE, JudgeParams(stream=True), on_delta=deltas.append)
        plain = await judge(client, SINGLE, JudgeParams())
    assert len(deltas) > 3
    assert streamed.content == plain.content == "".join(deltas)
    assert streamed.finish_reason == "stop"
    assert streamed.usage == plain.usage
    assert streamed.verdict.score == plain.verdict.score


async def test_max_tokens_cuts_off_with_finish_reason_length(emulator: EmulatorServer) -> None:
    async with client_for(emulator) as client:
        outcome = await judge(client, SINGLE, JudgeParams(max_tokens=12))
    assert outcome.finish_reason == "length"
    assert outcome.status is JudgeStatus.TRUNCATED
    assert outcome.usage is not None and outcome.usage["completion_tokens"] <= 12


async def test_a_dropped_stream_keeps_the_partial_text_marked_incomplete(
    start_emulator: Start,
) -> None:
    server = start_emulator(stream_drop_rate=1.0)
    async with client_for(server) as client:
        outcome = await judge(client, SINGLE, JudgeParams(stream=True))
    assert outcome.status is JudgeStatus.ERROR
    assert outcome.incomplete
    assert outcome.content.startswith("I think the overall score")
    # Half a verdict may already show a score; it must not be presented as read.
    assert not outcome.verdict.parsed and outcome.verdict.score is None
    assert outcome.error is not None and "broke midway" in outcome.error.user_message()


async def test_fifty_judgments_in_a_row_survive_a_thirty_percent_fault_rate(
    start_emulator: Start,
) -> None:
    server = start_emulator(fault_rate=0.3, retry_after_s=0.2, seed=3)
    notices: list[RetryNotice] = []
    waits: list[float] = []

    async def recording_sleep(seconds: float) -> None:
        waits.append(seconds)
        await asyncio.sleep(seconds)

    async with client_for(server, on_retry=notices.append, sleep=recording_sleep) as client:
        outcomes = [await judge(client, SINGLE, JudgeParams()) for _ in range(50)]
    assert all(o.status is JudgeStatus.OK for o in outcomes), [o.error for o in outcomes if o.error]
    asked = [n for n in notices if n.from_retry_after]
    assert asked, "some faults are 429s that carry Retry-After"
    # The emulator asked for 0.2 s (retry-after-ms 200): every such wait is exactly that.
    assert all(n.wait_seconds == pytest.approx(0.2) for n in asked)
    assert server.emulator.stats["faults"] >= 10


async def test_whole_second_retry_after_is_honoured(start_emulator: Start) -> None:
    server = start_emulator(fault_rate=1.0, fault_kinds=("429",), retry_after_s=1.0)
    notices: list[RetryNotice] = []
    async with client_for(
        server, on_retry=notices.append, retry=RetryPolicy(max_attempts=2)
    ) as client:
        started = asyncio.get_running_loop().time()
        outcome = await judge(client, SINGLE, JudgeParams())
        elapsed = asyncio.get_running_loop().time() - started
    assert outcome.status is JudgeStatus.ERROR
    assert [n.wait_seconds for n in notices] == [1.0]
    assert elapsed >= 1.0
    assert "429" in outcome.error.user_message()  # type: ignore[union-attr]


async def test_an_html_502_page_becomes_one_sentence(start_emulator: Start) -> None:
    server = start_emulator(fault_rate=1.0, fault_kinds=("502-html",))
    async with client_for(server, retry=RetryPolicy(max_attempts=2, base_delay=0.01)) as client:
        outcome = await judge(client, SINGLE, JudgeParams())
    assert isinstance(outcome.error, ServerError)
    message = outcome.error.user_message()
    assert "502 Bad Gateway" in message and "HTML" in message and "\n" not in message
    assert "<html>" in outcome.error.details()


async def test_malformed_json_is_retried_then_reported(start_emulator: Start) -> None:
    server = start_emulator(malformed_rate=1.0)
    notices: list[RetryNotice] = []
    async with client_for(
        server, on_retry=notices.append, retry=RetryPolicy(max_attempts=3, base_delay=0.01)
    ) as client:
        outcome = await judge(client, SINGLE, JudgeParams())
    # A 200 that is not the answer was carried out (and billed): asked once more, no more.
    assert len(notices) == 1
    assert server.emulator.stats["chat_requests"] == 2
    assert isinstance(outcome.error, ServerError)
    assert "not a valid ChatCompletion" in outcome.error.user_message()


async def test_wrong_token_is_a_401_naming_the_token_source(emulator: EmulatorServer) -> None:
    async with client_for(emulator, token="wrong-token-xyz") as client:
        outcome = await judge(client, SINGLE, JudgeParams())
    assert isinstance(outcome.error, AuthError)
    message = outcome.error.user_message()
    assert "401" in message and "JUDGE_MODEL_TOKEN" in message
    assert "wrong-token-xyz" not in message and "wrong-token-xyz" not in outcome.error.details()


async def test_the_docs_doubled_authorization_form_is_accepted(emulator: EmulatorServer) -> None:
    async with client_for(emulator, token=f"Authorization: Bearer {TOKEN}") as client:
        outcome = await judge(client, SINGLE, JudgeParams())
    assert outcome.status is JudgeStatus.OK


async def test_unreachable_host_names_the_host() -> None:
    client = JudgeClient(
        "http://127.0.0.1:9/v1", None, retry=RetryPolicy(max_attempts=2, base_delay=0.01)
    )
    async with client:
        outcome = await judge(client, SINGLE, JudgeParams())
    assert isinstance(outcome.error, ConnectionFailed)
    assert "127.0.0.1:9" in outcome.error.user_message()


async def test_a_bad_request_is_not_retried(emulator: EmulatorServer) -> None:
    notices: list[RetryNotice] = []
    async with client_for(emulator, on_retry=notices.append) as client:
        response = await client._http.post("chat/completions", json={"model": "x", "messages": []})
        assert response.status_code == 400
        with pytest.raises(NotFoundError):
            await client.retrieve_batch("batch_nope")
    assert notices == []


async def test_files_routes(emulator: EmulatorServer, tmp_path: Path) -> None:
    data = dump_jsonl_line({"custom_id": "1", "body": {"model": "pai-judge", "messages": []}})
    async with client_for(emulator) as client:
        uploaded = await client.upload_file(data, filename="in.jsonl")
        assert uploaded.bytes == len(data) and uploaded.filename == "in.jsonl"
        assert (await client.retrieve_file(uploaded.id)).id == uploaded.id
        assert uploaded.id in [f.id for f in (await client.list_files()).data]
        destination = tmp_path / "copy.jsonl"
        assert await client.download_file_content(uploaded.id, destination) == len(data)
        assert destination.read_bytes() == data
        assert not (tmp_path / "copy.jsonl.part").exists()
        assert (await client.delete_file(uploaded.id)).deleted
        with pytest.raises(NotFoundError):
            await client.retrieve_file(uploaded.id)


async def test_file_size_limit_is_enforced(start_emulator: Start) -> None:
    server = start_emulator(max_file_bytes=1000)
    async with client_for(server) as client:
        with pytest.raises(BadRequestError) as err:
            await client.upload_file(b"x" * 2000)
    assert err.value.status == 413


def _batch_lines(n: int, dialect: str) -> bytes:
    lines = []
    for i in range(n):
        body = {
            "model": "pai-judge",
            "messages": [
                {
                    "role": "user",
                    "content": [
                        {
                            "mode": "single",
                            "type": "json",
                            "json": {"question": f"q{i}", "answer": f"a{i}"},
                        }
                    ],
                }
            ],
        }
        line: dict[str, object] = {"custom_id": f"request-{i}", "body": body}
        if dialect == "dashscope":
            line = {
                "custom_id": f"request-{i}",
                "method": "POST",
                "url": "/v1/chat/completions",
                "body": body,
            }
        lines.append(dump_jsonl_line(line))
    return b"".join(lines)


@pytest.mark.parametrize("dialect", ["pai", "dashscope"])
async def test_batch_lifecycle_in_both_dialects(
    start_emulator: Start, dialect: str, tmp_path: Path
) -> None:
    server = start_emulator(dialect=dialect, batch_seconds=0.6, batch_line_fail_rate=0.2)
    async with client_for(server, dialect=Dialect(dialect)) as client:
        uploaded = await client.upload_file(_batch_lines(20, dialect))
        batch = await client.create_batch(uploaded.id)
        assert batch.normalised_status is BatchStatus.VALIDATING
        assert batch.status == ("Creating" if dialect == "pai" else "validating")
        seen: set[BatchStatus] = {batch.normalised_status}
        while not batch.normalised_status.finished:
            await asyncio.sleep(0.05)
            batch = await client.retrieve_batch(batch.id)
            seen.add(batch.normalised_status)
        assert batch.normalised_status is BatchStatus.COMPLETED
        assert BatchStatus.IN_PROGRESS in seen
        assert batch.in_progress_at is not None and batch.finalizing_at is not None
        counts = batch.request_counts
        assert counts is not None and counts.total == 20 and counts.completed + counts.failed == 20
        assert counts.failed > 0
        out = tmp_path / "out.jsonl"
        await client.download_file_content(batch.output_file_id or "", out)
        errors = await client.file_content(batch.error_file_id or "")
        results = [
            BatchOutputLine.model_validate(line.parse()) for line in split_jsonl(out.read_bytes())
        ]
        failed = [BatchOutputLine.model_validate(line.parse()) for line in split_jsonl(errors)]
        assert len(results) == counts.completed and len(failed) == counts.failed
        ids = {r.custom_id for r in results} | {f.custom_id for f in failed}
        assert ids == {f"request-{i}" for i in range(20)}
        assert all(
            r.response and r.response.status_code == 200 and r.error is None for r in results
        )
        assert all(f.error and f.error.message for f in failed)
        listed = [b.id async for b in client.iter_batches(filters=None, page_size=1)]
        assert listed == [batch.id]


async def test_batch_cancel(start_emulator: Start) -> None:
    server = start_emulator(batch_seconds=30)
    async with client_for(server) as client:
        uploaded = await client.upload_file(_batch_lines(5, "pai"))
        batch = await client.create_batch(uploaded.id)
        cancelling = await client.cancel_batch(batch.id)
        assert cancelling.normalised_status is BatchStatus.CANCELLING
        while not batch.normalised_status.finished:
            await asyncio.sleep(0.1)
            batch = await client.retrieve_batch(batch.id)
        assert batch.normalised_status is BatchStatus.CANCELLED
        assert batch.cancelled_at is not None


async def test_a_malformed_batch_file_fails_validation(emulator: EmulatorServer) -> None:
    async with client_for(emulator) as client:
        uploaded = await client.upload_file(b'{"custom_id": "1", "body": {}}\nnot json\n')
        batch = await client.create_batch(uploaded.id)
    assert batch.normalised_status is BatchStatus.FAILED
    assert "invalid_json" in json.dumps(batch.errors)


async def test_list_batches_pages_with_after_and_limit(start_emulator: Start) -> None:
    server = start_emulator(batch_seconds=100)
    async with client_for(server) as client:
        uploaded = await client.upload_file(_batch_lines(1, "pai"))
        created = [(await client.create_batch(uploaded.id)).id for _ in range(5)]
        first = await client.list_batches(limit=2)
        assert first.has_more and len(first.data) == 2
        everything = [b.id async for b in client.iter_batches(page_size=2)]
    assert everything == list(reversed(created))


async def test_uploads_and_batch_creation_are_not_retried_after_a_5xx(
    start_emulator: Start,
) -> None:
    # A 500 may mean the service did the work: posting again could bill twice, so the caller
    # (the batch journal) must reconcile first. Only "surely never arrived" faults are retried.
    server = start_emulator(fault_rate=1.0, fault_kinds=("500",))
    notices: list[RetryNotice] = []
    async with client_for(server, on_retry=notices.append) as client:
        with pytest.raises(ServerError):
            await client.upload_file(_batch_lines(1, "pai"))
        with pytest.raises(ServerError):
            await client.create_batch("file-batch-x")
    assert notices == []


async def test_uploads_are_retried_after_a_429(start_emulator: Start) -> None:
    server = start_emulator(fault_rate=0.5, fault_kinds=("429",), retry_after_s=0.05, seed=1)
    notices: list[RetryNotice] = []
    async with client_for(server, on_retry=notices.append) as client:
        uploads = [await client.upload_file(_batch_lines(1, "pai")) for _ in range(6)]
    assert len({u.id for u in uploads}) == 6
    assert notices and all(n.from_retry_after for n in notices)
    assert server.emulator.stats["uploads"] == 6
