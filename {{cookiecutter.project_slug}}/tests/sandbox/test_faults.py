import json
import zlib
from typing import Any

import pytest
from starlette.types import ASGIApp, Message

from sandbox.answers import record_in
from sandbox.fault_responses import SimulatedConnectionReset
from sandbox.records import ID_FIELD, TYPED_FIELD
from tests.sandbox.harness import asgi_request, start_sandbox
from tests.support.records import (
    FIRST_ID,
    VENDOR_ID_FIELD,
    VENDOR_MISTYPED_FIELD,
    VENDOR_NEW_RECORD,
    VENDOR_TEXT_FIELD,
    seeded_id,
    vendor_create,
)


def test_latency_delays_then_answers_normally() -> None:
    sandbox = start_sandbox()
    sandbox.queue_fault(operation="get", fault="latency", params={"seconds": 2.5})

    response = sandbox.client.get(f"/contacts/{FIRST_ID}")

    assert response.status_code == 200
    assert str(record_in("get", response.json())[VENDOR_ID_FIELD]) == FIRST_ID
    assert sandbox.sleep.calls == [2.5]


async def _asgi_messages(app: ASGIApp, path: str) -> list[Message]:
    """Drive the app directly to see each ASGI message it sends."""
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"testserver")],
        "server": ("testserver", 80),
        "client": ("127.0.0.1", 1234),
    }
    sent: list[Message] = []

    async def receive() -> Message:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: Message) -> None:
        sent.append(message)

    await app(scope, receive, send)
    return sent


@pytest.mark.anyio
async def test_trickle_sends_headers_first_then_one_byte_per_message() -> None:
    sandbox = start_sandbox()
    # The sandbox's SyncClient runs a loop of its own: async tests call the app directly.
    normal_body = (await asgi_request(sandbox.app, "GET", f"/contacts/{FIRST_ID}")).content
    trickle = {"operation": "get", "fault": "trickle", "params": {"bytes_per_second": 1000}}
    queued = await asgi_request(sandbox.app, "POST", "/_sandbox/faults", json=trickle)
    assert queued.status_code == 201, queued.text

    start, *body_messages = await _asgi_messages(sandbox.app, f"/contacts/{FIRST_ID}")

    assert start["type"] == "http.response.start"
    assert start["status"] == 200
    assert (b"content-length", str(len(normal_body)).encode()) in start["headers"]
    chunks = [message["body"] for message in body_messages]
    assert b"".join(chunks) == normal_body
    assert {len(chunk) for chunk in chunks[:-1]} == {1}
    assert sandbox.sleep.calls == [0.001] * len(normal_body)


def test_trickle_body_is_a_normal_response_once_received() -> None:
    sandbox = start_sandbox(vendor_list_names=False)
    sandbox.queue_fault(operation="list", fault="trickle", params={"bytes_per_second": 1e6})

    response = sandbox.client.get("/contacts", params={"limit": 1})

    assert response.status_code == 200
    assert str(response.json()["data"][0][VENDOR_ID_FIELD]) == FIRST_ID


@pytest.mark.parametrize(
    ("status", "error_type"),
    [
        (400, "invalid_request"),
        (401, "unauthorized"),
        (404, "not_found"),
        (409, "conflict"),
        (422, "validation_error"),
        (429, "rate_limited"),
        (500, "internal_error"),
        (502, "bad_gateway"),
        (503, "service_unavailable"),
        (504, "gateway_timeout"),
    ],
)
def test_status_answers_with_the_vendor_error_body(status: int, error_type: str) -> None:
    sandbox = start_sandbox()
    sandbox.queue_fault(operation="get", fault="status", params={"status": status})

    response = sandbox.client.get(f"/contacts/{FIRST_ID}")

    assert response.status_code == status
    assert response.json()["error"]["type"] == error_type
    assert "Retry-After" not in response.headers
    assert sandbox.client.get(f"/contacts/{FIRST_ID}").status_code == 200


def test_status_can_carry_retry_after() -> None:
    sandbox = start_sandbox()
    sandbox.queue_fault(operation="list", fault="status", params={"status": 429, "retry_after": 7})

    response = sandbox.client.get("/contacts")

    assert response.status_code == 429
    assert response.headers["Retry-After"] == "7"


def test_malformed_json_truncates_a_json_body() -> None:
    sandbox = start_sandbox()
    normal = sandbox.client.get(f"/contacts/{FIRST_ID}").content
    sandbox.queue_fault(operation="get", fault="malformed_json")

    response = sandbox.client.get(f"/contacts/{FIRST_ID}")

    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/json"
    assert normal.startswith(response.content)
    assert len(response.content) < len(normal)
    with pytest.raises(json.JSONDecodeError):
        response.json()


def test_wrong_content_type_answers_plain_text() -> None:
    sandbox = start_sandbox()
    sandbox.queue_fault(operation="list", fault="wrong_content_type")

    response = sandbox.client.get("/contacts")

    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/plain")
    with pytest.raises(json.JSONDecodeError):
        response.json()


def test_html_error_is_a_bad_gateway_page() -> None:
    sandbox = start_sandbox()
    sandbox.queue_fault(operation="get", fault="html_error")

    response = sandbox.client.get(f"/contacts/{FIRST_ID}")

    assert response.status_code == 502
    assert response.headers["Content-Type"].startswith("text/html")
    assert response.text.startswith("<html>")
    assert "Bad Gateway" in response.text


def _at(record: Any, path: list[str]) -> Any:
    for name in path:
        record = record[name]
    return record


def test_missing_field_drops_the_id_by_default() -> None:
    sandbox = start_sandbox()
    normal = record_in("get", sandbox.client.get(f"/contacts/{FIRST_ID}").json())
    sandbox.queue_fault(operation="get", fault="missing_field")

    record = record_in("get", sandbox.client.get(f"/contacts/{FIRST_ID}").json())

    assert VENDOR_ID_FIELD == ID_FIELD
    assert record == {name: value for name, value in normal.items() if name != ID_FIELD}


def test_missing_field_follows_dotted_paths_in_every_listed_record() -> None:
    sandbox = start_sandbox(pagination="offset", vendor_list_names=False)
    sandbox.queue_fault(
        operation="list", fault="missing_field", params={"field": VENDOR_TEXT_FIELD}
    )

    body = sandbox.client.get("/contacts", params={"limit": 3}).json()

    *parents, name = VENDOR_TEXT_FIELD.split(".")
    assert len(body["items"]) == 3
    for record in body["items"]:
        assert name not in _at(record, parents)
    assert body["total"] == 25


@pytest.mark.parametrize("field", [None, VENDOR_TEXT_FIELD, VENDOR_ID_FIELD, VENDOR_MISTYPED_FIELD])
def test_mistyped_field_replaces_a_value_with_a_wrong_type(field: str | None) -> None:
    sandbox = start_sandbox(pagination="link_header", vendor_list_names=False)
    normal = sandbox.client.get("/contacts", params={"per_page": 2}).json()
    params = {} if field is None else {"field": field}
    sandbox.queue_fault(operation="list", fault="mistyped_field", params=params)

    records = sandbox.client.get("/contacts", params={"per_page": 2}).json()

    path = (field or TYPED_FIELD).split(".")
    assert len(records) == 2  # the loop below checks something
    for before, after in zip(normal, records, strict=True):
        assert type(_at(after, path)) is not type(_at(before, path))


def test_oversized_body_pads_a_valid_json_body() -> None:
    sandbox = start_sandbox()
    sandbox.queue_fault(operation="get", fault="oversized_body")

    response = sandbox.client.get(f"/contacts/{FIRST_ID}")

    assert response.status_code == 200
    assert len(response.content) > 5_000_000
    assert int(response.headers["Content-Length"]) == len(response.content)
    assert str(record_in("get", response.json())[VENDOR_ID_FIELD]) == FIRST_ID


def test_oversized_body_size_is_configurable_for_bare_arrays_too() -> None:
    sandbox = start_sandbox(pagination="link_header")
    normal_size = len(sandbox.client.get("/contacts").content)
    sandbox.queue_fault(operation="list", fault="oversized_body", params={"bytes": 1000})

    response = sandbox.client.get("/contacts")

    assert len(response.content) >= normal_size + 1000
    assert response.json()[-1] == "x" * 1000


@pytest.mark.anyio
async def test_compressed_bomb_is_a_small_gzip_body_that_inflates_hugely() -> None:
    sandbox = start_sandbox()
    bomb = {
        "operation": "get",
        "fault": "compressed_bomb",
        "params": {"inflated_bytes": 10_000_000},
    }
    queued = await asgi_request(sandbox.app, "POST", "/_sandbox/faults", json=bomb)
    assert queued.status_code == 201, queued.text

    start, *body_messages = await _asgi_messages(sandbox.app, f"/contacts/{FIRST_ID}")
    wire = b"".join(message["body"] for message in body_messages)

    assert start["status"] == 200
    assert (b"content-encoding", b"gzip") in start["headers"]
    assert len(wire) < 100_000
    assert len(zlib.decompress(wire, 31)) == 10_000_000


def test_huge_headers_pad_the_head() -> None:
    sandbox = start_sandbox()
    sandbox.queue_fault(operation="get", fault="huge_headers", params={"bytes": 80_000})

    response = sandbox.client.get(f"/contacts/{FIRST_ID}")

    padding = [value for name, value in response.headers.items() if "padding" in name]
    assert sum(len(value) for value in padding) >= 80_000 - 8000
    assert str(record_in("get", response.json())[VENDOR_ID_FIELD]) == FIRST_ID


def test_connection_reset_aborts_mid_body() -> None:
    # Over a real socket this is a protocol error (see test_real_server); in-process
    # the simulated reset surfaces as an exception from the app.
    sandbox = start_sandbox()
    sandbox.queue_fault(operation="get", fault="connection_reset")

    with pytest.raises(SimulatedConnectionReset):
        sandbox.client.get(f"/contacts/{FIRST_ID}")


def test_redirect_points_at_another_host() -> None:
    sandbox = start_sandbox()
    sandbox.queue_fault(operation="get", fault="redirect")
    sandbox.queue_fault(
        operation="get", fault="redirect", params={"location": "https://other.invalid/x"}
    )

    first = sandbox.client.get(f"/contacts/{FIRST_ID}", follow_redirects=False)
    second = sandbox.client.get(f"/contacts/{FIRST_ID}", follow_redirects=False)

    assert first.status_code == second.status_code == 302
    assert first.headers["Location"] == "http://evil.invalid/steal"
    assert second.headers["Location"] == "https://other.invalid/x"


def test_a_plan_serves_its_next_matching_calls_then_normal_behaviour_returns() -> None:
    sandbox = start_sandbox()
    sandbox.queue_fault(operation="get", fault="status", times=2, params={"status": 500})
    sandbox.queue_fault(operation="any", fault="status", params={"status": 503})

    statuses = [
        sandbox.client.get("/contacts").status_code,
        sandbox.client.get(f"/contacts/{FIRST_ID}").status_code,
        sandbox.client.get(f"/contacts/{FIRST_ID}").status_code,
        sandbox.client.get(f"/contacts/{FIRST_ID}").status_code,
        sandbox.client.get("/contacts").status_code,
    ]

    assert statuses == [503, 500, 500, 200, 200]


def test_plans_are_used_in_the_order_they_were_queued() -> None:
    sandbox = start_sandbox()
    sandbox.queue_fault(operation="any", fault="status", params={"status": 500})
    sandbox.queue_fault(operation="get", fault="status", params={"status": 503})

    statuses = [sandbox.client.get(f"/contacts/{FIRST_ID}").status_code for _ in range(3)]

    assert statuses == [500, 503, 200]


def test_token_calls_can_be_faulted() -> None:
    sandbox = start_sandbox(auth_scheme="oauth2_client_credentials")
    sandbox.queue_fault(operation="token", fault="status", params={"status": 503})
    form = {
        "grant_type": "client_credentials",
        "client_id": "sandbox-client",
        "client_secret": "sandbox-client-secret",
    }

    assert sandbox.client.post("/oauth/token", data=form).status_code == 503
    assert sandbox.client.post("/oauth/token", data=form).status_code == 200
    assert sandbox.calls()["counts"]["token"] == 2


def test_body_faults_leave_failed_responses_unchanged() -> None:
    sandbox = start_sandbox(auth_scheme="api_key_header")
    sandbox.queue_fault(operation="list", fault="malformed_json")

    response = sandbox.client.get("/contacts")

    assert response.status_code == 401
    assert response.json()["error"]["type"] == "unauthorized"
    assert sandbox.client.get("/_sandbox/faults").json() == {"faults": []}


def test_a_create_answered_with_a_broken_body_still_happened() -> None:
    sandbox = start_sandbox()
    sandbox.queue_fault(operation="create", fault="malformed_json")
    headers = {"Idempotency-Key": "k-1"}
    body = VENDOR_NEW_RECORD

    broken = sandbox.client.post("/contacts", **vendor_create(body), headers=headers)
    retried = sandbox.client.post("/contacts", **vendor_create(body), headers=headers)

    assert broken.status_code == 201
    assert retried.headers["Idempotent-Replayed"] == "true"
    assert str(record_in("create", retried.json())[VENDOR_ID_FIELD]) == seeded_id(26)


def test_a_create_answered_with_an_error_status_did_not_happen() -> None:
    sandbox = start_sandbox()
    sandbox.queue_fault(operation="create", fault="status", params={"status": 503})
    headers = {"Idempotency-Key": "k-1"}
    body = VENDOR_NEW_RECORD

    failed = sandbox.client.post("/contacts", **vendor_create(body), headers=headers)
    retried = sandbox.client.post("/contacts", **vendor_create(body), headers=headers)

    assert failed.status_code == 503
    assert retried.status_code == 201
    assert "Idempotent-Replayed" not in retried.headers
    assert str(record_in("create", retried.json())[VENDOR_ID_FIELD]) == seeded_id(26)


def test_faulted_calls_are_logged_with_the_status_sent() -> None:
    sandbox = start_sandbox()
    sandbox.queue_fault(operation="get", fault="status", params={"status": 504})

    sandbox.client.get(f"/contacts/{FIRST_ID}", headers={"X-Request-ID": "r-1"})

    assert sandbox.calls()["calls"][0]["status"] == 504
    assert sandbox.calls()["calls"][0]["request_id"] == "r-1"
