"""The playbook lists exactly the codes this project can return.

For every code of the catalog, one scenario drives the running service (real sockets, the
sandbox vendor, this project's answers) the way that code is meant to arise. A listed code
must come back; a code the playbook leaves out must not, even when its scenario is played.
A new catalog code without a scenario here fails the first test.
"""

from __future__ import annotations

import socket
import time
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from typing import Any

import httpx
import pytest
from pydantic import SecretStr

from {{ cookiecutter.__package_name }}.app import (
    create_app,
)
from {{ cookiecutter.__package_name }}.choices import (
    StateSettings,
)
from {{ cookiecutter.__package_name }}.constants import (
    INBOUND_AUTH,
    READ_SCOPE,
    RESOURCE_PLURAL,
    STATE_BACKEND,
    VENDOR_AUTH_SCHEME,
    WRITE_SCOPE,
)
from {{ cookiecutter.__package_name }}.errors import (
    CATALOG,
)
from {{ cookiecutter.__package_name }}.playbook import (
    listed_codes,
)
from {{ cookiecutter.__package_name }}.resilience import (
    ResilienceSettings,
)
from {{ cookiecutter.__package_name }}.server import (
    ServerSettings,
)

from tests.conftest import service_config
from tests.support.faults import inject_fault
from tests.support.inbound_{{ cookiecutter.inbound_auth }} import (
    CallerCredentials,
)
from tests.support.records import FIRST_ID, INVALID_FIELD, NEW_RECORD, OTHER_NEW_RECORD, TEXT_FIELD
from tests.support.servers import CRASH_PATH, serve, with_crash_route

PATH = f"/v1/{RESOURCE_PLURAL}"
RECORD = f"{PATH}/{FIRST_ID}"
MAX_BODY = 4096
SLOW = 1.0  # beyond the attempt timeout below
BODY_WAIT = 0.3  # how long the service waits for the rest of a body; SLOW is beyond it
# Small numbers, so a timeout takes a fraction of a second; the breaker never trips.
RESILIENCE: dict[str, Any] = {
    "attempt_timeout": 0.3,
    "total_deadline": 0.8,
    "breaker_window": 1.0,
    "breaker_minimum_calls": 1_000_000,
    "retry_budget_tokens": 1_000_000.0,
    "backoff_base": 0.01,
    "backoff_base_after_throttle": 0.01,
    "backoff_cap": 0.01,
    "rate_limit": "1000/second",
    "rate_limit_max_wait": 0.1,
}
# For a scenario that needs a vendor call slower than any machine's scheduling delay.
PATIENT = {**RESILIENCE, "attempt_timeout": 30.0, "total_deadline": 60.0, "breaker_window": 60.0}
AUTH_TRIES = 2 if VENDOR_AUTH_SCHEME == "oauth2_client_credentials" else 1


@dataclass(frozen=True)
class World:
    caller: httpx.Client
    sandbox: httpx.Client
    credentials: CallerCredentials
    sandbox_url: str
    state_settings: StateSettings


Scenario = Callable[[World], httpx.Response | None]


def config(
    world_url: str,
    credentials: CallerCredentials,
    state: StateSettings,
    resilience: dict[str, Any] = RESILIENCE,
) -> Any:
    settings = service_config(
        world_url,
        credentials,
        state,
        resilience=ResilienceSettings(_env_file=None, **resilience),
        max_request_body_bytes=MAX_BODY,
        # A duplicate create waits this long for the first one's record, then gets 409.
        idempotency_wait_seconds=SLOW / 8,
    )
    return replace(settings, server=ServerSettings(_env_file=None, body_read_timeout=BODY_WAIT))


@pytest.fixture(scope="module")
def reachable_url(
    sandbox_url: str, credentials: CallerCredentials, state_settings: StateSettings
) -> Iterator[str]:
    app = with_crash_route(create_app(config(sandbox_url, credentials, state_settings)))
    with serve(app) as url:
        yield url


@pytest.fixture
def world(
    reachable_url: str,
    sandbox: httpx.Client,
    credentials: CallerCredentials,
    sandbox_url: str,
    state_settings: StateSettings,
) -> Iterator[World]:
    with httpx.Client(base_url=reachable_url, timeout=30) as caller:
        yield World(caller, sandbox, credentials, sandbox_url, state_settings)


def read(world: World, path: str = RECORD) -> httpx.Response:
    return world.caller.get(path, headers=world.credentials.headers(READ_SCOPE))


def create(world: World, body: object = None, key: str | None = None) -> httpx.Response:
    headers = world.credentials.headers(WRITE_SCOPE)
    if key is not None:
        headers["Idempotency-Key"] = key
    return world.caller.post(PATH, json=NEW_RECORD if body is None else body, headers=headers)


def body_too_slow(world: World) -> httpx.Response:
    def chunks() -> Iterator[bytes]:
        yield b'{"' + TEXT_FIELD.encode() + b'": '
        time.sleep(SLOW)
        yield b'"Example record"}'

    headers = {**world.credentials.headers(WRITE_SCOPE), "Content-Type": "application/json"}
    return world.caller.post(PATH, content=chunks(), headers=headers)


def after_fault(operation: str, fault: str, times: int = 1, **params: object) -> Scenario:
    def scenario(world: World) -> httpx.Response:
        inject_fault(world.sandbox, operation, fault, times, **params)
        return read(world) if operation == "get" else create(world)

    return scenario


def key_in_progress(world: World) -> httpx.Response:
    """A second create with the key while the first still waits for a slow vendor.

    The service here waits as long as the vendor takes, and the vendor's delay grows until
    the second answer comes back while the first call is still waiting: on a busy machine
    the second call can otherwise arrive after a short delay has ended, and be replayed.
    """
    app = create_app(config(world.sandbox_url, world.credentials, world.state_settings, PATIENT))
    with serve(app) as url, httpx.Client(base_url=url, timeout=120) as caller:
        patient_world = replace(world, caller=caller)
        for vendor_delay in (0.5, 2.0, 8.0):
            second, first_was_waiting = create_during_a_slow_create(patient_world, vendor_delay)
            if first_was_waiting:
                return second
    pytest.fail("the first create never stayed at the vendor while the second was answered")


def create_during_a_slow_create(world: World, vendor_delay: float) -> tuple[httpx.Response, bool]:
    """The second of two creates with one key, sent once the first reached the vendor, and
    whether the first was still waiting when the second was answered."""
    inject_fault(world.sandbox, "create", "latency", seconds=vendor_delay)
    key = str(uuid.uuid4())
    with ThreadPoolExecutor(max_workers=1) as pool:
        first = pool.submit(create, world, None, key)
        # The service holds the key once its call reaches the vendor, which takes the fault.
        deadline = time.monotonic() + 10
        while world.sandbox.get("/_sandbox/faults").json()["faults"]:
            assert time.monotonic() < deadline, "the first create never reached the vendor"
            time.sleep(0.01)
        second = create(world, key=key)
        first_was_waiting = not first.done()
        first.result()
    return second, first_was_waiting


def key_reused(world: World) -> httpx.Response:
    key = str(uuid.uuid4())
    create(world, key=key)
    return create(world, {**NEW_RECORD, **OTHER_NEW_RECORD}, key)


def unused_port() -> int:
    """A port on 127.0.0.1 that nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def state_store_down(world: World) -> httpx.Response | None:
    """A create with a key while the state store cannot be reached."""
    if STATE_BACKEND != "redis":
        return None  # the memory store lives in the process: it cannot be down
    unreachable: dict[str, Any] = {"redis_url": SecretStr(f"redis://127.0.0.1:{unused_port()}/0")}
    state = world.state_settings.model_copy(update=unreachable)
    app = create_app(config(world.sandbox_url, world.credentials, state))
    with serve(app) as url, httpx.Client(base_url=url, timeout=30) as caller:
        headers = {**world.credentials.headers(WRITE_SCOPE), "Idempotency-Key": "k-1"}
        return caller.post(PATH, json=NEW_RECORD, headers=headers)


def identity_provider_down(world: World) -> httpx.Response | None:
    """A read with a valid token while the JWKS URL cannot be reached."""
    if INBOUND_AUTH != "jwt":
        return None  # API keys are checked against the service's own settings
    settings = config(world.sandbox_url, world.credentials, world.state_settings)
    jwks_url = f"http://127.0.0.1:{unused_port()}/jwks.json"
    unreachable = {"jwt_jwks_file": None, "jwt_jwks_url": jwks_url}
    inbound_auth = settings.inbound_auth.model_copy(update=unreachable)
    app = create_app(replace(settings, inbound_auth=inbound_auth))
    with serve(app) as url, httpx.Client(base_url=url, timeout=30) as caller:
        return caller.get(RECORD, headers=world.credentials.headers(READ_SCOPE))


SCENARIOS: dict[str, Scenario] = {
    "VALIDATION_FAILED": lambda world: create(
        world, {**NEW_RECORD, INVALID_FIELD[0]: INVALID_FIELD[1]}
    ),
    "UNAUTHENTICATED": lambda world: world.caller.get(RECORD),
    "FORBIDDEN": lambda world: world.caller.get(
        RECORD, headers=world.credentials.headers(WRITE_SCOPE)
    ),
    "NOT_FOUND": after_fault("get", "status", status=404),
    "METHOD_NOT_ALLOWED": lambda world: world.caller.delete(
        RECORD, headers=world.credentials.headers(WRITE_SCOPE)
    ),
    "CONFLICT": after_fault("create", "status", status=409),
    "IDEMPOTENCY_KEY_REUSED": key_reused,
    "IDEMPOTENCY_KEY_IN_PROGRESS": key_in_progress,
    "PAYLOAD_TOO_LARGE": lambda world: create(world, {**NEW_RECORD, TEXT_FIELD: "x" * MAX_BODY}),
    "REQUEST_TIMEOUT": body_too_slow,
    "UNSUPPORTED_MEDIA_TYPE": lambda world: world.caller.post(
        PATH,
        content=b"name=x",
        headers={**world.credentials.headers(WRITE_SCOPE), "Content-Type": "text/plain"},
    ),
    "RATE_LIMITED": after_fault("get", "status", 3, status=429, retry_after=3600),
    "UPSTREAM_TIMEOUT": after_fault("get", "latency", 3, seconds=SLOW),
    "UPSTREAM_UNAVAILABLE": after_fault("get", "status", 3, status=503),
    "UPSTREAM_AUTH_FAILED": after_fault("get", "status", AUTH_TRIES, status=401),
    "UPSTREAM_REJECTED": after_fault("get", "status", status=400),
    "UPSTREAM_CONTRACT_VIOLATION": after_fault("get", "malformed_json"),
    "STATE_STORE_UNAVAILABLE": state_store_down,
    "AUTH_PROVIDER_UNAVAILABLE": identity_provider_down,
    "INTERNAL_ERROR": lambda world: world.caller.get(CRASH_PATH),
}


def test_every_code_has_a_scenario() -> None:
    assert set(SCENARIOS) == set(CATALOG)


@pytest.mark.parametrize("code", list(CATALOG))
def test_a_code_is_listed_exactly_when_the_service_returns_it(code: str, world: World) -> None:
    response = SCENARIOS[code](world)

    returned = response is not None and response.json().get("code") == code
    if code in listed_codes():
        assert returned, f"{code} is in the playbook, but its scenario got {describe(response)}"
    else:
        assert not returned, f"{code} is left out of the playbook, yet the service returned it"


def describe(response: httpx.Response | None) -> str:
    if response is None:
        return "nothing (it cannot be played in this project)"
    return f"{response.status_code} {response.text[:200]}"
