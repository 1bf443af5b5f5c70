"""SSE and JSONL decoding, base URLs, statuses, retry waits, error sentences."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from hypothesis import given
from hypothesis import strategies as st

from judge_tui.api.credentials import clean_token, token_from_env
from judge_tui.api.dialects import RULES, BatchStatus, Dialect, normalise_status
from judge_tui.api.errors import error_for_status
from judge_tui.api.jsonl import dump_jsonl_line, iter_jsonl_chunks, split_jsonl
from judge_tui.api.models import Batch
from judge_tui.api.retry import RetryPolicy, retry_after_seconds
from judge_tui.api.sse import SseDecoder
from judge_tui.api.urls import BaseUrlError, normalise_base_url


def _decode(chunks: list[bytes]) -> list[str]:
    decoder = SseDecoder()
    events = [e.data for chunk in chunks for e in decoder.feed(chunk)]
    return events + [e.data for e in decoder.flush()]


def test_sse_handles_cr_lf_crlf_comments_and_empty_frames() -> None:
    stream = (
        b": keep-alive\r\n\r\ndata: a\r\n\r\ndata: b\rdata: c\r\rdata: d\n\n\n\ndata: [DONE]\n\n"
    )
    assert _decode([stream]) == ["a", "b\nc", "d", "[DONE]"]


def test_sse_keeps_u2028_inside_data() -> None:
    payload = '{"x": "a\u2028b"}'.encode()
    assert _decode([b"data: " + payload + b"\n\n"]) == ['{"x": "a\u2028b"}']


@given(
    st.lists(
        # Lone surrogates cannot be UTF-8 encoded, so no service can send them.
        st.text(
            alphabet=st.characters(blacklist_characters="\r\n", blacklist_categories=["Cs"]),
            max_size=20,
        ),
        max_size=8,
    ),
    st.sampled_from([b"\n", b"\r\n", b"\r"]),
    st.data(),
)
def test_sse_events_survive_any_chunking(items: list[str], eol: bytes, data: st.DataObject) -> None:
    stream = b"".join(b"data: " + i.encode() + eol + eol for i in items)
    cuts = sorted(data.draw(st.lists(st.integers(0, len(stream)), max_size=6)))
    chunks = [stream[a:b] for a, b in zip([0, *cuts], [*cuts, len(stream)], strict=True)]
    # One space after "data:" is the separator; the rest of the value is kept as sent.
    assert _decode(chunks) == items


def test_jsonl_splits_on_newline_only() -> None:
    data = '{"a": "x\u2028y"}\r\n\n{"b": 1}'.encode()
    lines = list(split_jsonl(data))
    assert [(line.number, line.parse()) for line in lines] == [
        (1, {"a": "x\u2028y"}),
        (3, {"b": 1}),
    ]


@given(
    st.lists(st.dictionaries(st.text(max_size=5), st.text(max_size=10), max_size=3), max_size=10)
)
def test_jsonl_round_trip(objects: list[dict[str, str]]) -> None:
    data = b"".join(dump_jsonl_line(o) for o in objects)
    assert [line.parse() for line in split_jsonl(data)] == objects
    assert data.count(b"\n") == len(objects)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (
            "https://aiservice.cn-hangzhou.aliyuncs.com/v1",
            "https://aiservice.cn-hangzhou.aliyuncs.com/v1",
        ),
        (
            "https://aiservice.cn-hangzhou.aliyuncs.com/v1/",
            "https://aiservice.cn-hangzhou.aliyuncs.com/v1",
        ),
        (
            "https://aiservice.cn-hangzhou.aliyuncs.com",
            "https://aiservice.cn-hangzhou.aliyuncs.com/v1",
        ),
        (
            "https://aiservice.cn-hangzhou.aliyuncs.com/v1/chat/completions",
            "https://aiservice.cn-hangzhou.aliyuncs.com/v1",
        ),
        (
            " http://ai-service.x.cn-hangzhou.alicontainer.com/v1/chat/completions/ ",
            "http://ai-service.x.cn-hangzhou.alicontainer.com/v1",
        ),
        (
            "https://dashscope.aliyuncs.com/compatible-mode/v1",
            "https://dashscope.aliyuncs.com/compatible-mode/v1",
        ),
        ("127.0.0.1:8808", "http://127.0.0.1:8808/v1"),  # loopback: plain http
        ("example.com:8443", "https://example.com:8443/v1"),
        ("http://127.0.0.1:8808/chat/completions", "http://127.0.0.1:8808/v1"),
    ],
)
def test_base_urls_as_users_paste_them(raw: str, expected: str) -> None:
    assert normalise_base_url(raw) == expected


@pytest.mark.parametrize("raw", ["", "ftp://x/v1", "http://"])
def test_bad_base_urls_say_what_to_write(raw: str) -> None:
    with pytest.raises(BaseUrlError) as err:
        normalise_base_url(raw)
    assert "https://host/v1" in str(err.value)


@pytest.mark.parametrize(
    ("raw", "status"),
    [
        ("Creating", BatchStatus.VALIDATING),
        ("Succeeded", BatchStatus.COMPLETED),
        ("in_progress", BatchStatus.IN_PROGRESS),
        ("CANCELLED", BatchStatus.CANCELLED),
        ("Running", BatchStatus.IN_PROGRESS),
        ("Paused-For-Reasons", BatchStatus.UNKNOWN),
        (None, BatchStatus.UNKNOWN),
    ],
)
def test_statuses_normalise_case_insensitively(raw: str | None, status: BatchStatus) -> None:
    assert normalise_status(raw) is status


def test_unknown_status_is_not_finished_and_kept_as_it_came() -> None:
    batch = Batch.model_validate({"id": "b", "status": "Paused-For-Reasons", "new_field": 1})
    assert not batch.normalised_status.finished
    assert batch.status == "Paused-For-Reasons"
    assert batch.model_extra == {"new_field": 1}


def test_pai_field_spellings_are_read() -> None:
    batch = Batch.model_validate(
        {"id": "b", "status": "Succeeded", "in_process_at": 5, "FinalizingAt": 6}
    )
    assert (batch.in_progress_at, batch.finalizing_at) == (5, 6)
    assert batch.normalised_status.finished


def test_retry_after_forms() -> None:
    assert retry_after_seconds({"retry-after": "3"}) == 3
    assert retry_after_seconds({"retry-after-ms": "250", "retry-after": "3"}) == 0.25
    assert (
        retry_after_seconds({"retry-after": "Wed, 21 Oct 2015 07:28:00 GMT"}, now=1445412470) == 10
    )
    assert retry_after_seconds({}) is None


def test_backoff_is_capped_and_grows() -> None:
    policy = RetryPolicy(base_delay=0.5, max_delay=4, jitter=0)
    assert [policy.backoff(n) for n in (1, 2, 3, 4, 5, 6)] == [0.5, 1, 2, 4, 4, 4]


def test_tokens_from_env_in_order_with_bearer_stripped() -> None:
    env = {"THEMIS_TOKEN": "Bearer abc123456789", "DASHSCOPE_API_KEY": "zzz"}
    token = token_from_env(env)
    assert token is not None and token.value == "abc123456789" and token.source == "THEMIS_TOKEN"
    assert "abc123456789" not in repr(token) and "abc123456789" not in str(token)
    assert clean_token("Authorization: Bearer xyz") == "xyz"


def test_an_html_error_page_becomes_one_sentence() -> None:
    html = "<html><head><title>502 Bad Gateway</title></head><body><h1>502</h1></body></html>"
    err = error_for_status(502, html, url="u", request_id=None, token_source=None)
    message = err.user_message()
    assert message.count("\n") == 0
    assert "502 Bad Gateway" in message and "HTML" in message and "<" not in message


def test_auth_errors_name_the_token_source_and_never_the_token() -> None:
    body = '{"error": {"message": "bad key Bearer sk-secret-123", "code": "invalid_api_key"}}'
    err = error_for_status(401, body, url="u", request_id="r1", token_source="JUDGE_MODEL_TOKEN")
    assert "401" in err.user_message() and "JUDGE_MODEL_TOKEN" in err.user_message()
    assert "sk-secret-123" not in err.user_message() and "sk-secret-123" not in err.details()


@given(
    st.lists(st.dictionaries(st.text(max_size=5), st.text(max_size=10), max_size=3), max_size=8),
    st.data(),
)
async def test_streamed_jsonl_matches_whole_file_splitting(
    objects: list[dict[str, str]], data: st.DataObject
) -> None:
    blob = b"".join(dump_jsonl_line(o) for o in objects) + b'{"last": "no newline"}'
    cuts = sorted(data.draw(st.lists(st.integers(0, len(blob)), max_size=6)))
    chunks = [blob[a:b] for a, b in zip([0, *cuts], [*cuts, len(blob)], strict=True)]

    async def source() -> AsyncIterator[bytes]:
        for chunk in chunks:
            yield chunk

    streamed = [(line.number, line.raw) async for line in iter_jsonl_chunks(source())]
    assert streamed == [(line.number, line.raw) for line in split_jsonl(blob)]


def test_dialect_limits_are_the_documented_ones() -> None:
    assert RULES[Dialect.PAI].max_file_bytes == 10 * 1024 * 1024
    assert RULES[Dialect.DASHSCOPE].max_file_bytes == 500 * 1024 * 1024
    assert (
        RULES[Dialect.DASHSCOPE].batch_line_has_method_url
        and not RULES[Dialect.PAI].batch_line_has_method_url
    )
