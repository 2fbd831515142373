"""A bound on how long a request body may take to arrive (408 after it).

The server bounds the request head (server.py); this bounds the body, so a caller that
announces more bytes than it sends, or trickles them, holds a connection and a task for at
most `seconds`, counted from the first read of the body.
"""

from __future__ import annotations

import asyncio

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..errors import ServiceError


class BodyReadTimeoutMiddleware:
    def __init__(self, app: ASGIApp, seconds: float) -> None:
        self.app = app
        self.seconds = seconds

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        loop = asyncio.get_running_loop()
        deadline: float | None = None
        body_complete = False

        async def bounded_receive() -> Message:
            nonlocal deadline, body_complete
            if body_complete:  # later reads wait for a disconnect: not the caller's delay
                return await receive()
            if deadline is None:
                deadline = loop.time() + self.seconds
            try:
                async with asyncio.timeout_at(deadline):
                    message = await receive()
            except TimeoutError:
                raise ServiceError(
                    "REQUEST_TIMEOUT",
                    f"The request body did not arrive within {self.seconds:g} seconds.",
                ) from None
            body_complete = message["type"] != "http.request" or not message.get("more_body")
            return message

        await self.app(scope, bounded_receive, send)
