"""One access line and the HTTP metrics per request, from the outermost middleware.

It sees what the caller got: the status, and the catalog code read back from a
problem+json body (whichever layer wrote it). Inner layers add to the request's record
through a context variable: vendor calls (observability/vendor.py) and the log-only context
of a ServiceError (`note_service_errors`).
"""

from __future__ import annotations

import inspect
import json
import time
from contextvars import ContextVar
from dataclasses import dataclass, field

import structlog
from fastapi import FastAPI, Request, Response
from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..api.problems import PROBLEM_MEDIA_TYPE
from ..errors import CATALOG, ServiceError
from ..request_context import REQUEST_ID_HEADER
from .metrics import UNMATCHED_ROUTE, Metrics

logger = structlog.stdlib.get_logger("access")

# Problem bodies are a few hundred bytes; anything longer is not one of ours.
MAX_PROBLEM_BYTES = 64 * 1024


@dataclass
class RequestRecord:
    vendor_calls: int = 0
    vendor_attempts: int = 0
    vendor_seconds: float = 0.0
    error_context: dict[str, object] = field(default_factory=dict)


current_record: ContextVar[RequestRecord | None] = ContextVar("current_record", default=None)


def note_vendor_call(attempts: int, seconds: float) -> None:
    record = current_record.get()
    if record is not None:
        record.vendor_calls += 1
        record.vendor_attempts += attempts
        record.vendor_seconds += seconds


def note_service_errors(app: FastAPI) -> None:
    """Wrap the ServiceError handler so the access line carries the error's log_context."""
    handler = app.exception_handlers[ServiceError]

    async def noting(request: Request, error: Exception) -> Response:
        record = current_record.get()
        if record is not None and isinstance(error, ServiceError):
            record.error_context = dict(error.log_context)
        response = handler(request, error)
        return await response if inspect.isawaitable(response) else response

    app.add_exception_handler(ServiceError, noting)


class ResponseSeen:
    def __init__(self) -> None:
        self.status = 500
        self.request_id = ""
        self.error_code = ""
        self._problem: bytearray | None = None

    def see(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            self.status = message["status"]
            headers = Headers(raw=message.get("headers", []))
            self.request_id = headers.get(REQUEST_ID_HEADER, "")
            if headers.get("content-type", "").startswith(PROBLEM_MEDIA_TYPE):
                self._problem = bytearray()
        elif message["type"] == "http.response.body" and self._problem is not None:
            self._problem += message.get("body", b"")
            if len(self._problem) > MAX_PROBLEM_BYTES:
                self._problem = None
            elif not message.get("more_body", False):
                self.error_code = problem_code(bytes(self._problem))

    def crashed(self) -> None:
        self.error_code = self.error_code or "INTERNAL_ERROR"


def problem_code(body: bytes) -> str:
    try:
        code = json.loads(body).get("code")
    except (ValueError, AttributeError):
        return ""
    return code if isinstance(code, str) and code in CATALOG else ""


class AccessLogMiddleware:
    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        record = RequestRecord()
        token = current_record.set(record)
        response = ResponseSeen()
        started = time.perf_counter()

        async def watching_send(message: Message) -> None:
            response.see(message)
            await send(message)

        try:
            await self.app(scope, receive, watching_send)
        except Exception:
            response.crashed()
            raise
        finally:
            current_record.reset(token)
            self._finish(scope, record, response, time.perf_counter() - started)

    def _finish(
        self, scope: Scope, record: RequestRecord, response: ResponseSeen, seconds: float
    ) -> None:
        # The router leaves the matched route in the scope; its path is the template.
        route = getattr(scope.get("route"), "path", None) or UNMATCHED_ROUTE
        method = scope["method"]
        self.metrics.observe_request(route, method, response.status, response.error_code, seconds)
        log = logger.warning if response.status >= 500 else logger.info
        log(
            "request",
            request_id=response.request_id,
            route=route,
            method=method,
            status=response.status,
            error_code=response.error_code or None,
            duration_ms=round(seconds * 1000, 1),
            vendor_calls=record.vendor_calls,
            vendor_attempts=record.vendor_attempts,
            vendor_ms=round(record.vendor_seconds * 1000, 1),
            **({"error_context": record.error_context} if record.error_context else {}),
        )
