"""ASGI middleware around every request: request id, body limits, and the last-resort 500."""

from __future__ import annotations

from collections.abc import Sequence

import structlog
from starlette.datastructures import Headers, MutableHeaders
from starlette.routing import BaseRoute, Match
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..errors import ServiceError
from ..media_types import is_json, media_type
from ..request_context import (
    REQUEST_ID_HEADER,
    accept_or_generate,
    current_request_id,
    route_path,
)
from .problems import problem_response

logger = structlog.stdlib.get_logger(__name__)


class RequestContextMiddleware:
    """Give every request an id, echo it in X-Request-ID, and turn crashes into INTERNAL_ERROR.

    Unexpected exceptions are logged with their stack trace and the request id; the caller
    gets the request id only.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = accept_or_generate(Headers(scope=scope).get(REQUEST_ID_HEADER))
        token = current_request_id.set(request_id)
        started = False

        async def send_with_request_id(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                MutableHeaders(scope=message)[REQUEST_ID_HEADER] = request_id
            await send(message)

        try:
            await self.app(scope, receive, send_with_request_id)
        except Exception:
            logger.exception(
                "unhandled exception",
                request_id=request_id,
                route=route_path(scope),
                error_code="INTERNAL_ERROR",
            )
            if started:
                raise
            response = problem_response(ServiceError("INTERNAL_ERROR"), scope["path"])
            await response(scope, receive, send_with_request_id)
        finally:
            current_request_id.reset(token)


class BodyLimitMiddleware:
    """Refuse bodies above `max_bytes` before they are parsed (413), by header and by count.

    A body without Content-Length (chunked) is counted as it arrives; once it is over the
    limit, reading stops and the caller gets 413 whatever the app made of the cut-off body
    (FastAPI would call it unreadable JSON).
    """

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = Headers(scope=scope).get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_bytes:
            await problem_response(too_large(self.max_bytes), scope["path"])(scope, receive, send)
            return
        received = 0
        exceeded = False
        started = False

        async def counting_receive() -> Message:
            nonlocal received, exceeded
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    exceeded = True
                    raise too_large(self.max_bytes)
            return message

        async def send_unless_exceeded(message: Message) -> None:
            nonlocal started
            if exceeded:  # the app's answer to a cut-off body; 413 is sent below instead
                return
            started = True
            await send(message)

        try:
            await self.app(scope, counting_receive, send_unless_exceeded)
        except ServiceError:
            if not exceeded:
                raise
        if exceeded and not started:
            await problem_response(too_large(self.max_bytes), scope["path"])(scope, receive, send)


class JsonBodyMiddleware:
    """Refuse request bodies that are not JSON (415) before anything parses them.

    Only for requests a route accepts: a method the path does not allow is the router's
    405 (and an unknown path its 404), whatever the body's media type.
    """

    METHODS_WITH_BODY = frozenset({"POST", "PUT", "PATCH"})

    def __init__(self, app: ASGIApp, routes: Sequence[BaseRoute]) -> None:
        self.app = app
        self.routes = routes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] == "http"
            and scope["method"] in self.METHODS_WITH_BODY
            and any(route.matches(scope)[0] == Match.FULL for route in self.routes)
        ):
            content_type = media_type(Headers(scope=scope).get("content-type", ""))
            if not is_json(content_type):
                problem = ServiceError(
                    "UNSUPPORTED_MEDIA_TYPE", "Send the body as application/json."
                )
                await problem_response(problem, scope["path"])(scope, receive, send)
                return
        await self.app(scope, receive, send)


def too_large(max_bytes: int) -> ServiceError:
    return ServiceError("PAYLOAD_TOO_LARGE", f"The request body must be at most {max_bytes} bytes.")
