"""Run ASGI apps on real sockets (127.0.0.1, a free port) in a background thread."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import uvicorn
from fastapi import FastAPI
from starlette.types import ASGIApp

STARTUP_TIMEOUT_SECONDS = 10.0
CRASH_PATH = "/crash-for-a-test"


def with_crash_route(app: FastAPI) -> FastAPI:
    """The app with one more route, CRASH_PATH, that fails the way a bug would."""

    async def crash() -> None:
        raise RuntimeError("a bug")

    app.add_api_route(CRASH_PATH, crash, methods=["GET"])
    return app


@contextmanager
def serve(app: ASGIApp) -> Iterator[str]:
    """Serve `app` on 127.0.0.1 at a free port; yield its base URL; stop it on exit."""
    # IPPROTO_TCP, not 0: asyncio then disables Nagle on accepted sockets, sparing ~40 ms
    # per reused connection.
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    config = uvicorn.Config(app, log_level="warning", loop="asyncio", lifespan="on")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listener]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + STARTUP_TIMEOUT_SECONDS
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("server did not start")
        time.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        server.force_exit = True  # do not wait for responses still trickling out
        thread.join(timeout=STARTUP_TIMEOUT_SECONDS)
        listener.close()
