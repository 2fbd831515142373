"""The inbound middleware driven message by message, as the ASGI server drives it: the body
limit by header and by count (at the limit and past it, answered or not by the app), the
last-resort 500 and its log line, and the 415 for bodies that are not JSON."""

from __future__ import annotations

import json
from typing import Any

import pytest
import structlog
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from {{ cookiecutter.__package_name }}.api.middleware import (
    BodyLimitMiddleware,
    JsonBodyMiddleware,
    RequestContextMiddleware,
)
from {{ cookiecutter.__package_name }}.errors import (
    ServiceError,
)
from {{ cookiecutter.__package_name }}.request_context import (
    REQUEST_ID_HEADER,
)

LIMIT = 10
JSON = "application/json"


def http_scope(headers: dict[str, str] | None = None, method: str = "POST") -> Scope:
    return {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": "/things",
        "raw_path": b"/things",
        "root_path": "",
        "query_string": b"",
        "headers": [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 80),
    }


async def drive(
    app: ASGIApp, scope: Scope, chunks: list[bytes], disconnect: bool = False
) -> list[Message]:
    """Run `app` with a body sent in `chunks`; the messages it sends back."""
    incoming: list[Message] = [
        {"type": "http.request", "body": chunk, "more_body": i < len(chunks) - 1}
        for i, chunk in enumerate(chunks)
    ]
    if disconnect:
        incoming = [{"type": "http.disconnect"}]
    sent: list[Message] = []

    async def receive() -> Message:
        return incoming.pop(0) if incoming else {"type": "http.disconnect"}

    async def send(message: Message) -> None:
        sent.append(message)

    await app(scope, receive, send)
    return sent


def status_of(sent: list[Message]) -> list[int]:
    return [m["status"] for m in sent if m["type"] == "http.response.start"]


def problem_of(sent: list[Message]) -> dict[str, Any]:
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    problem: dict[str, Any] = json.loads(body)
    return problem


async def read_body(receive: Receive) -> bytes:
    body = b""
    while True:
        message = await receive()
        if message["type"] != "http.request":
            return body
        chunk: bytes = message.get("body", b"")
        body += chunk
        if not message.get("more_body", False):
            return body


class EchoApp:
    """Reads the whole body and answers 200 with its length; a ServiceError from the
    body's reading escapes, as it would from a route that reads the body itself."""

    def __init__(self) -> None:
        self.called = False
        self.received = b""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        self.called = True
        self.received = await read_body(receive)
        await PlainTextResponse(str(len(self.received)))(scope, receive, send)


@pytest.mark.anyio
async def test_a_declared_body_over_the_limit_is_refused_before_the_app_runs() -> None:
    app = EchoApp()

    sent = await drive(BodyLimitMiddleware(app, LIMIT), http_scope({"Content-Length": "11"}), [b""])

    assert status_of(sent) == [413]
    assert not app.called
    assert problem_of(sent)["code"] == "PAYLOAD_TOO_LARGE"
    assert str(LIMIT) in problem_of(sent)["detail"]  # the caller learns the limit


@pytest.mark.anyio
@pytest.mark.parametrize("declared", [True, False])
async def test_a_body_of_exactly_the_limit_passes_by_header_and_by_count(declared: bool) -> None:
    app = EchoApp()
    headers = {"Content-Length": str(LIMIT)} if declared else {}

    sent = await drive(BodyLimitMiddleware(app, LIMIT), http_scope(headers), [b"12345", b"67890"])

    assert status_of(sent) == [200]
    assert app.received == b"1234567890"


class AnsweringApp:
    """Like FastAPI: a failure while reading the body becomes the app's own answer."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            await read_body(receive)
        except ServiceError:
            await PlainTextResponse("unreadable body", status_code=422)(scope, receive, send)
            return
        await PlainTextResponse("ok")(scope, receive, send)


@pytest.mark.anyio
@pytest.mark.parametrize("app", [EchoApp(), AnsweringApp()], ids=["raising", "answering"])
async def test_a_counted_body_over_the_limit_gets_413_naming_the_limit(app: ASGIApp) -> None:
    sent = await drive(BodyLimitMiddleware(app, LIMIT), http_scope(), [b"123456", b"78901"])

    assert status_of(sent) == [413]
    assert str(LIMIT) in problem_of(sent)["detail"]


@pytest.mark.anyio
async def test_an_answer_already_started_is_not_followed_by_a_second_one() -> None:
    async def answers_first(scope: Scope, receive: Receive, send: Send) -> None:
        await send({"type": "http.response.start", "status": 202, "headers": []})
        await read_body(receive)

    sent = await drive(
        BodyLimitMiddleware(answers_first, LIMIT), http_scope(), [b"123456", b"78901"]
    )

    assert status_of(sent) == [202]


@pytest.mark.anyio
async def test_a_caller_that_went_away_gets_no_answer_from_the_limit() -> None:
    async def gives_up(scope: Scope, receive: Receive, send: Send) -> None:
        await read_body(receive)  # the disconnect: the app returns without answering

    sent = await drive(BodyLimitMiddleware(gives_up, LIMIT), http_scope(), [], disconnect=True)

    assert sent == []


@pytest.mark.anyio
async def test_a_crash_becomes_internal_error_and_one_log_line_with_the_same_request_id() -> None:
    async def crashes(scope: Scope, receive: Receive, send: Send) -> None:
        raise RuntimeError("boom")

    with structlog.testing.capture_logs() as logs:
        sent = await drive(
            RequestContextMiddleware(crashes),
            http_scope({REQUEST_ID_HEADER: "req-crash-0001"}),
            [b""],
        )

    assert status_of(sent) == [500]
    problem = problem_of(sent)
    assert problem["request_id"] == "req-crash-0001"
    [line] = [line for line in logs if line["event"] == "unhandled exception"]
    assert (line["request_id"], line["error_code"]) == (problem["request_id"], problem["code"])


@pytest.mark.anyio
async def test_a_crash_after_the_answer_started_is_not_answered_twice() -> None:
    async def crashes_late(scope: Scope, receive: Receive, send: Send) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": []})
        raise RuntimeError("boom")

    sent: list[Message] = []

    async def receive() -> Message:
        return {"type": "http.request", "body": b""}

    async def send(message: Message) -> None:
        sent.append(message)

    with structlog.testing.capture_logs(), pytest.raises(RuntimeError):
        await RequestContextMiddleware(crashes_late)(http_scope(), receive, send)
    assert status_of(sent) == [200]


async def accept(request: Request) -> PlainTextResponse:
    return PlainTextResponse("ok")


@pytest.mark.anyio
async def test_a_body_that_is_not_json_is_told_which_media_type_to_send() -> None:
    route = Route("/things", accept, methods=["POST"])
    app = JsonBodyMiddleware(EchoApp(), [route])

    sent = await drive(app, http_scope({"Content-Type": "text/plain"}), [b"x"])

    assert status_of(sent) == [415]
    assert JSON in problem_of(sent)["detail"]
