"""Base URLs as users paste them, made into the one form the client uses."""

from __future__ import annotations

import re
from urllib.parse import urlsplit, urlunsplit

PAI_PUBLIC_BASE_URL = "https://aiservice.cn-hangzhou.aliyuncs.com/v1"

_ROUTE_SUFFIXES = ("/chat/completions", "/files", "/batches", "/completions")
_VERSION = re.compile(r"/v\d+$")


class BaseUrlError(ValueError):
    """A base URL that cannot be used; the message says why and what to write."""


def normalise_base_url(raw: str) -> str:
    """`host`, `host/v1`, `host/v1/`, `host/v1/chat/completions` all become `scheme://host/v1`.

    A path that already ends in a version (`/compatible-mode/v1`) keeps it; a path without one
    gets `/v1`, because every documented endpoint lives under it.
    """
    text = raw.strip()
    if not text:
        raise BaseUrlError("The base URL is empty; give one like https://host/v1.")
    if "://" not in text:
        text = "https://" + text
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https"):
        raise BaseUrlError(
            f"The base URL {raw.strip()!r} is not http or https; give one like https://host/v1."
        )
    if not parts.hostname:
        raise BaseUrlError(
            f"The base URL {raw.strip()!r} has no host; give one like https://host/v1."
        )
    path = parts.path.rstrip("/")
    changed = True
    while changed:
        changed = False
        for suffix in _ROUTE_SUFFIXES:
            if path.endswith(suffix):
                path = path[: -len(suffix)].rstrip("/")
                changed = True
    if not _VERSION.search(path):
        path = f"{path}/v1"
    return urlunsplit((parts.scheme, parts.netloc, path, "", ""))


def host_of(base_url: str) -> str:
    parts = urlsplit(base_url)
    return parts.netloc or base_url
