"""Test a connection: does the URL answer as a judge service, and does it take the token?"""

from __future__ import annotations

from judge_tui.api.client import JudgeClient
from judge_tui.api.credentials import Token
from judge_tui.api.errors import AuthError, ConnectionFailed, JudgeApiError, NotFoundError
from judge_tui.api.retry import RetryPolicy


class ProbeFailed(Exception):
    """One sentence saying what is wrong: the URL, the network or the token."""


async def probe_service(base_url: str, token: Token | None) -> str:
    """A cheap authenticated call (list one batch). Returns the sentence to show on success,
    raises ProbeFailed with the sentence to show otherwise."""
    client = JudgeClient(base_url, token, retry=RetryPolicy(max_attempts=2))
    try:
        async with client:
            await client.list_batches(limit=1)
    except AuthError as exc:
        raise ProbeFailed(f"The URL answers, but the token is wrong: {exc.user_message()}") from exc
    except NotFoundError as exc:
        raise ProbeFailed(
            f"{base_url} answers, but not as a judge service (404); check the URL."
        ) from exc
    except ConnectionFailed as exc:
        raise ProbeFailed(f"The network or the URL is wrong: {exc.user_message()}") from exc
    except JudgeApiError as exc:
        raise ProbeFailed(exc.user_message()) from exc
    who = f"the token from {token.source}" if token else "no token"
    return f"OK: {base_url} answered and accepted {who}."
