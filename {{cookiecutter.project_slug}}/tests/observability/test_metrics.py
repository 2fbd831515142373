"""Prometheus metrics at /metrics: bounded labels, one registry per app."""

from __future__ import annotations

import pytest
from prometheus_client.parser import text_string_to_metric_families

from {{ cookiecutter.__package_name }}.app import (
    create_app,
)
from {{ cookiecutter.__package_name }}.choices import (
    StateSettings,
)
from {{ cookiecutter.__package_name }}.constants import (
    READ_SCOPE,
)

from tests.observability.harness import (
    PATH,
    ROUTE,
    FakeVendor,
    in_process,
    sentinel_config,
)
from tests.support.inbound_{{ cookiecutter.inbound_auth }} import (
    CallerCredentials,
)

Samples = dict[tuple[str, frozenset[tuple[str, str]]], float]


def samples(exposition: str) -> Samples:
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(exposition)
        for sample in family.samples
    }


def value(found: Samples, name: str, **labels: str) -> float | None:
    return found.get((name, frozenset(labels.items())))


@pytest.mark.anyio
async def test_metrics_count_requests_by_route_template_and_vendor_calls_by_outcome(
    credentials: CallerCredentials, state_settings: StateSettings
) -> None:
    app = create_app(sentinel_config(credentials, state_settings), FakeVendor().transport())
    headers = credentials.headers(READ_SCOPE)

    async with in_process(app) as client:
        await client.get(f"{PATH}/rec_ok", headers=headers)
        await client.get(f"{PATH}/rec_flaky", headers=headers)
        await client.get(f"{PATH}/rec_odd", headers=headers)
        await client.get(f"{PATH}/rec_ok")
        await client.get("/no/such/path")
        scrape = await client.get("/metrics")  # no credentials: scraped inside the cluster

    assert scrape.status_code == 200
    assert "rec_ok" not in scrape.text
    assert "/no/such/path" not in scrape.text
    found = samples(scrape.text)
    http = "http_requests_total"
    route = {"route": ROUTE, "method": "GET"}
    assert value(found, http, **route, status="200", error_code="") == 2
    assert value(found, http, **route, status="401", error_code="UNAUTHENTICATED") == 1
    assert value(found, http, **route, status="502", error_code="UPSTREAM_CONTRACT_VIOLATION") == 1
    unmatched = {"route": "unmatched", "method": "GET", "status": "404"}
    assert value(found, http, **unmatched, error_code="NOT_FOUND") == 1
    assert value(found, "http_request_duration_seconds_count", **route) == 4
    # The contract violation is found after the call: the vendor answered.
    assert value(found, "vendor_calls_total", operation="get", outcome="ok") == 3
    assert value(found, "vendor_call_duration_seconds_count", operation="get") == 3
    assert value(found, "vendor_retries_total", operation="get") == 1
    assert value(found, "vendor_breaker_state") == 0
    counters = ("rate_limit_waits", "rate_limit_rejections", "rate_limit_storage_failures")
    for counter in (*counters, "bulkhead_rejections"):
        assert value(found, f"vendor_{counter}_total") == 0


@pytest.mark.anyio
async def test_each_app_keeps_its_own_registry(
    credentials: CallerCredentials, state_settings: StateSettings
) -> None:
    config = sentinel_config(credentials, state_settings)
    first, second = create_app(config), create_app(config)

    async with in_process(first) as client:
        await client.get("/healthz")
        first_scrape = (await client.get("/metrics")).text
    async with in_process(second) as client:
        second_scrape = (await client.get("/metrics")).text

    healthz = {"route": "/healthz", "method": "GET", "status": "200", "error_code": ""}
    assert value(samples(first_scrape), "http_requests_total", **healthz)
    assert not value(samples(second_scrape), "http_requests_total", **healthz)


def test_metrics_endpoint_is_not_in_the_api_schema(
    credentials: CallerCredentials, state_settings: StateSettings
) -> None:
    app = create_app(sentinel_config(credentials, state_settings))

    assert "/metrics" not in app.openapi()["paths"]
