"""Prometheus metrics, in a registry of the app's own (several apps can share a process).

Label values stay bounded: route templates (never raw paths), catalog codes, operation
names from the code, and the standard HTTP methods.
"""

from __future__ import annotations

from fastapi import FastAPI, Response
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Gauge, Histogram
from prometheus_client.exposition import generate_latest

METRICS_PATH = "/metrics"
UNMATCHED_ROUTE = "unmatched"
KNOWN_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
BREAKER_STATES = {"closed": 0, "half_open": 1, "open": 2}


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        r = self.registry
        self.http_requests = Counter(
            "http_requests_total",
            "HTTP requests by route template, method, status and error code (empty on success).",
            ["route", "method", "status", "error_code"],
            registry=r,
        )
        self.http_duration = Histogram(
            "http_request_duration_seconds",
            "What callers wait, end to end.",
            ["route", "method"],
            registry=r,
        )
        self.vendor_calls = Counter(
            "vendor_calls_total",
            "Calls to the vendor by outcome (ok or the error code), retries included in one.",
            ["operation", "outcome"],
            registry=r,
        )
        self.vendor_duration = Histogram(
            "vendor_call_duration_seconds",
            "Vendor latency per call, rate-limit waits and retries included.",
            ["operation"],
            registry=r,
        )
        self.vendor_retries = Counter(
            "vendor_retries_total", "Retries spent on vendor calls.", ["operation"], registry=r
        )
        self.breaker_state = Gauge(
            "vendor_breaker_state", "Circuit breaker: 0 closed, 1 half-open, 2 open.", registry=r
        )
        self.rate_limit_waits = Counter(
            "vendor_rate_limit_waits_total",
            "Calls that waited for rate-limit capacity.",
            registry=r,
        )
        self.rate_limit_rejections = Counter(
            "vendor_rate_limit_rejections_total",
            "Calls refused with RATE_LIMITED before reaching the vendor.",
            registry=r,
        )
        self.rate_limit_storage_failures = Counter(
            "vendor_rate_limit_storage_failures_total",
            "Rate-limit storage (Redis) requests that failed; the call went ahead unlimited.",
            registry=r,
        )
        self.bulkhead_rejections = Counter(
            "vendor_bulkhead_rejections_total",
            "Calls refused because the bulkhead was full.",
            registry=r,
        )
        # Each label set's children, looked up once: the label values are the bounded ones
        # above, so these hold no more entries than the metrics themselves.
        self._request_children: dict[tuple[str, str, int, str], tuple[Counter, Histogram]] = {}
        self._vendor_children: dict[tuple[str, str], tuple[Counter, Histogram]] = {}

    def observe_request(
        self, route: str, method: str, status: int, error_code: str, seconds: float
    ) -> None:
        method = method if method in KNOWN_METHODS else "other"
        key = (route, method, status, error_code)
        children = self._request_children.get(key)
        if children is None:
            children = (
                self.http_requests.labels(route, method, str(status), error_code),
                self.http_duration.labels(route, method),
            )
            self._request_children[key] = children
        requests, duration = children
        requests.inc()
        duration.observe(seconds)

    def observe_vendor_call(
        self, operation: str, outcome: str, seconds: float, retries: int
    ) -> None:
        key = (operation, outcome)
        children = self._vendor_children.get(key)
        if children is None:
            children = (
                self.vendor_calls.labels(operation, outcome),
                self.vendor_duration.labels(operation),
            )
            self._vendor_children[key] = children
        calls, duration = children
        calls.inc()
        duration.observe(seconds)
        if retries > 0:  # rare; and an operation never retried shows no retries series
            self.vendor_retries.labels(operation).inc(retries)

    def exposition(self) -> bytes:
        return generate_latest(self.registry)


def install_metrics_endpoint(app: FastAPI, metrics: Metrics) -> None:
    """GET /metrics, open like the health endpoints (scraped in-cluster), not in the schema."""

    async def scrape() -> Response:
        return Response(metrics.exposition(), media_type=CONTENT_TYPE_LATEST)

    app.add_api_route(METRICS_PATH, scrape, methods=["GET"], include_in_schema=False)
