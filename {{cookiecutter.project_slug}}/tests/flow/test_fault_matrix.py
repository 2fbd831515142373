"""The fault matrix: every sandbox fault against the running service, over real sockets.

Each row of CASES is one fault and what the caller must see: the status, the problem code,
`retryable`, the Retry-After header, how many requests reached the vendor, and how long the
caller waited at most. docs/fault-matrix.md is the same table for readers; a test below
fails when the two drift apart.

The service under test runs with scaled-down resilience settings (MATRIX), so the whole
matrix takes seconds; every latency bound below is derived from them.
"""

from __future__ import annotations

import json
import math
import re
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Literal

import httpx
import pytest

from {{ cookiecutter.__package_name }}.app import (
    create_app,
)
from {{ cookiecutter.__package_name }}.choices import (
    StateSettings,
)
from {{ cookiecutter.__package_name }}.constants import (
    READ_SCOPE,
    RESOURCE_PLURAL,
    VENDOR_AUTH_SCHEME,
    WRITE_SCOPE,
)
from {{ cookiecutter.__package_name }}.resilience import (
    ResilienceSettings,
)
from {{ cookiecutter.__package_name }}.resilience.bulkhead import (
    FULL_RETRY_AFTER,
)
from {{ cookiecutter.__package_name }}.settings import (
    Settings,
)

from sandbox.faults import FAULT_PLAN
from tests.conftest import service_config
from tests.docs.markdown import read_doc
from tests.support.faults import inject_fault
from tests.support.inbound_{{ cookiecutter.inbound_auth }} import (
    CallerCredentials,
)
from tests.support.records import (
    FIRST_ID,
    NEW_RECORD,
    SECOND_ID,
    VENDOR_ID_FIELD,
    VENDOR_MISTYPED_FIELD,
)
from tests.support.servers import serve

PATH = f"/v1/{RESOURCE_PLURAL}"
PROBLEM = "application/problem+json"

# The production defaults divided by ten, roughly, keeping their proportions: as with 5 s
# attempts and a 15 s deadline, three attempts at a silent vendor run into the deadline, so
# the third attempt only gets what is left of it.
MATRIX_VALUES: dict[str, Any] = {
    "attempt_timeout": 0.5,
    "total_deadline": 1.4,
    "max_attempts": 3,
    "backoff_base": 0.01,
    "backoff_base_after_throttle": 0.01,
    "backoff_cap": 0.01,
    "breaker_window": 1.0,  # the smallest window allowed: twice the attempt timeout
    # Neither the breaker nor the retry budget may carry one case into the next; the
    # breaker has its own test below.
    "breaker_minimum_calls": 1_000_000,
    "retry_budget_tokens": 1_000_000.0,
    "bulkhead_max_wait": 0.1,
    "rate_limit": "1000/second",
    "rate_limit_max_wait": 0.1,
}


def scaled(**changes: Any) -> ResilienceSettings:
    """The matrix's settings with `changes`, validated as at start."""
    return ResilienceSettings(_env_file=None, **{**MATRIX_VALUES, **changes})


MATRIX = scaled()

# How long a caller may wait: one attempt, or every attempt with the backoff between them,
# which the total deadline cuts short.
ONE_ATTEMPT = MATRIX.attempt_timeout
EVERY_ATTEMPT = min(
    MATRIX.total_deadline,
    MATRIX.max_attempts * MATRIX.attempt_timeout + (MATRIX.max_attempts - 1) * MATRIX.backoff_cap,
)
# A call whose every attempt times out waits out at least all of them but the last.
ALL_BUT_THE_LAST_ATTEMPT = (MATRIX.max_attempts - 1) * MATRIX.attempt_timeout
# Added to every upper bound: thread and event-loop scheduling on a busy, shared runner
# (several test processes on two cores). The bounds prove that no call hangs or makes extra
# attempts; the exact deadline arithmetic is tested with an injected clock in
# tests/resilience, where timing noise cannot reach it.
SCHEDULING_SLACK = 1.0
# A hang fails the test instead of stalling the run.
CLIENT_TIMEOUT = 10 * MATRIX.total_deadline
POLL_INTERVAL = 0.01

SLOW = 1.5 * MATRIX.attempt_timeout  # a vendor this slow never answers within an attempt
QUICK = MATRIX.attempt_timeout / 4  # slow, yet well within an attempt
AT_ONCE = MATRIX.attempt_timeout / 2  # an answer that waited for no vendor attempt
# Retry-After is whole seconds: 1 s is the shortest wait that is a wait at all, and it fits
# the matrix's deadline after one attempt (test_the_scaled_settings_reach_every_path).
SHORT_RETRY_AFTER = 1
LONG_RETRY_AFTER = 3600  # far beyond any deadline
# One byte every 50 ms: far inside the read timeout (an inactivity timeout of seconds), yet
# a record of a few hundred bytes takes several seconds, far beyond the attempt timeout.
TRICKLE_BYTES_PER_SECOND = 20.0
VENDOR_MAX_RESPONSE_BYTES = 64 * 1024
# OAuth2 projects answer a vendor 401 by fetching a new token and trying once more.
AUTH_TRIES = 2 if VENDOR_AUTH_SCHEME == "oauth2_client_credentials" else 1


@dataclass(frozen=True)
class Fault:
    """A fault for the sandbox to inject into the next `times` calls of an operation."""

    name: str
    times: int
    params: dict[str, object]

    def queue(self, sandbox: httpx.Client, operation: str) -> None:
        """Queue this fault at the sandbox for the next calls of `operation`."""
        inject_fault(sandbox, operation, self.name, self.times, **self.params)


def fault(name: str, times: int = 1, **params: object) -> Fault:
    return Fault(name, times, params)


@dataclass(frozen=True)
class Case:
    """One fault and what the caller sees; `fault` names the row in docs/fault-matrix.md."""

    id: str
    fault: str
    inject: Fault
    status: int
    code: str | None = None  # None: the call succeeds
    retryable: bool = False
    retry_after: str | None = None  # the Retry-After header; None: no header
    vendor_attempts: int = 1  # requests the sandbox saw for this call
    within: float = ONE_ATTEMPT  # the caller's latency, at most (plus scheduling slack)
    at_least: float = 0.0  # the caller's latency, at least
    operation: Literal["get", "create"] = "get"
    # While the call is in flight, check that other requests are answered at once.
    probe_meanwhile: bool = False


@dataclass(frozen=True)
class DocRow:
    """What docs/fault-matrix.md must say about a fault: its name, status and code."""

    fault: str
    status: int
    code: str | None


EVERY_TIME = MATRIX.max_attempts  # a fault that outlasts every attempt

CASES = [
    Case(
        "latency-beyond-attempt-timeout",
        "latency beyond the attempt timeout",
        fault("latency", EVERY_TIME, seconds=SLOW),
        504,
        "UPSTREAM_TIMEOUT",
        retryable=True,
        vendor_attempts=MATRIX.max_attempts,
        within=EVERY_ATTEMPT,
        at_least=ALL_BUT_THE_LAST_ATTEMPT,
        probe_meanwhile=True,
    ),
    Case(
        "latency-within-attempt-timeout",
        "latency within the attempt timeout",
        fault("latency", seconds=QUICK),
        200,
        at_least=QUICK,
    ),
    Case(
        "trickle",
        "trickle",
        fault("trickle", EVERY_TIME, bytes_per_second=TRICKLE_BYTES_PER_SECOND),
        504,
        "UPSTREAM_TIMEOUT",
        retryable=True,
        vendor_attempts=MATRIX.max_attempts,
        within=EVERY_ATTEMPT,
        at_least=ALL_BUT_THE_LAST_ATTEMPT,
        probe_meanwhile=True,
    ),
    *(
        Case(
            f"status-{status}",
            f"status {status}",
            fault("status", EVERY_TIME, status=status),
            503,
            "UPSTREAM_UNAVAILABLE",
            retryable=True,
            vendor_attempts=MATRIX.max_attempts,
            within=EVERY_ATTEMPT,
        )
        for status in (500, 502, 503, 504)
    ),
    Case(
        "status-502-once",
        "status 502, once",
        fault("status", status=502),
        200,
        vendor_attempts=2,
        within=EVERY_ATTEMPT,
    ),
    Case(
        "status-503-long-retry-after",
        "status 503 with a long Retry-After",
        fault("status", EVERY_TIME, status=503, retry_after=LONG_RETRY_AFTER),
        503,
        "UPSTREAM_UNAVAILABLE",
        retryable=True,
        retry_after=str(LONG_RETRY_AFTER),
    ),
    Case(
        "status-429-short-retry-after-once",
        "status 429 with a short Retry-After, once",
        fault("status", status=429, retry_after=SHORT_RETRY_AFTER),
        200,
        vendor_attempts=2,
        within=EVERY_ATTEMPT,
        at_least=SHORT_RETRY_AFTER,
    ),
    Case(
        "status-429-long-retry-after",
        "status 429 with a long Retry-After",
        fault("status", EVERY_TIME, status=429, retry_after=LONG_RETRY_AFTER),
        429,
        "RATE_LIMITED",
        retryable=True,
        retry_after=str(LONG_RETRY_AFTER),
    ),
    Case(
        "status-429-without-retry-after",
        "status 429 without Retry-After",
        fault("status", EVERY_TIME, status=429),
        429,
        "RATE_LIMITED",
        retryable=True,
        vendor_attempts=MATRIX.max_attempts,
        within=EVERY_ATTEMPT,
    ),
    Case("status-400", "status 400", fault("status", status=400), 502, "UPSTREAM_REJECTED"),
    Case(
        "status-401",
        "status 401",
        fault("status", AUTH_TRIES, status=401),
        502,
        "UPSTREAM_AUTH_FAILED",
        vendor_attempts=AUTH_TRIES,
    ),
    Case("status-404", "status 404", fault("status", status=404), 404, "NOT_FOUND"),
    Case(
        "status-409-create",
        "status 409 on create",
        fault("status", status=409),
        409,
        "CONFLICT",
        operation="create",
    ),
    Case(
        "status-422-create",
        "status 422 on create",
        fault("status", status=422),
        502,
        "UPSTREAM_REJECTED",
        operation="create",
    ),
    Case(
        "status-503-create-without-key",
        "status 503 on create without Idempotency-Key",
        fault("status", status=503),
        503,
        "UPSTREAM_UNAVAILABLE",
        retryable=True,
        operation="create",
    ),
    Case(
        "malformed-json",
        "malformed_json",
        fault("malformed_json"),
        502,
        "UPSTREAM_CONTRACT_VIOLATION",
    ),
    Case(
        "wrong-content-type",
        "wrong_content_type",
        fault("wrong_content_type"),
        502,
        "UPSTREAM_CONTRACT_VIOLATION",
    ),
    Case(
        "html-error",
        "html_error",
        fault("html_error", EVERY_TIME),
        503,
        "UPSTREAM_UNAVAILABLE",
        retryable=True,
        vendor_attempts=MATRIX.max_attempts,
        within=EVERY_ATTEMPT,
    ),
    Case(
        "missing-field",
        "missing_field",
        fault("missing_field", field=VENDOR_ID_FIELD),
        502,
        "UPSTREAM_CONTRACT_VIOLATION",
    ),
    Case(
        "mistyped-field",
        "mistyped_field",
        fault("mistyped_field", field=VENDOR_MISTYPED_FIELD),
        502,
        "UPSTREAM_CONTRACT_VIOLATION",
    ),
    Case(
        "oversized-body",
        "oversized_body",
        fault("oversized_body", bytes=2 * VENDOR_MAX_RESPONSE_BYTES),
        502,
        "UPSTREAM_CONTRACT_VIOLATION",
    ),
    Case(
        "compressed-bomb",
        "compressed_bomb",
        # Inflates to far more than the cap; small enough to build within an attempt.
        fault("compressed_bomb", inflated_bytes=100 * VENDOR_MAX_RESPONSE_BYTES),
        502,
        "UPSTREAM_CONTRACT_VIOLATION",
    ),
    Case(
        "huge-headers",
        "huge_headers",
        fault("huge_headers"),
        502,
        "UPSTREAM_CONTRACT_VIOLATION",
    ),
    Case(
        "connection-reset",
        "connection_reset",
        fault("connection_reset", EVERY_TIME),
        503,
        "UPSTREAM_UNAVAILABLE",
        retryable=True,
        vendor_attempts=MATRIX.max_attempts,
        within=EVERY_ATTEMPT,
    ),
    Case(
        "connection-reset-once",
        "connection_reset, once",
        fault("connection_reset"),
        200,
        vendor_attempts=2,
        within=EVERY_ATTEMPT,
    ),
    Case(
        "connection-reset-create-without-key",
        "connection_reset on create without Idempotency-Key",
        fault("connection_reset"),
        503,
        "UPSTREAM_UNAVAILABLE",
        retryable=True,
        operation="create",
    ),
    Case(
        "redirect",
        "redirect",
        # If the service followed it, the call would fail to connect (503), not be a 502.
        fault("redirect", location="http://evil.invalid/steal"),
        502,
        "UPSTREAM_CONTRACT_VIOLATION",
    ),
]

BREAKER_OPEN = DocRow("circuit breaker open", 503, "UPSTREAM_UNAVAILABLE")
BULKHEAD_FULL = DocRow("bulkhead full", 503, "UPSTREAM_UNAVAILABLE")
# Tested in redis projects by tests/flow/test_redis_outage.py.
REDIS_OUTAGE = DocRow("Redis outage", 200, None)
DOC_ROWS = [DocRow(case.fault, case.status, case.code) for case in CASES] + [
    BREAKER_OPEN,
    BULKHEAD_FULL,
    REDIS_OUTAGE,
]


def test_the_scaled_settings_reach_every_path(
    sandbox_url: str, credentials: CallerCredentials, state_settings: StateSettings
) -> None:
    """The numbers above still mean what the cases claim, whatever the settings become."""
    service = service_config(sandbox_url, credentials, state_settings).settings
    assert MATRIX.max_attempts * MATRIX.attempt_timeout > MATRIX.total_deadline  # it cuts
    assert QUICK < MATRIX.attempt_timeout < SLOW
    assert SHORT_RETRY_AFTER + QUICK < MATRIX.total_deadline < LONG_RETRY_AFTER
    # Each trickled byte arrives long before the read timeout would notice a silence.
    assert service.vendor_read_timeout > 1 / TRICKLE_BYTES_PER_SECOND


@pytest.fixture(scope="module")
def matrix_url(
    sandbox_url: str, credentials: CallerCredentials, state_settings: StateSettings
) -> Iterator[str]:
    """One service for the whole matrix: its breaker and retry budget never run out."""
    with running_service(sandbox_url, credentials, state_settings, MATRIX) as url:
        yield url


@pytest.fixture(scope="module")
def caller(matrix_url: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=matrix_url, timeout=CLIENT_TIMEOUT) as client:
        yield client


@pytest.fixture(scope="module")
def second_caller(matrix_url: str) -> Iterator[httpx.Client]:
    """Another caller, on connections of its own."""
    with httpx.Client(base_url=matrix_url, timeout=CLIENT_TIMEOUT) as client:
        yield client


@contextmanager
def running_service(
    sandbox_url: str,
    credentials: CallerCredentials,
    state: StateSettings,
    resilience: ResilienceSettings,
) -> Iterator[str]:
    """A service of its own, on a real socket, with these resilience settings."""
    config = service_config(
        sandbox_url,
        credentials,
        state,
        resilience=resilience,
        vendor_max_response_bytes=VENDOR_MAX_RESPONSE_BYTES,
    )
    with serve(create_app(config)) as url:
        yield url


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_fault(
    case: Case,
    caller: httpx.Client,
    second_caller: httpx.Client,
    sandbox: httpx.Client,
    credentials: CallerCredentials,
) -> None:
    case.inject.queue(sandbox, case.operation)
    request_id = f"fault-matrix.{case.id}"

    with ThreadPoolExecutor(max_workers=1) as pool:
        pending = pool.submit(call, caller, case, credentials, request_id)
        if case.probe_meanwhile:
            assert_others_are_answered_meanwhile(second_caller, sandbox, credentials, pending)
        response, elapsed = pending.result()

    assert response.status_code == case.status, response.text
    if case.code is None:
        assert response.json()["id"] == FIRST_ID
    else:
        assert_problem(response, case.code, case.retryable, case.retry_after)
    assert case.at_least <= elapsed <= case.within + SCHEDULING_SLACK
    assert vendor_attempts(sandbox, request_id, case.inject) == case.vendor_attempts


@pytest.mark.skipif(
    VENDOR_AUTH_SCHEME != "oauth2_client_credentials", reason="only OAuth2 fetches tokens"
)
@pytest.mark.parametrize(
    ("token_fault", "status", "code"),
    [
        (fault("status", EVERY_TIME, status=503), 503, "UPSTREAM_UNAVAILABLE"),
        (fault("status", EVERY_TIME, status=401), 502, "UPSTREAM_AUTH_FAILED"),
        (fault("malformed_json", EVERY_TIME), 502, "UPSTREAM_CONTRACT_VIOLATION"),
    ],
    ids=["status-503", "status-401", "malformed-json"],
)
def test_a_failing_token_endpoint_is_a_vendor_failure(
    token_fault: Fault,
    status: int,
    code: str,
    sandbox_url: str,
    state_settings: StateSettings,
    sandbox: httpx.Client,
    credentials: CallerCredentials,
) -> None:
    # A service of its own: the token it is left without must not reach other tests, where
    # its first call would be refused (401), taking the fault queued for that test.
    token_fault.queue(sandbox, "token")

    with (
        running_service(sandbox_url, credentials, state_settings, MATRIX) as url,
        httpx.Client(base_url=url, timeout=CLIENT_TIMEOUT) as caller,
    ):
        response = caller.get(f"{PATH}/{FIRST_ID}", headers=credentials.headers(READ_SCOPE))

    assert (response.status_code, response.json()["code"]) == (status, code)


def call(
    caller: httpx.Client, case: Case, credentials: CallerCredentials, request_id: str
) -> tuple[httpx.Response, float]:
    """The case's request, and the seconds the caller waited for the answer."""
    started = time.monotonic()
    if case.operation == "get":
        headers = {**credentials.headers(READ_SCOPE), "X-Request-ID": request_id}
        response = caller.get(f"{PATH}/{FIRST_ID}", headers=headers)
    else:
        headers = {**credentials.headers(WRITE_SCOPE), "X-Request-ID": request_id}
        response = caller.post(PATH, json=NEW_RECORD, headers=headers)
    return response, time.monotonic() - started


def assert_problem(
    response: httpx.Response, code: str | None, retryable: bool, retry_after: str | None
) -> None:
    assert response.headers["content-type"] == PROBLEM
    problem = response.json()
    assert problem["code"] == code
    assert problem["status"] == response.status_code
    assert problem["retryable"] is retryable
    assert problem["request_id"] == response.headers["X-Request-ID"]
    assert response.headers.get("Retry-After") == retry_after


def assert_others_are_answered_meanwhile(
    second_caller: httpx.Client,
    sandbox: httpx.Client,
    credentials: CallerCredentials,
    pending: Future[Any],
) -> None:
    """While the slow call is in flight, a second caller is answered at once.

    The probes start once the sandbox has handed out the slow call's first fault, so the
    slow call has every later attempt still to go (about a second, not the last attempt's
    few hundred milliseconds), and they list records: the faults are queued for the get
    operation only, so none of them can slow a probe down.
    """
    probes: list[tuple[str, dict[str, str]]] = [
        ("/healthz", {}),
        (f"{PATH}?limit=1", credentials.headers(READ_SCOPE)),
    ]

    def first_fault_taken() -> bool:
        pending = sandbox.get("/_sandbox/faults").json()["faults"]
        return not pending or pending[0]["remaining"] < pending[0]["plan"]["times"]

    wait_until(first_fault_taken)
    for path, headers in probes:
        started = time.monotonic()
        response = second_caller.get(path, headers=headers)
        assert response.status_code == 200, response.text
        waited = time.monotonic() - started
        assert waited < AT_ONCE + SCHEDULING_SLACK, f"{path} waited for the slow call"
    # The proof that nobody queued behind it: the slow call is still running.
    assert not pending.done(), "the slow call ended before the probes answered"


def wait_until(condition: Callable[[], bool], timeout: float = CLIENT_TIMEOUT) -> None:
    """Poll `condition`; the timeout only guards against a hang (a busy runner is slow)."""
    give_up_at = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < give_up_at, f"still waiting after {timeout} s"
        time.sleep(POLL_INTERVAL)


def calls_logged(sandbox: httpx.Client, request_id: str) -> int:
    """The requests the sandbox has answered with this request id (forwarded by the service)."""
    calls = sandbox.get("/_sandbox/calls").json()["calls"]
    return sum(1 for call in calls if call["request_id"] == request_id)


def vendor_attempts(sandbox: httpx.Client, request_id: str, injected: Fault) -> int:
    """The requests of one call that reached the sandbox.

    The sandbox logs each request, with the request id the service forwards, once it has
    answered it; and it hands out a fault as a request arrives. A request the service gave
    up on during a latency fault is logged only when the delay is over, and never under
    hmac_signature (the signature check reads the body after the delay, when the service
    has hung up): the faults handed out count those.
    """
    logged = calls_logged(sandbox, request_id)
    if logged >= injected.times:  # every fault is among the logged requests
        return logged
    pending = sandbox.get("/_sandbox/faults").json()["faults"]
    handed_out = injected.times - sum(int(queued["remaining"]) for queued in pending)
    return max(logged, handed_out)


def test_an_open_breaker_fails_fast_without_calling_the_vendor(
    sandbox_url: str,
    credentials: CallerCredentials,
    state_settings: StateSettings,
    sandbox: httpx.Client,
) -> None:
    # One call whose every attempt fails is enough to trip it; no jitter on the open time.
    settings = scaled(
        breaker_minimum_calls=MATRIX.max_attempts, breaker_failure_ratio=0.5, breaker_jitter=0
    )
    fault("status", EVERY_TIME, status=503).queue(sandbox, "get")
    headers = credentials.headers(READ_SCOPE)

    with (
        running_service(sandbox_url, credentials, state_settings, settings) as url,
        httpx.Client(base_url=url, timeout=CLIENT_TIMEOUT) as caller,
    ):
        tripping = caller.get(
            f"{PATH}/{FIRST_ID}", headers={**headers, "X-Request-ID": "breaker.tripping"}
        )
        assert tripping.json()["code"] == "UPSTREAM_UNAVAILABLE"
        assert caller.get("/healthz/vendor").json()["breaker"]["state"] == "open"
        started = time.monotonic()
        refused = caller.get(
            f"{PATH}/{SECOND_ID}", headers={**headers, "X-Request-ID": "breaker.refused"}
        )
        elapsed = time.monotonic() - started

    # By request id: a call another test left in flight may still be logged meanwhile.
    assert calls_logged(sandbox, "breaker.tripping") == settings.max_attempts
    assert calls_logged(sandbox, "breaker.refused") == 0  # the vendor was not asked
    assert refused.status_code == BREAKER_OPEN.status
    assert_problem(refused, BREAKER_OPEN.code, True, str(math.ceil(settings.breaker_open)))
    assert elapsed < AT_ONCE + SCHEDULING_SLACK


def test_a_full_bulkhead_refuses_the_excess_at_once(
    sandbox_url: str,
    credentials: CallerCredentials,
    state_settings: StateSettings,
    sandbox: httpx.Client,
) -> None:
    # The calls that get a slot hold it this long: far longer than the others wait for a
    # slot, and longer than a busy runner may take to let every caller in, so no caller
    # finds a slot freed. Their attempts are longer still, so a slot holder never times out
    # and calls again. (Settings validation then asks for a longer deadline and window.)
    held = ONE_ATTEMPT / 2 + SCHEDULING_SLACK
    attempt_timeout = held + ONE_ATTEMPT / 2 + SCHEDULING_SLACK
    settings = scaled(
        bulkhead_max_concurrent=2,
        bulkhead_max_wait=QUICK / 2,
        attempt_timeout=attempt_timeout,
        total_deadline=attempt_timeout,
        breaker_window=2 * attempt_timeout,
    )
    callers = settings.bulkhead_max_concurrent + 3
    slot_holders = fault("latency", settings.bulkhead_max_concurrent, seconds=held)
    slot_holders.queue(sandbox, "get")
    start_together = threading.Barrier(callers)

    def one_caller(url: str) -> tuple[httpx.Response, float]:
        headers = {**credentials.headers(READ_SCOPE), "X-Request-ID": "bulkhead.caller"}
        with httpx.Client(base_url=url, timeout=CLIENT_TIMEOUT) as caller:
            start_together.wait()
            started = time.monotonic()
            response = caller.get(f"{PATH}/{FIRST_ID}", headers=headers)
            return response, time.monotonic() - started

    with (
        running_service(sandbox_url, credentials, state_settings, settings) as url,
        ThreadPoolExecutor(max_workers=callers) as pool,
    ):
        results = list(pool.map(one_caller, [url] * callers))

    served = [elapsed for response, elapsed in results if response.status_code == 200]
    refused = [(r, elapsed) for r, elapsed in results if r.status_code == BULKHEAD_FULL.status]
    assert len(served) == settings.bulkhead_max_concurrent
    assert len(refused) == callers - settings.bulkhead_max_concurrent
    assert all(elapsed >= held for elapsed in served)
    for response, elapsed in refused:
        assert_problem(response, BULKHEAD_FULL.code, True, str(math.ceil(FULL_RETRY_AFTER)))
        assert elapsed <= settings.bulkhead_max_wait + SCHEDULING_SLACK
    assert calls_logged(sandbox, "bulkhead.caller") == settings.bulkhead_max_concurrent


TABLE_SEPARATOR = re.compile(r"^\|(\s*:?-+:?\s*\|)+$")
STATUS = re.compile(r"\b[1-5]\d\d\b")


@dataclass(frozen=True)
class DocumentedRow:
    inject: str  # the "Inject it" cell, without backticks
    caller_sees: str


def fault_matrix_doc() -> dict[str, DocumentedRow]:
    """docs/fault-matrix.md's table by fault (cells without backticks)."""
    lines = [line.strip() for line in read_doc("fault-matrix.md").splitlines()]
    rows: dict[str, DocumentedRow] = {}
    for number, line in enumerate(lines):
        is_header = number + 1 < len(lines) and TABLE_SEPARATOR.match(lines[number + 1])
        if not line.startswith("|") or is_header or TABLE_SEPARATOR.match(line):
            continue
        fault_name, inject, caller_sees, *_ = (cell.strip() for cell in line.strip("|").split("|"))
        rows[fault_name.replace("`", "")] = DocumentedRow(inject.strip("`"), caller_sees)
    return rows


def test_the_docs_show_the_same_matrix() -> None:
    documented = fault_matrix_doc()

    assert set(documented) == {row.fault for row in DOC_ROWS}
    for row in DOC_ROWS:
        caller_sees = documented[row.fault].caller_sees
        assert STATUS.findall(caller_sees)[:1] == [str(row.status)], row.fault
        if row.code is not None:
            assert f"`{row.code}`" in caller_sees, row.fault


# Parameters the matrix scales down; the docs give the production-sized value instead.
SCALED_PARAMS = frozenset({"seconds", "bytes_per_second", "bytes", "inflated_bytes"})
PRODUCTION = ResilienceSettings(_env_file=None)


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_each_documented_fault_is_the_sandbox_fault_the_case_injects(case: Case) -> None:
    """Each row's body is a plan the sandbox accepts, and the one the case queues."""
    plan = json.loads(fault_matrix_doc()[case.fault].inject)

    FAULT_PLAN.validate_python(plan)  # the sandbox's own fault definitions
    assert (plan["operation"], plan["fault"], plan["times"]) == (
        case.operation,
        case.inject.name,
        case.inject.times,
    )
    assert set(plan["params"]) == set(case.inject.params)
    for name, value in case.inject.params.items():
        if name not in SCALED_PARAMS:
            assert plan["params"][name] == value, name
    if case.inject.name == "latency":  # on the same side of the attempt timeout
        scaled_slow = float(str(case.inject.params["seconds"])) > MATRIX.attempt_timeout
        assert (plan["params"]["seconds"] > PRODUCTION.attempt_timeout) == scaled_slow
    if case.inject.name == "oversized_body":
        assert plan["params"]["bytes"] > Settings.model_fields["vendor_max_response_bytes"].default
    if case.inject.name == "compressed_bomb":
        cap = Settings.model_fields["vendor_max_response_bytes"].default
        assert plan["params"]["inflated_bytes"] > cap


def test_the_service_limits_have_no_sandbox_fault() -> None:
    documented = fault_matrix_doc()
    for row in (BREAKER_OPEN, BULKHEAD_FULL, REDIS_OUTAGE):
        assert documented[row.fault].inject.startswith("none"), row.fault
