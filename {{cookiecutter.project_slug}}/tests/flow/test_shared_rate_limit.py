"""Two replicas of the service share one vendor rate limit through Redis.

A real redis-server, one sandbox vendor process and two service processes (`python -m
<package>`, configured through the environment as in production) on 127.0.0.1. A burst of
GETs goes through both replicas at once, far more than the limit allows; the sandbox logs
when each vendor call arrived.

What the limiter guarantees, and so what is asserted. `limits`' sliding-window counter keeps
one counter per fixed window and admits a call while

    floor(previous_count * share_left) + current_count + 1 <= limit

where share_left is the part of the current window still to come.

With Redis storage the windows are laid end to end from the first call made on fresh keys
(limits' Lua script starts a window when it creates the key, not on a clock boundary, and
the chain goes on while someone asks in every window, as waiting callers do), so:

- in each of those fixed windows at most `limit` calls go through. This is also the check
  that one budget is shared: two budgets would each let `limit` calls through at once, so
  the first window alone would hold twice the limit;
- over the whole burst, at most `limit` per fixed window it touched;
- over an arbitrary window of the same length, more: up to 2 * limit, not 2 * limit - 1,
  because the weighted count is rounded down. With `limit` calls in the previous window,
  the current one admits its `limit`-th call once floor(limit * share_left) is 0, that is
  in its last 1/limit; if the previous window's calls all came in its own last 1/limit, a
  window of the limit's length starting just before them holds both sets of calls.

The sandbox sees a call a little after the limiter admitted it. Every bound is therefore
checked on windows shrunk by LATENCY_ALLOWANCE, the most that delay may be: then a window in
the sandbox's log holds only calls that the limiter admitted within the window of the
bound.
"""

from __future__ import annotations

import asyncio
import json
import math
import os
import subprocess
import sys
import time
from bisect import bisect_left
from collections.abc import Iterator, Mapping, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import limits
import pytest
import redis
from pydantic_settings import BaseSettings

from {{ cookiecutter.__package_name }} import (
    constants,
)
from {{ cookiecutter.__package_name }}.constants import (
    READ_SCOPE,
    RESOURCE_PLURAL,
    VENDOR_AUTH_SCHEME,
    VENDOR_PAGINATION_STYLE,
)

from tests.conftest import (
    CURSOR_SECRET,
    vendor_credentials,
)
from tests.support.inbound_{{ cookiecutter.inbound_auth }} import (
    CallerCredentials,
)
from tests.support.records import FIRST_ID
from tests.support.redis_server import (
    free_port,
)

RATE_LIMIT = "5/second"
LIMIT = limits.parse(RATE_LIMIT)
WINDOW_SECONDS = float(LIMIT.get_expiry())
# Callers wait up to 2 s for capacity, so the burst spans three windows; callers that would
# wait longer get 429 RATE_LIMITED.
MAX_WAIT_SECONDS = 2.0
BURST = 40
# The most time between the limiter admitting a call and the sandbox logging its arrival:
# a few milliseconds on an idle machine (connections and tokens are warmed up beforehand),
# calls admitted together arrived up to 0.13 s apart with both CPUs of a 2-core machine busy.
LATENCY_ALLOWANCE = 0.25
# A logical database of its own on the session's redis-server, emptied before the burst:
# the limiter's windows then start with the burst's first call.
REDIS_DATABASE = 15

PROJECT_ROOT = Path(__file__).resolve().parents[2]
PATH = f"/v1/{RESOURCE_PLURAL}/{FIRST_ID}"
PROBLEM = "application/problem+json"
STARTUP_TIMEOUT_SECONDS = 15.0
STOP_TIMEOUT_SECONDS = 5.0
REQUEST_TIMEOUT_SECONDS = 10.0


def package_name() -> str:
    return constants.__name__.rpartition(".")[0]


def package_parent() -> Path:
    assert constants.__file__ is not None
    return Path(constants.__file__).resolve().parents[1]


def base_env() -> dict[str, str]:
    """Only what Python needs: nothing from the developer's shell reaches the settings."""
    env = {name: os.environ[name] for name in ("PATH", "HOME", "LANG") if name in os.environ}
    env["PYTHONPATH"] = os.pathsep.join([str(package_parent()), str(PROJECT_ROOT)])
    return env


def settings_env(settings: BaseSettings) -> dict[str, str]:
    """Environment variables that make the settings class read back these values."""
    prefix = str(settings.model_config.get("env_prefix", ""))
    return {
        f"{prefix}{name}".upper(): value if isinstance(value, str) else json.dumps(value)
        for name, value in settings.model_dump(mode="json", exclude_none=True).items()
    }


def service_env(
    port: int, sandbox_url: str, redis_url: str, credentials: CallerCredentials
) -> dict[str, str]:
    return {
        **base_env(),
        "APP_ENV": "development",
        "SERVICE_HOST": "127.0.0.1",
        "SERVICE_PORT": str(port),
        "LOG_LEVEL": "warning",
        "VENDOR_BASE_URL": sandbox_url,
        "CURSOR_SECRET": CURSOR_SECRET,
        "REDIS_URL": redis_url,
        "VENDOR_RATE_LIMIT": RATE_LIMIT,
        "VENDOR_RATE_LIMIT_MAX_WAIT": str(MAX_WAIT_SECONDS),
        **{
            f"VENDOR_{name.upper()}": value
            for name, value in vendor_credentials(sandbox_url).items()
        },
        **settings_env(credentials.settings()),
    }


@dataclass(frozen=True)
class Server:
    name: str
    url: str
    process: subprocess.Popen[bytes]
    log_path: Path

    def wait_until_healthy(self, health_path: str) -> None:
        deadline = time.monotonic() + STARTUP_TIMEOUT_SECONDS
        with httpx.Client(timeout=1.0) as prober:
            while self.process.poll() is None and time.monotonic() < deadline:
                try:
                    if prober.get(self.url + health_path).status_code == 200:
                        return
                except httpx.TransportError:
                    pass
                time.sleep(0.05)
        log_tail = self.log_path.read_text(encoding="utf-8", errors="replace")[-3000:]
        raise AssertionError(f"{self.name} did not start; its log ends with:\n{log_tail}")


@contextmanager
def running(
    name: str, port: int, command: Sequence[str], env: Mapping[str, str], workdir: Path
) -> Iterator[Server]:
    """Run `command` (a server on `port`) until the block ends, then stop it."""
    log_path = workdir / f"{name}.log"
    with log_path.open("ab") as log:
        process = subprocess.Popen(
            command, env=dict(env), cwd=workdir, stdout=log, stderr=subprocess.STDOUT
        )
    try:
        yield Server(name, f"http://127.0.0.1:{port}", process, log_path)
    finally:
        process.terminate()
        try:
            process.wait(timeout=STOP_TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=STOP_TIMEOUT_SECONDS)


@contextmanager
def sandbox_and_two_replicas(
    shared_redis: str,
    credentials: CallerCredentials,
    workdir: Path,
    overrides: Mapping[str, str] | None = None,
) -> Iterator[tuple[str, list[Server]]]:
    """The sandbox and two replicas of the service sharing `shared_redis`, all answering
    their health checks: (the sandbox's URL, the replicas)."""
    sandbox_port, *service_ports = free_ports(3)
    sandbox_url = f"http://127.0.0.1:{sandbox_port}"
    sandbox_command = [
        *(sys.executable, "-m", "sandbox", "--host", "127.0.0.1", "--port", str(sandbox_port)),
        *("--auth-scheme", VENDOR_AUTH_SCHEME, "--pagination", VENDOR_PAGINATION_STYLE),
    ]
    with ExitStack() as stack:
        sandbox = stack.enter_context(
            running("sandbox", sandbox_port, sandbox_command, base_env(), workdir)
        )
        replicas = [
            stack.enter_context(
                running(
                    name,
                    port,
                    [sys.executable, "-m", package_name()],
                    service_env(port, sandbox_url, shared_redis, credentials)
                    | dict(overrides or {}),
                    workdir,
                )
            )
            for name, port in zip(("a", "b"), service_ports, strict=True)
        ]
        sandbox.wait_until_healthy("/_sandbox/health")
        for replica in replicas:
            replica.wait_until_healthy("/healthz")
        yield sandbox_url, replicas


def free_ports(count: int) -> list[int]:
    ports: set[int] = set()
    while len(ports) < count:
        ports.add(free_port())
    return sorted(ports)


def empty_database(url: str) -> None:
    """Forget every limiter key, so the limiter's first window starts with the burst."""
    client = redis.Redis.from_url(url, socket_timeout=5, socket_connect_timeout=5)
    try:
        client.flushdb()
    finally:
        client.close()


@dataclass(frozen=True)
class Outcome:
    replica: str
    request_id: str
    status: int
    content_type: str
    code: object
    retry_after: str | None


async def burst(replicas: Sequence[Server], headers: Mapping[str, str]) -> list[Outcome]:
    """BURST GETs at once, taking turns between the replicas."""
    async with httpx.AsyncClient(
        timeout=REQUEST_TIMEOUT_SECONDS, limits=httpx.Limits(max_connections=BURST)
    ) as client:

        async def get(replica: Server, number: int) -> Outcome:
            request_id = f"burst-{replica.name}-{number:03d}"
            response = await client.get(
                replica.url + PATH, headers={**headers, "X-Request-ID": request_id}
            )
            content_type = response.headers.get("content-type", "")
            code = response.json().get("code") if content_type == PROBLEM else None
            return Outcome(
                replica.name,
                request_id,
                response.status_code,
                content_type,
                code,
                response.headers.get("Retry-After"),
            )

        return await asyncio.gather(
            *(get(replicas[number % len(replicas)], number) for number in range(BURST))
        )


def most_in_any_window(arrivals: Sequence[float], length: float) -> int:
    """The most calls logged in any window [t, t + length)."""
    ordered = sorted(arrivals)
    return max(
        (bisect_left(ordered, start + length) - index for index, start in enumerate(ordered)),
        default=0,
    )


def per_fixed_window(arrivals: Sequence[float]) -> list[int]:
    """Calls logged inside each of the limiter's fixed windows, away from its edges.

    The limiter's first window opened when it admitted the first call, at most
    LATENCY_ALLOWANCE before the sandbox logged the first arrival; a call logged within
    that allowance of an edge may belong to either window and is not counted.
    """
    ordered = sorted(arrivals)
    if not ordered:
        return []
    first = ordered[0]
    count = math.floor((ordered[-1] - first) / WINDOW_SECONDS) + 1
    counts = []
    for window in range(count):
        low = -math.inf if window == 0 else first + window * WINDOW_SECONDS + LATENCY_ALLOWANCE
        high = first + (window + 1) * WINDOW_SECONDS - LATENCY_ALLOWANCE
        counts.append(sum(low <= arrival < high for arrival in ordered))
    return counts


@pytest.mark.anyio
async def test_two_replicas_share_one_vendor_rate_limit_through_redis(
    redis_url: str, tmp_path: Path
) -> None:
    shared_redis = urlsplit(redis_url)._replace(path=f"/{REDIS_DATABASE}").geturl()
    credentials = CallerCredentials(tmp_path)
    headers = credentials.headers(READ_SCOPE)
    with (
        sandbox_and_two_replicas(shared_redis, credentials, tmp_path) as (sandbox_url, replicas),
        httpx.Client(base_url=sandbox_url, timeout=REQUEST_TIMEOUT_SECONDS) as admin,
    ):
        # Connections, vendor tokens and JWKS are ready before the clock starts.
        for replica in replicas:
            warm_up = httpx.get(replica.url + PATH, headers=headers, timeout=10.0)
            assert warm_up.status_code == 200, warm_up.text
        empty_database(shared_redis)
        admin.post("/_sandbox/reset").raise_for_status()

        started = time.monotonic()
        outcomes = await burst(replicas, headers)
        burst_seconds = time.monotonic() - started
        calls = admin.get("/_sandbox/calls").json()["calls"]

    vendor_calls = [call for call in calls if call["operation"] == "get"]
    times: list[float] = [call["at"] for call in vendor_calls]
    admitted = [outcome for outcome in outcomes if outcome.status == 200]
    refused = [outcome for outcome in outcomes if outcome.status != 200]
    summary = (
        f"{len(admitted)} admitted ({sum(o.replica == 'a' for o in admitted)} through a), "
        f"{len(refused)} refused in {burst_seconds:.2f} s; vendor calls per fixed window "
        f"{per_fixed_window(times)}"
    )

    # Every caller either got its record or was refused by the limiter, at once or after
    # waiting up to MAX_WAIT_SECONDS; refused callers never reached the vendor.
    assert refused, summary
    for outcome in refused:
        assert outcome.status == 429, outcome
        assert outcome.content_type == PROBLEM, outcome
        assert outcome.code == "RATE_LIMITED", outcome
        assert outcome.retry_after is not None, outcome
        assert outcome.retry_after.isdigit(), outcome
        assert int(outcome.retry_after) >= 1, outcome
    assert sorted(call["request_id"] for call in vendor_calls) == sorted(
        outcome.request_id for outcome in admitted
    ), summary
    # Some callers waited for the next windows and got through.
    assert len(times) > LIMIT.amount, summary

    # One budget: at most `limit` per fixed window of the limiter (with two budgets, one
    # per replica, the first window alone would hold up to 2 * limit) ...
    assert max(per_fixed_window(times)) <= LIMIT.amount, summary
    span = max(times) - min(times) + LATENCY_ALLOWANCE
    windows_touched = math.floor(span / WINDOW_SECONDS) + 1
    assert len(times) <= LIMIT.amount * windows_touched, summary
    # ... and the sliding-window counter's bound over any window of the limit's length.
    assert most_in_any_window(times, WINDOW_SECONDS - LATENCY_ALLOWANCE) <= 2 * LIMIT.amount, (
        summary
    )
