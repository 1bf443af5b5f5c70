"""Typed errors for everything the service (or the network to it) can do wrong.

Each error carries what a user needs in one sentence (`user_message`) and what a developer
needs behind a key (`details`): status, the service's message and code, the raw body (HTML
allowed) and the request id. No error text ever contains the token: we never put it there,
and `redact` scrubs anything that looks like one from bodies echoed back by a gateway.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from judge_tui.textsafe import visible_controls

_BEARER = re.compile(r"(Bearer\s+)[^\s\"']+", re.IGNORECASE)
# The password of a URL's user part: scheme://user:PASSWORD@host
_URL_PASSWORD = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*://[^/\s:@]*:)[^@/\s]*@")
_TAG = re.compile(r"<[^>]+>")


def redact(text: str) -> str:
    """Text we are about to show or log, safe: anything that looks like a bearer token or a
    URL's password masked, and every control character made visible (a service's error body
    is data, and may carry escape sequences)."""
    return visible_controls(_URL_PASSWORD.sub(r"\1***@", _BEARER.sub(r"\1***", text)))


@dataclass
class JudgeApiError(Exception):
    """Base of every service or network failure."""

    message: str
    status: int | None = None
    code: str | None = None
    error_type: str | None = None
    raw_body: str = ""
    request_id: str | None = None
    url: str = ""
    hint: str = ""
    extra: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        super().__init__(self.message)

    def __str__(self) -> str:
        return self.user_message()

    def user_message(self) -> str:
        """One clear sentence that says what happened and what to do."""
        text = redact(self.message)
        return f"{text} {self.hint}".strip() if self.hint else text

    def details(self) -> str:
        lines = [f"error: {type(self).__name__}"]
        if self.status is not None:
            lines.append(f"status: {self.status}")
        if self.code:
            lines.append(f"code: {self.code}")
        if self.error_type:
            lines.append(f"type: {self.error_type}")
        if self.request_id:
            lines.append(f"request id: {self.request_id}")
        if self.url:
            lines.append(f"url: {self.url}")
        if self.raw_body:
            lines.append("body:")
            lines.append(self.raw_body[:4000])
        return redact("\n".join(lines))


class AuthError(JudgeApiError):
    """401/403: the token is missing, wrong, or lacks access."""


class NotFoundError(JudgeApiError):
    """404: wrong URL path, unknown model, file or batch."""


class BadRequestError(JudgeApiError):
    """400/413/422: the service rejected what we sent."""


class RateLimitError(JudgeApiError):
    """429 after all retries."""


class ServerError(JudgeApiError):
    """5xx after all retries, or an answer we could not read at all."""


class ConnectionFailed(JudgeApiError):
    """The host could not be reached (DNS, refused, TLS, proxy)."""


class RequestTimeout(JudgeApiError):
    """The service took longer than our timeout."""


class StreamError(JudgeApiError):
    """A stream broke after it started, or carried an error object inside it."""


def _short_body(body: str) -> str:
    """The gist of an error body: HTML pages become their title or first text, clipped."""
    stripped = body.strip()
    if stripped.startswith("<"):
        title = re.search(r"<title[^>]*>(.*?)</title>", stripped, re.IGNORECASE | re.DOTALL)
        text = title.group(1) if title else _TAG.sub(" ", stripped)
        text = " ".join(text.split())
        return text[:120]
    return " ".join(stripped.split())[:200]


def parse_error_body(body: str) -> tuple[str | None, str | None, str | None]:
    """(message, code, type) from an OpenAI-style error body; Nones when it is not one."""
    try:
        data = json.loads(body)
    except (ValueError, TypeError):
        return None, None, None
    if not isinstance(data, dict):
        return None, None, None
    err = data.get("error", data)
    if isinstance(err, str):
        return err, None, None
    if not isinstance(err, dict):
        return None, None, None
    message = err.get("message")
    code = err.get("code")
    etype = err.get("type")
    return (
        str(message) if message is not None else None,
        str(code) if code is not None else None,
        str(etype) if etype is not None else None,
    )


_REASONS = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    408: "Request Timeout",
    409: "Conflict",
    413: "Payload Too Large",
    422: "Unprocessable Entity",
    429: "Too Many Requests",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
}


def error_for_status(
    status: int,
    body: str,
    *,
    url: str,
    request_id: str | None,
    token_source: str | None,
) -> JudgeApiError:
    """Turn a non-2xx answer into the one typed error a user can act on."""
    message, code, etype = parse_error_body(body)
    reason = _REASONS.get(status, "error")
    said = f": {redact(message)}" if message else ""
    is_html = body.lstrip().startswith("<")
    common = dict(
        status=status, code=code, error_type=etype, raw_body=body, request_id=request_id, url=url
    )
    if status in (401, 403):
        where = f"the token from {token_source}" if token_source else "no token (none was set)"
        fix = (
            "set JUDGE_MODEL_TOKEN (or THEMIS_TOKEN / DASHSCOPE_API_KEY) to a valid token"
            if not token_source
            else "check or replace that token"
        )
        return AuthError(
            f"The service answered {status} {reason}{said} — it refused {where}; {fix}.",
            **common,  # type: ignore[arg-type]
        )
    if status == 404:
        return NotFoundError(
            f"The service answered 404 Not Found{said} — check the base URL and the model, "
            "file or batch id.",
            **common,  # type: ignore[arg-type]
        )
    if status == 429:
        return RateLimitError(
            f"The service is rate limiting us (429){said}; wait a little and try again, "
            "or lower the concurrency.",
            **common,  # type: ignore[arg-type]
        )
    if status >= 500 or is_html or message is None:
        gist = said or (f": {_short_body(body)}" if body.strip() else " with an empty body")
        kind = "an HTML error page" if is_html else "an error"
        return ServerError(
            f"The service answered {status} {reason} with {kind}{gist}; "
            "it is probably a temporary fault, so try again later.",
            **common,  # type: ignore[arg-type]
        )
    return BadRequestError(
        f"The service rejected the request ({status} {reason}){said}.",
        **common,  # type: ignore[arg-type]
    )
