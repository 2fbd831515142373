"""GET /v1/<resources>/<id> end to end: caller -> service -> sandbox vendor -> caller."""

from __future__ import annotations

import httpx

from {{ cookiecutter.__package_name }}.app import (
    create_app,
)
from {{ cookiecutter.__package_name }}.choices import (
    StateSettings,
)
from {{ cookiecutter.__package_name }}.constants import (
    READ_SCOPE,
    RESOURCE_PLURAL,
    WRITE_SCOPE,
)

from tests.conftest import service_config
from tests.support.faults import inject_fault, vendor_call_count
from tests.support.inbound_{{ cookiecutter.inbound_auth }} import (
    CallerCredentials,
)
from tests.support.records import (
    FIRST_ID,
    FIRST_RECORD,
    SECOND_ID,
    UNKNOWN_ID,
    VENDOR_NEEDED_FIELD,
)
from tests.support.servers import serve

PATH = f"/v1/{RESOURCE_PLURAL}"
PROBLEM = "application/problem+json"


def test_get_returns_the_normalized_record(
    client: httpx.Client, credentials: CallerCredentials
) -> None:
    response = client.get(f"{PATH}/{FIRST_ID}", headers=credentials.headers(READ_SCOPE))

    assert response.status_code == 200, response.text
    # The sandbox's first record, exactly as a caller sees it.
    assert response.json() == FIRST_RECORD


def test_unknown_id_is_a_not_found_problem(
    client: httpx.Client, credentials: CallerCredentials
) -> None:
    response = client.get(f"{PATH}/{UNKNOWN_ID}", headers=credentials.headers(READ_SCOPE))

    assert response.status_code == 404
    assert response.headers["content-type"] == PROBLEM
    problem = response.json()
    assert problem["code"] == "NOT_FOUND"
    assert problem["status"] == 404
    assert problem["retryable"] is False
    assert problem["instance"] == f"{PATH}/{UNKNOWN_ID}"
    assert problem["request_id"] == response.headers["X-Request-ID"]


def test_request_id_is_kept_and_forwarded_to_the_vendor(
    client: httpx.Client, sandbox: httpx.Client, credentials: CallerCredentials
) -> None:
    request_id = "test-request-0001"
    headers = {**credentials.headers(READ_SCOPE), "X-Request-ID": request_id}

    response = client.get(f"{PATH}/{SECOND_ID}", headers=headers)

    assert response.headers["X-Request-ID"] == request_id
    vendor_calls = sandbox.get("/_sandbox/calls").json()["calls"]
    forwarded = {call["request_id"] for call in vendor_calls if call["operation"] == "get"}
    assert forwarded == {request_id}


def test_malformed_request_id_is_replaced(
    client: httpx.Client, credentials: CallerCredentials
) -> None:
    headers = {**credentials.headers(READ_SCOPE), "X-Request-ID": "bad id\twith spaces"}

    response = client.get(f"{PATH}/{FIRST_ID}", headers=headers)

    assert response.headers["X-Request-ID"] not in {"", "bad id\twith spaces"}


def test_missing_credentials_are_unauthenticated(client: httpx.Client) -> None:
    response = client.get(f"{PATH}/{FIRST_ID}")

    assert response.status_code == 401
    assert response.headers["content-type"] == PROBLEM
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert response.json()["code"] == "UNAUTHENTICATED"


def test_invalid_credentials_are_unauthenticated(
    client: httpx.Client, credentials: CallerCredentials
) -> None:
    response = client.get(f"{PATH}/{FIRST_ID}", headers=credentials.invalid_headers())

    assert response.status_code == 401
    assert response.json()["code"] == "UNAUTHENTICATED"


def test_missing_scope_is_forbidden(client: httpx.Client, credentials: CallerCredentials) -> None:
    response = client.get(f"{PATH}/{FIRST_ID}", headers=credentials.headers(WRITE_SCOPE))

    assert response.status_code == 403
    assert response.json()["code"] == "FORBIDDEN"


def test_invalid_id_is_a_validation_problem(
    client: httpx.Client, credentials: CallerCredentials
) -> None:
    response = client.get(f"{PATH}/..%2Fadmin", headers=credentials.headers(READ_SCOPE))

    # The encoded slash is decoded before routing: no route matches, so nothing reaches
    # the vendor with a path of its own.
    assert response.status_code == 404
    assert response.headers["content-type"] == PROBLEM
    assert response.json()["code"] == "NOT_FOUND"
    bad_characters = client.get(f"{PATH}/rec%20one", headers=credentials.headers(READ_SCOPE))
    assert bad_characters.status_code == 422
    problem = bad_characters.json()
    assert problem["code"] == "VALIDATION_FAILED"
    assert problem["errors"][0]["parameter"] == "resource_id"
    assert problem["errors"][0]["in"] == "path"


def test_vendor_outage_is_an_unavailable_problem_after_the_retries(
    client: httpx.Client, sandbox: httpx.Client, credentials: CallerCredentials
) -> None:
    inject_fault(sandbox, "get", "status", times=3, status=503)

    response = client.get(f"{PATH}/{FIRST_ID}", headers=credentials.headers(READ_SCOPE))

    assert response.status_code == 503
    assert response.json()["code"] == "UPSTREAM_UNAVAILABLE"
    assert response.json()["retryable"] is True
    assert vendor_call_count(sandbox, "get") == 3


def test_a_passing_vendor_failure_is_retried_away(
    client: httpx.Client, sandbox: httpx.Client, credentials: CallerCredentials
) -> None:
    inject_fault(sandbox, "get", "status", status=502)

    response = client.get(f"{PATH}/{FIRST_ID}", headers=credentials.headers(READ_SCOPE))

    assert response.status_code == 200
    assert vendor_call_count(sandbox, "get") == 2


def test_vendor_contract_violation_is_reported_without_vendor_details(
    client: httpx.Client, sandbox: httpx.Client, credentials: CallerCredentials
) -> None:
    inject_fault(sandbox, "get", "missing_field", field=VENDOR_NEEDED_FIELD)

    response = client.get(f"{PATH}/{FIRST_ID}", headers=credentials.headers(READ_SCOPE))

    assert response.status_code == 502
    problem = response.json()
    assert problem["code"] == "UPSTREAM_CONTRACT_VIOLATION"
    assert VENDOR_NEEDED_FIELD.rsplit(".", 1)[-1] not in problem["detail"]


def test_health_needs_no_credentials(client: httpx.Client) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}
    assert client.get("/readyz").status_code == 200


def test_unknown_route_is_a_not_found_problem(client: httpx.Client) -> None:
    response = client.get("/no/such/route")

    assert response.status_code == 404
    assert response.json()["code"] == "NOT_FOUND"


def test_readiness_ignores_a_vendor_outage_that_vendor_health_reports(
    sandbox: httpx.Client,
    sandbox_url: str,
    credentials: CallerCredentials,
    state_settings: StateSettings,
) -> None:
    # A service of its own: the session's service has a breaker that other tests feed.
    app = create_app(service_config(sandbox_url, credentials, state_settings))
    inject_fault(sandbox, "get", "status", times=3, status=503)

    with serve(app) as url, httpx.Client(base_url=url, timeout=30) as client:
        failed = client.get(f"{PATH}/{FIRST_ID}", headers=credentials.headers(READ_SCOPE))
        ready = client.get("/readyz")
        health = client.get("/healthz/vendor").json()

    assert failed.status_code == 503
    assert ready.status_code == 200
    # Three failed attempts, fewer than the ten calls a trip needs: closed, and counted.
    breaker = health["breaker"]
    assert (breaker["state"], breaker["recent_calls"], breaker["recent_failures"]) == (
        "closed",
        3,
        3,
    )
