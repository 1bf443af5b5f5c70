"""A service that lies, stalls or floods (issue 11.6, 11.11, 11.13): every wait has a deadline and
says what it waits for, nothing is asked again blindly, and nothing huge reaches the store."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

from judge_tui.api.client import MAX_ANSWER_BYTES, JudgeClient, Timeouts
from judge_tui.api.credentials import Token
from judge_tui.api.errors import ConnectionFailed, RequestTimeout, StreamError
from judge_tui.api.models import ChatRequest
from judge_tui.api.retry import RetryNotice
from judge_tui.emulator.server import EmulatorServer
from judge_tui.store.paths import home_paths

from ..cli_helpers import run_cli
from ..conftest import TOKEN


def _request() -> ChatRequest:
    return ChatRequest.model_validate(
        {"model": "pai-judge", "messages": [{"role": "user", "content": "2+2? 4"}]}
    )


def test_a_200_that_is_not_json_is_asked_once_more_at_most_and_said(
    start_emulator: Callable[..., EmulatorServer],
) -> None:
    server = start_emulator(not_json_rate=1.0)
    result = run_cli(
        "judge", "--base-url", server.base_url, "--question", "q", "--answer", "a", token=TOKEN
    )
    assert result.returncode == 1
    assert server.emulator.stats["chat_requests"] == 2  # once more, no more: each is billed
    assert "asking once more, no more" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_huge_answer_is_refused_and_nothing_of_it_is_stored(
    start_emulator: Callable[..., EmulatorServer],
) -> None:
    server = start_emulator(huge_body_bytes=MAX_ANSWER_BYTES + 1024)
    result = run_cli(
        "judge", "--base-url", server.base_url, "--question", "q", "--answer", "a", token=TOKEN
    )
    assert result.returncode == 1
    assert "larger than 16 MB" in result.stderr
    assert server.emulator.stats["chat_requests"] == 1
    database = home_paths().database
    assert not database.exists() or database.stat().st_size < 2 * 1024 * 1024


async def test_a_silent_server_ends_at_the_deadline_with_one_retry_at_most(
    start_emulator: Callable[..., EmulatorServer],
) -> None:
    server = start_emulator(silent=True)
    notices: list[RetryNotice] = []
    timeouts = Timeouts(judge_read=0.5, judge_total=5.0)
    async with JudgeClient(
        server.base_url, Token(TOKEN, "test"), timeouts=timeouts, on_retry=notices.append
    ) as client:
        started = time.monotonic()
        with pytest.raises(RequestTimeout) as caught:
            await client.chat(_request())
    assert time.monotonic() - started < 5.0
    assert len(notices) <= 1
    assert "said nothing" in caught.value.user_message()


async def test_a_keepalive_only_stream_ends_at_the_idle_deadline(
    start_emulator: Callable[..., EmulatorServer],
) -> None:
    server = start_emulator(keepalive_only=True)
    timeouts = Timeouts(stream_idle=1.0, judge_total=10.0)
    async with JudgeClient(server.base_url, Token(TOKEN, "test"), timeouts=timeouts) as client:
        started = time.monotonic()
        with pytest.raises(StreamError) as caught:
            async for _ in client.chat_stream(_request()):
                pass
    assert time.monotonic() - started < 5.0
    assert "sent no verdict text" in caught.value.user_message()


async def test_tls_to_a_plain_http_server_is_not_retried_and_says_try_http(
    emulator: EmulatorServer,
) -> None:
    notices: list[RetryNotice] = []
    https = emulator.base_url.replace("http://", "https://")
    async with JudgeClient(https, Token(TOKEN, "test"), on_retry=notices.append) as client:
        with pytest.raises(ConnectionFailed) as caught:
            await client.chat(_request())
    assert notices == []
    assert "http://" in caught.value.user_message()


def test_a_base_url_without_a_scheme_uses_http_on_loopback_and_says_so(
    emulator: EmulatorServer,
) -> None:
    bare = emulator.base_url.removeprefix("http://")
    result = run_cli("judge", "--base-url", bare, "--question", "q", "--answer", "a", token=TOKEN)
    assert result.returncode == 0, result.stderr
    assert "using http://" in result.stderr


def test_a_default_profile_that_names_none_sends_nothing_and_says_so() -> None:
    home_paths().ensure().config.write_text('default_profile = "nope"\n')
    result = run_cli("judge", "--question", "q", "--answer", "a", token=TOKEN, timeout=20)
    flagged = run_cli("judge", "--profile", "nope", "--question", "q", "--answer", "a", token=TOKEN)
    assert result.returncode == flagged.returncode == 2
    assert result.stderr == flagged.stderr
    assert "no profile named 'nope'" in result.stderr


def test_a_well_formed_answer_is_asked_for_once(emulator: EmulatorServer) -> None:
    # A well-formed answer is read on the first try: the once-more rule costs nothing.
    result = run_cli(
        "judge", "--base-url", emulator.base_url, "--question", "q", "--answer", "a", token=TOKEN
    )
    assert result.returncode == 0
    assert emulator.emulator.stats["chat_requests"] == 1


def test_a_slow_verdict_says_what_it_waits_for_and_until_when(
    start_emulator: Callable[..., EmulatorServer],
) -> None:
    server = start_emulator(latency_ms=6000)
    result = run_cli(
        "judge", "--base-url", server.base_url, "--question", "q", "--answer", "a", token=TOKEN
    )
    assert result.returncode == 0, result.stderr
    assert "waiting for the verdict from 127.0.0.1" in result.stderr
    assert "gives up after 600 s" in result.stderr
