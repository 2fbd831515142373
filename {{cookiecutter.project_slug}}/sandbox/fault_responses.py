"""How each fault changes (or replaces) the vendor's normal response.

Faults that stand in for an upstream failure (status, html_error, redirect)
answer instead of the vendor, without touching any state. Latency delays the
normal handling. The remaining faults corrupt the normal response on the wire,
but only when the normal handling succeeded (2xx); an auth failure or a 404 is
returned unchanged so that tests see the real reason.
"""

import asyncio
import functools
import json
import zlib
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.responses import Response
from starlette.types import Receive, Scope, Send

from sandbox.answers import record_in
from sandbox.calls import Operation
from sandbox.config import PAGINATION_STYLES
from sandbox.errors import vendor_error
from sandbox.faults import (
    CompressedBombFault,
    ConnectionResetFault,
    FaultPlan,
    HtmlErrorFault,
    HugeHeadersFault,
    LatencyFault,
    MalformedJsonFault,
    MissingFieldFault,
    MistypedFieldFault,
    OversizedBodyFault,
    RedirectFault,
    StatusFault,
    TrickleFault,
    WrongContentTypeFault,
)
from sandbox.pagination import list_names

Sleep = Callable[[float], Awaitable[None]]

_STATUS_ERROR_TYPES = {
    400: "invalid_request",
    401: "unauthorized",
    404: "not_found",
    409: "conflict",
    422: "validation_error",
    429: "rate_limited",
    500: "internal_error",
    502: "bad_gateway",
    503: "service_unavailable",
    504: "gateway_timeout",
}
# Where list answers keep their records: the sandbox's names and the vendor's.
_LIST_CONTAINERS = tuple(
    dict.fromkeys(
        str(names["records"])
        for style in PAGINATION_STYLES
        for names in (list_names(style, vendor=False), list_names(style))
        if names["records"]
    )
)
_BOMB_CHUNK = bytes(1024 * 1024)
# Each padding header's value; many of them make up the requested head size.
_PADDING_HEADER_BYTES = 8000
_HTML_BAD_GATEWAY = (
    "<html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>"
)


class SimulatedConnectionReset(Exception):
    """Raised after a partial body so the server drops the connection mid-response."""


async def respond_with_fault(
    plan: FaultPlan,
    operation: Operation,
    handle: Callable[[], Awaitable[Response]],
    sleep: Sleep,
) -> Response:
    match plan:
        case StatusFault():
            return _status_response(plan.params.status, plan.params.retry_after)
        case HtmlErrorFault():
            return Response(_HTML_BAD_GATEWAY, status_code=502, media_type="text/html")
        case RedirectFault():
            return Response(status_code=302, headers={"Location": plan.params.location})
        case LatencyFault():
            await sleep(plan.params.seconds)
            return await handle()

    response = await handle()
    if not 200 <= response.status_code < 300:
        return response
    body = bytes(response.body)
    match plan:
        case TrickleFault():
            return TrickleResponse(response, plan.params.bytes_per_second, sleep)
        case ConnectionResetFault():
            return ConnectionResetResponse(response)
        case MalformedJsonFault():
            return _replace_body(response, body[: len(body) // 2], "application/json")
        case WrongContentTypeFault():
            return _replace_body(response, b"sandbox: this is not JSON", "text/plain")
        case MissingFieldFault():
            field = plan.params.field
            return _edit_json(response, operation, lambda record: _delete_path(record, field))
        case MistypedFieldFault():
            field = plan.params.field
            return _edit_json(response, operation, lambda record: _mistype_path(record, field))
        case OversizedBodyFault():
            return _pad_json(response, plan.params.bytes)
        case CompressedBombFault():
            return Response(
                _gzip_of_zeros(plan.params.inflated_bytes),
                status_code=response.status_code,
                headers={"Content-Encoding": "gzip"},
                media_type="application/json",
            )
        case HugeHeadersFault():
            return _pad_headers(response, plan.params.bytes)
    return response


@functools.lru_cache(maxsize=4)
def _gzip_of_zeros(size: int) -> bytes:
    """A gzip body that inflates to `size` zero bytes, built without holding them."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)
    parts: list[bytes] = []
    for start in range(0, size, len(_BOMB_CHUNK)):
        parts.append(compressor.compress(_BOMB_CHUNK[: size - start]))
    parts.append(compressor.flush())
    return b"".join(parts)


def _pad_headers(response: Response, size: int) -> Response:
    count = max(1, size // _PADDING_HEADER_BYTES)
    value = b"x" * min(size, _PADDING_HEADER_BYTES)
    response.raw_headers.extend(
        (f"x-sandbox-padding-{index}".encode(), value) for index in range(count)
    )
    return response


def _status_response(status_code: int, retry_after: int | None) -> Response:
    headers = {} if retry_after is None else {"Retry-After": str(retry_after)}
    error_type = _STATUS_ERROR_TYPES[status_code]
    return vendor_error(status_code, error_type, "injected by sandbox fault", headers=headers)


class TrickleResponse(Response):
    """Sends the headers at once, then the body one byte at a time."""

    def __init__(self, original: Response, bytes_per_second: float, sleep: Sleep) -> None:
        super().__init__(bytes(original.body), status_code=original.status_code)
        self.raw_headers = list(original.raw_headers)
        self._delay = 1 / bytes_per_second
        self._sleep = sleep

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        # Servers drop writes to a closed connection silently, so without this
        # watcher a client that gave up would keep the trickle going for minutes.
        client_gone = asyncio.ensure_future(_wait_for_disconnect(receive))
        try:
            await send(
                {
                    "type": "http.response.start",
                    "status": self.status_code,
                    "headers": self.raw_headers,
                }
            )
            for index in range(len(self.body)):
                if client_gone.done():
                    return
                await send(
                    {
                        "type": "http.response.body",
                        "body": self.body[index : index + 1],
                        "more_body": True,
                    }
                )
                await self._sleep(self._delay)
            await send({"type": "http.response.body", "body": b"", "more_body": False})
        finally:
            client_gone.cancel()


async def _wait_for_disconnect(receive: Receive) -> None:
    while (await receive())["type"] != "http.disconnect":
        pass


class ConnectionResetResponse(Response):
    """Promises the full Content-Length, sends half of the body, then aborts.

    There is no ASGI message for "drop the connection", so this raises: uvicorn
    then logs the error and closes the socket, and the client sees a protocol
    error. Under httpx.ASGITransport the exception reaches the caller instead.
    """

    def __init__(self, original: Response) -> None:
        super().__init__(bytes(original.body), status_code=original.status_code)
        self.raw_headers = list(original.raw_headers)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await send(
            {"type": "http.response.start", "status": self.status_code, "headers": self.raw_headers}
        )
        partial = self.body[: len(self.body) // 2]
        await send({"type": "http.response.body", "body": partial, "more_body": True})
        raise SimulatedConnectionReset("sandbox fault connection_reset: response aborted mid-body")


def _replace_body(response: Response, body: bytes, media_type: str) -> Response:
    kept_headers = {
        name: value
        for name, value in response.headers.items()
        if name not in ("content-length", "content-type")
    }
    return Response(
        body, status_code=response.status_code, headers=kept_headers, media_type=media_type
    )


def _edit_json(response: Response, operation: Operation, edit: Callable[[Any], None]) -> Response:
    payload = json.loads(bytes(response.body))
    for target in _records_in(payload, operation):
        edit(target)
    return _replace_body(response, _json_bytes(payload), "application/json")


def _json_bytes(payload: Any) -> bytes:
    return json.dumps(payload, separators=(",", ":")).encode("utf-8")


def _records_in(payload: Any, operation: Operation) -> list[Any]:
    """The objects a field fault applies to: every listed record, else the whole body."""
    if operation != "list":
        return [record_in(operation, payload)]
    if isinstance(payload, list):
        return payload
    for container in _LIST_CONTAINERS:
        if isinstance(payload, dict) and isinstance(payload.get(container), list):
            records: list[Any] = payload[container]
            return records
    return []


def _delete_path(target: Any, dotted_path: str) -> None:
    *parents, leaf = dotted_path.split(".")
    for name in parents:
        target = target.get(name) if isinstance(target, dict) else None
    if isinstance(target, dict):
        target.pop(leaf, None)


def _mistype_path(target: Any, dotted_path: str) -> None:
    *parents, leaf = dotted_path.split(".")
    for name in parents:
        target = target.get(name) if isinstance(target, dict) else None
    if isinstance(target, dict) and leaf in target:
        target[leaf] = _wrong_type(target[leaf])


def _wrong_type(value: Any) -> Any:
    if isinstance(value, bool):
        return "not-a-boolean"
    if isinstance(value, int | float):
        return "not-a-number"
    if isinstance(value, str):
        return 12345
    return "not-an-object"


def _pad_json(response: Response, size: int) -> Response:
    payload = json.loads(bytes(response.body))
    padding = "x" * size
    if isinstance(payload, dict):
        payload["_padding"] = padding
    else:
        payload = [*payload, padding]
    return _replace_body(response, _json_bytes(payload), "application/json")
