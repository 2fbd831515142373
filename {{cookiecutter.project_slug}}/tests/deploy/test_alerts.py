"""deploy/prometheus/alerts.yaml: the alerts the docs promise, on metrics the service has."""

from __future__ import annotations

import re
from typing import Any

import httpx
import yaml
from prometheus_client.parser import text_string_to_metric_families

from tests.deploy.tools import ROOT

ALERTS = ROOT / "deploy/prometheus/alerts.yaml"
# What an alert must watch (issue of the standard: docs/engineering-guide.md, "Metrics").
WATCHED = {
    "vendor_breaker_state",
    "vendor_calls_total",
    "vendor_rate_limit_waits_total",
    "vendor_rate_limit_storage_failures_total",
    "http_requests_total",
    "http_request_duration_seconds_bucket",
}
PROMQL_WORDS = {
    "by",
    "without",
    "on",
    "ignoring",
    "group_left",
    "group_right",
    "and",
    "or",
    "unless",
    "bool",
    "offset",
}
SAMPLE_SUFFIXES = {
    "counter": ("_total",),
    "histogram": ("_bucket", "_sum", "_count"),
    "gauge": ("",),
}


def rules() -> list[dict[str, Any]]:
    document = yaml.safe_load(ALERTS.read_text(encoding="utf-8"))
    return [rule for group in document["groups"] for rule in group["rules"]]


def metric_names(expression: str) -> set[str]:
    """The metric names a PromQL expression reads: identifiers that are not functions,
    keywords, label names (in braces or grouping clauses), durations or numbers."""
    expression = re.sub(r'"[^"]*"', "", expression)
    expression = re.sub(r"\{[^}]*\}|\[[^\]]*\]", " ", expression)
    expression = re.sub(r"\b(by|without|on|ignoring)\s*\([^)]*\)", " ", expression)
    names = set()
    for match in re.finditer(r"[A-Za-z_:][A-Za-z0-9_:]*", expression):
        following = expression[match.end() :].lstrip()
        if match.group() not in PROMQL_WORDS and not following.startswith("("):
            names.add(match.group())
    return names


def exposed(scrape: str) -> set[str]:
    """Every sample name the scrape declares, whether or not it has samples yet."""
    names = set()
    for family in text_string_to_metric_families(scrape):
        for suffix in SAMPLE_SUFFIXES.get(family.type, ("",)):
            names.add(family.name + suffix)
    return names


def test_metric_names_are_read_from_expressions() -> None:
    expression = (
        'histogram_quantile(0.99, sum by (job, le) (rate(a_bucket{route!="x"}[5m]))) / b > 5'
    )
    assert metric_names(expression) == {"a_bucket", "b"}


def test_every_metric_an_alert_names_is_on_the_running_services_metrics(
    service_caller: httpx.Client,
) -> None:
    scrape = service_caller.get("/metrics")
    assert scrape.status_code == 200
    available = exposed(scrape.text)
    for rule in rules():
        names = metric_names(rule["expr"])
        assert names, f"{rule['alert']} names no metric"
        assert names <= available, f"{rule['alert']}: not exposed: {sorted(names - available)}"


def test_the_alerts_watch_breaker_errors_rate_limits_storage_5xx_and_latency() -> None:
    watched = set().union(*(metric_names(rule["expr"]) for rule in rules()))
    assert watched >= WATCHED
    for rule in rules():
        assert rule["labels"]["severity"] in {"page", "ticket"}
        assert rule["annotations"]["summary"]


def test_the_docs_that_promise_alerts_link_to_the_rules() -> None:
    for doc in ("docs/engineering-guide.md", "docs/onboarding-checklist.md"):
        assert "deploy/prometheus/alerts.yaml" in (ROOT / doc).read_text(encoding="utf-8"), doc
