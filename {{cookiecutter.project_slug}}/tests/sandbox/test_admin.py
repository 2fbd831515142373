import pytest

from sandbox.answers import record_in
from sandbox.calls import MAX_LOGGED_CALLS
from tests.sandbox.harness import start_sandbox
from tests.support.records import (
    FIRST_ID,
    VENDOR_ID_FIELD,
    VENDOR_NEW_RECORD,
    seeded_id,
    vendor_create,
)


def test_health() -> None:
    sandbox = start_sandbox(auth_scheme="api_key_header")

    response = sandbox.client.get("/_sandbox/health")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_calls_log_every_vendor_call_with_its_ids_status_and_time() -> None:
    sandbox = start_sandbox(auth_scheme="api_key_header", api_key="k")
    start = sandbox.clock.now
    sandbox.client.get(f"/contacts/{FIRST_ID}", headers={"X-Api-Key": "k", "X-Request-ID": "req-1"})
    sandbox.clock.advance(0.25)
    sandbox.client.get("/contacts", headers={"X-Api-Key": "wrong"})
    sandbox.clock.advance(1.5)
    sandbox.client.post(
        "/contacts",
        **vendor_create(VENDOR_NEW_RECORD),
        headers={"X-Api-Key": "k", "Idempotency-Key": "idem-1", "X-Request-ID": "req-2"},
    )
    sandbox.client.post("/oauth/token", data={"grant_type": "client_credentials"})

    log = sandbox.calls()

    assert log["counts"] == {"get": 1, "list": 1, "create": 1, "token": 1}
    assert log["calls"] == [
        {
            "operation": "get",
            "method": "GET",
            "path": f"/contacts/{FIRST_ID}",
            "request_id": "req-1",
            "idempotency_key": None,
            "status": 200,
            "at": start,
        },
        {
            "operation": "list",
            "method": "GET",
            "path": "/contacts",
            "request_id": None,
            "idempotency_key": None,
            "status": 401,
            "at": start + 0.25,
        },
        {
            "operation": "create",
            "method": "POST",
            "path": "/contacts",
            "request_id": "req-2",
            "idempotency_key": "idem-1",
            "status": 201,
            "at": start + 1.75,
        },
        {
            "operation": "token",
            "method": "POST",
            "path": "/oauth/token",
            "request_id": None,
            "idempotency_key": None,
            "status": 401,
            "at": start + 1.75,
        },
    ]


def test_admin_calls_are_not_logged() -> None:
    sandbox = start_sandbox()
    sandbox.client.get("/_sandbox/health")
    sandbox.client.get("/_sandbox/faults")

    assert sandbox.calls()["calls"] == []


def test_calls_keep_the_last_500_but_count_everything() -> None:
    sandbox = start_sandbox(seed_records=1)

    for _ in range(MAX_LOGGED_CALLS + 5):
        sandbox.client.get(f"/contacts/{FIRST_ID}")

    log = sandbox.calls()
    assert len(log["calls"]) == MAX_LOGGED_CALLS == 500
    assert log["counts"]["get"] == 505


def test_reset_clears_calls_faults_and_records_but_keeps_tokens() -> None:
    sandbox = start_sandbox(auth_scheme="oauth2_client_credentials")
    token = sandbox.client.post(
        "/oauth/token",
        data={
            "grant_type": "client_credentials",
            "client_id": "sandbox-client",
            "client_secret": "sandbox-client-secret",
        },
    ).json()["access_token"]
    headers = {"Authorization": f"Bearer {token}", "Idempotency-Key": "k"}
    sandbox.client.post("/contacts", **vendor_create(VENDOR_NEW_RECORD), headers=headers)
    sandbox.queue_fault(operation="get", fault="status", params={"status": 500})

    reset = sandbox.client.post("/_sandbox/reset")

    assert reset.status_code == 200
    assert sandbox.calls() == {
        "counts": {"get": 0, "list": 0, "create": 0, "token": 0},
        "calls": [],
    }
    assert sandbox.client.get("/_sandbox/faults").json() == {"faults": []}
    assert sandbox.client.get(f"/contacts/{seeded_id(26)}", headers=headers).status_code == 404
    recreated = sandbox.client.post(
        "/contacts", **vendor_create(VENDOR_NEW_RECORD), headers=headers
    )
    assert str(record_in("create", recreated.json())[VENDOR_ID_FIELD]) == seeded_id(26)
    assert "Idempotent-Replayed" not in recreated.headers


def test_revoking_tokens_invalidates_every_issued_token() -> None:
    sandbox = start_sandbox(
        auth_scheme="oauth2_client_credentials", client_id="c", client_secret="s"
    )
    form = {"grant_type": "client_credentials", "client_id": "c", "client_secret": "s"}
    tokens = [sandbox.client.post("/oauth/token", data=form).json()["access_token"] for _ in "ab"]

    revoked = sandbox.client.post("/_sandbox/tokens/revoke")

    assert revoked.json() == {"revoked": 2}
    for token in tokens:
        response = sandbox.client.get("/contacts", headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 401


def test_faults_can_be_listed_and_cleared() -> None:
    sandbox = start_sandbox(vendor_list_names=False)
    sandbox.queue_fault(operation="list", fault="malformed_json", times=2)

    pending = sandbox.client.get("/_sandbox/faults").json()["faults"]
    cleared = sandbox.client.delete("/_sandbox/faults")

    assert pending == [
        {
            "plan": {"operation": "list", "times": 2, "fault": "malformed_json", "params": {}},
            "remaining": 2,
        }
    ]
    assert cleared.status_code == 200
    assert sandbox.client.get("/_sandbox/faults").json() == {"faults": []}
    assert sandbox.client.get("/contacts").json()["has_more"] is True


@pytest.mark.parametrize(
    "plan",
    [
        {"operation": "get", "fault": "meteor"},
        {"operation": "delete", "fault": "latency", "params": {"seconds": 1}},
        {"operation": "get", "fault": "latency"},
        {"operation": "get", "fault": "latency", "params": {"second": 1}},
        {"operation": "get", "fault": "latency", "params": {"seconds": -1}},
        {"operation": "get", "fault": "status", "params": {"status": 418}},
        {"operation": "get", "fault": "status", "params": {"status": 503, "retry_after": -1}},
        {"operation": "get", "fault": "trickle", "params": {"bytes_per_second": 0}},
        {"operation": "get", "fault": "missing_field", "params": {"field": "a..b"}},
        {"operation": "get", "fault": "oversized_body", "params": {"bytes": 0}},
        {"operation": "get", "fault": "html_error", "times": 0},
        {"fault": "html_error"},
    ],
)
def test_invalid_fault_plans_are_rejected(plan: dict[str, object]) -> None:
    sandbox = start_sandbox()

    response = sandbox.client.post("/_sandbox/faults", json=plan)

    assert response.status_code == 422
    error = response.json()["error"]
    assert error["type"] == "validation_error"
    assert error["message"] == "invalid fault plan"
    assert error["fields"]
    assert sandbox.client.get("/_sandbox/faults").json() == {"faults": []}


def test_a_fault_plan_that_is_not_json_is_rejected() -> None:
    sandbox = start_sandbox()

    response = sandbox.client.post("/_sandbox/faults", content=b"latency please")

    assert response.status_code == 422
