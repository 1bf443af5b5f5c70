"""Base URLs as users paste them, made into the one form the client uses."""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import SplitResult, urlsplit, urlunsplit

PAI_PUBLIC_BASE_URL = "https://aiservice.cn-hangzhou.aliyuncs.com/v1"

_ROUTE_SUFFIXES = ("/chat/completions", "/files", "/batches", "/completions")
_VERSION = re.compile(r"/v\d+$")
# "name:" at the start that is a scheme, not "host:port".
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):(?!\d)")


class BaseUrlError(ValueError):
    """A base URL that cannot be used; the message says why and what to write."""


def _split(raw: str) -> SplitResult:
    """The URL's parts, or one sentence on what is wrong with it."""
    text = raw.strip()
    shown = display_url(text)
    if not text:
        raise BaseUrlError("The base URL is empty; give one like https://host/v1.")
    if "://" not in text:
        scheme = _SCHEME.match(text)
        if scheme and scheme.group(1).lower() not in ("http", "https"):
            raise BaseUrlError(
                f"The base URL {shown!r} is not http or https; give one like https://host/v1."
            )
        text = f"{default_scheme(text)}://{text}"
    try:
        parts = urlsplit(text)
        port = parts.port  # reading it checks it: a port past 65535 raises here
    except ValueError:
        raise BaseUrlError(
            f"The base URL {shown!r} cannot be read (check the brackets of an IPv6 address and "
            "the port, 1 to 65535); give one like https://host:8443/v1."
        ) from None
    if parts.scheme not in ("http", "https"):
        raise BaseUrlError(
            f"The base URL {shown!r} is not http or https; give one like https://host/v1."
        )
    if not parts.hostname:
        raise BaseUrlError(f"The base URL {shown!r} has no host; give one like https://host/v1.")
    if port == 0:
        raise BaseUrlError(f"The base URL {shown!r} has port 0; give a port from 1 to 65535.")
    return parts


def default_scheme(text: str) -> str:
    """The scheme for a URL typed without one: http for this machine and private networks
    (where the service and our emulator listen in plain http), https everywhere else."""
    host = urlsplit(f"//{text}").hostname or ""
    if host == "localhost" or host.endswith(".localhost"):
        return "http"
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return "https"
    return "http" if address.is_loopback or address.is_private else "https"


def scheme_note(raw: str) -> str | None:
    """What was assumed about a URL typed without a scheme, to say to the user; else None."""
    text = raw.strip()
    if not text or "://" in text:
        return None
    scheme = default_scheme(text)
    where = "a loopback or private address" if scheme == "http" else "a public host"
    return f"the base URL has no scheme; using {scheme}:// for {where} ({scheme}://{text})."


def normalise_base_url(raw: str) -> str:
    """`host`, `host/v1`, `host/v1/`, `host/v1/chat/completions` all become `scheme://host/v1`.

    A path that already ends in a version (`/compatible-mode/v1`) keeps it; a path without one
    gets `/v1`, because every documented endpoint lives under it.
    """
    parts = _split(raw)
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


def display_url(url: str) -> str:
    """The URL as it may be shown or printed: a password in it masked."""
    return re.sub(r"^([^/]*//[^/@:]*:)[^/@]*@", r"\1***@", url)


def host_of(base_url: str) -> str:
    """host[:port] for messages: never the user name or password of the URL."""
    try:
        parts = urlsplit(base_url)
        host, port = parts.hostname, parts.port
    except ValueError:
        return display_url(base_url)
    if not host:
        return display_url(base_url)
    shown = f"[{host}]" if ":" in host else host
    return f"{shown}:{port}" if port else shown
