"""One access line and the HTTP metrics per request, from the outermost middleware.

It sees what the caller got: the status and the request id from the response start. Inner
layers fill in the request's record (request_context.RequestRecord): vendor calls
(observability/vendor.py), and the catalog code and log-only context of the problem that
was rendered (api/problems.py).
"""

from __future__ import annotations

import time

import structlog
from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..request_context import REQUEST_ID_HEADER, RequestRecord, current_record, route_path
from .metrics import UNMATCHED_ROUTE, Metrics

logger = structlog.stdlib.get_logger("access")


def note_vendor_call(attempts: int, seconds: float) -> None:
    record = current_record.get()
    if record is not None:
        record.vendor_calls += 1
        record.vendor_attempts += attempts
        record.vendor_seconds += seconds


class ResponseSeen:
    def __init__(self) -> None:
        self.status = 500
        self.request_id = ""

    def see(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            self.status = message["status"]
            self.request_id = Headers(raw=message.get("headers", [])).get(REQUEST_ID_HEADER, "")


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
            record.error_code = record.error_code or "INTERNAL_ERROR"
            raise
        finally:
            current_record.reset(token)
            self._finish(scope, record, response, time.perf_counter() - started)

    def _finish(
        self, scope: Scope, record: RequestRecord, response: ResponseSeen, seconds: float
    ) -> None:
        route = route_path(scope) or UNMATCHED_ROUTE
        method = scope["method"]
        self.metrics.observe_request(route, method, response.status, record.error_code, seconds)
        log = logger.warning if response.status >= 500 else logger.info
        log(
            "request",
            request_id=response.request_id,
            route=route,
            method=method,
            status=response.status,
            error_code=record.error_code or None,
            duration_ms=round(seconds * 1000, 1),
            vendor_calls=record.vendor_calls,
            vendor_attempts=record.vendor_attempts,
            vendor_ms=round(record.vendor_seconds * 1000, 1),
            **({"error_context": record.error_context} if record.error_context else {}),
        )
