"""The emulator's listening socket, bound before the server runs.

Binding first lets the demo hand the app its URL at once and start uvicorn after the first
frame: a request that arrives early waits in the socket's backlog instead of failing.
"""

from __future__ import annotations

import socket

LOOPBACK = "127.0.0.1"


def bind_loopback(port: int = 0) -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((LOOPBACK, port))
    sock.listen(128)
    sock.setblocking(False)
    return sock
