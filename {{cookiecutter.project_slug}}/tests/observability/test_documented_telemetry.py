"""The engineering guide's log events and metrics are what the running service emits.

One service runs on a real socket against the sandbox, with settings small enough that a
few requests walk every documented path: a success, a retry, a rate-limit wait, a vendor
refusal, an exhausted retry budget, a breaker trip and a crash. Its log lines and its
/metrics page are then compared with the guide's tables, both ways: a documented name the
service never emitted fails, and so does an emitted field or metric the guide leaves out.
"""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

import httpx
import pytest
import structlog
from prometheus_client.parser import text_string_to_metric_families

from {{ cookiecutter.__package_name }}.app import (
    create_app,
    logging_setup,
)
from {{ cookiecutter.__package_name }}.choices import (
    StateSettings,
)
from {{ cookiecutter.__package_name }}.constants import (
    READ_SCOPE,
    RESOURCE_PLURAL,
)
from {{ cookiecutter.__package_name }}.errors import (
    CATALOG,
)
from {{ cookiecutter.__package_name }}.observability.metrics import (
    METRICS_PATH,
)
from {{ cookiecutter.__package_name }}.resilience import (
    ResilienceSettings,
)

from tests.conftest import service_config
from tests.docs.markdown import DOCS, read_doc
from tests.observability.harness import log_lines
from tests.support.faults import inject_fault
from tests.support.inbound_{{ cookiecutter.inbound_auth }} import (
    CallerCredentials,
)
from tests.support.records import FIRST_ID
from tests.support.servers import CRASH_PATH, serve, with_crash_route

PATH = f"/v1/{RESOURCE_PLURAL}"
# Keys on every line, documented once under the table.
COMMON_KEYS = frozenset({"timestamp", "level", "logger", "event", "request_id"})
RATE_LIMIT = 2  # per second: the third call in a burst waits
SETTINGS: dict[str, Any] = {
    "attempt_timeout": 0.5,
    "total_deadline": 3.0,
    "max_attempts": 3,
    "backoff_base": 0.01,
    "backoff_base_after_throttle": 0.01,
    "backoff_cap": 0.01,
    "rate_limit": f"{RATE_LIMIT}/second",
    "rate_limit_max_wait": 1.5,
    # One retry leaves the budget at its floor: the next failing call cannot retry.
    "retry_budget_tokens": 2.0,
    "retry_budget_min_tokens": 1.0,
    "retry_budget_refill_per_success": 0.01,
    "breaker_minimum_calls": 4,
    "breaker_failure_ratio": 0.5,
    "breaker_window": 10.0,
}
TABLE_ROW = re.compile(r"^\| `([^`]+)` \|(.*)\|\s*$")
NAME = re.compile(r"`([^`]+)`")


@dataclass(frozen=True)
class Emitted:
    events: dict[str, set[str]]  # event -> every key seen on its lines, common keys removed
    loggers: dict[str, str]
    metrics: dict[str, tuple[str, set[str]]]  # name -> (type, labels)
    outcomes: set[str]  # the outcome label values of vendor_calls_total


def guide_table(heading: str) -> dict[str, list[str]]:
    """A table of the engineering guide after `heading`: first-column name -> other cells."""
    text = read_doc("engineering-guide.md").split(heading, 1)[1]
    rows: dict[str, list[str]] = {}
    started = False
    for line in text.splitlines():
        row = TABLE_ROW.match(line)
        if row:
            started = True
            rows[row[1]] = [cell.strip() for cell in row[2].split("|")]
        elif started and not line.startswith("|"):
            break
    return rows


@pytest.fixture(scope="module")
def emitted(
    sandbox_url: str,
    sandbox_admin: httpx.Client,
    credentials: CallerCredentials,
    state_settings: StateSettings,
) -> Iterator[Emitted]:
    config = service_config(
        sandbox_url,
        credentials,
        state_settings,
        resilience=ResilienceSettings(_env_file=None, **SETTINGS),
        log_level="debug",
    )
    headers = credentials.headers(READ_SCOPE)
    record = f"{PATH}/{FIRST_ID}"
    # Logging is process-wide: what the app changes is put back afterwards.
    stream = io.StringIO()
    root = logging.getLogger()
    saved_handlers, saved_level = list(root.handlers), root.level
    saved_structlog = structlog.get_config()
    try:
        sandbox_admin.post("/_sandbox/reset").raise_for_status()
        app = with_crash_route(create_app(config))
        with serve(app) as url, httpx.Client(base_url=url, timeout=30) as caller:
            # JSON lines, as in production (whose settings refuse the loopback sandbox);
            # after the start, which set up logging for development.
            json_lines = replace(logging_setup(config), development=False)
            json_lines.apply(logging.StreamHandler(stream))
            for _ in range(RATE_LIMIT + 1):  # a burst: the last call waits for capacity
                assert caller.get(record, headers=headers).status_code == 200
            inject_fault(sandbox_admin, "get", "status", status=400)  # error_context
            assert caller.get(record, headers=headers).status_code == 502
            caller.get(CRASH_PATH)
            # Failing calls: the first retries, the budget runs out, the breaker opens.
            inject_fault(sandbox_admin, "get", "status", 10, status=503)
            for _ in range(6):
                caller.get(record, headers=headers)
            metrics_page = caller.get(METRICS_PATH).text
    finally:
        root.handlers[:] = saved_handlers
        root.setLevel(saved_level)
        structlog.configure(**saved_structlog)
        sandbox_admin.post("/_sandbox/reset").raise_for_status()
    outcomes = {
        sample.labels["outcome"]
        for family in text_string_to_metric_families(metrics_page)
        for sample in family.samples
        if "outcome" in sample.labels
    }
    yield Emitted(*events_of(stream.getvalue()), metrics_of(metrics_page), outcomes)


def events_of(output: str) -> tuple[dict[str, set[str]], dict[str, str]]:
    events: dict[str, set[str]] = {}
    loggers: dict[str, str] = {}
    for line in log_lines(output):
        logger = str(line.get("logger", ""))
        if logger.split(".")[0] in ("uvicorn", "httpx", "httpcore", "asyncio"):
            continue
        event = str(line["event"])
        events.setdefault(event, set()).update(set(line) - COMMON_KEYS)
        loggers[event] = logger
    return events, loggers


def metrics_of(page: str) -> dict[str, tuple[str, set[str]]]:
    found: dict[str, tuple[str, set[str]]] = {}
    families = list(text_string_to_metric_families(page))
    timed = {family.name for family in families if family.type in ("counter", "histogram")}
    for family in families:
        # The `_created` timestamps of counters and histograms come as families of their own.
        if family.name.endswith("_created") and family.name.removesuffix("_created") in timed:
            continue
        name = family.name + ("_total" if family.type == "counter" else "")
        labels = {label for sample in family.samples for label in sample.labels} - {"le"}
        found[name] = (family.type, labels)
    return found


PROJECT = DOCS.parent
# Events this walk cannot provoke (a memory project has no rate-limit storage to fail), each
# with the test that makes the service emit it and checks its fields against this guide.
EMITTED_ELSEWHERE = {
    "vendor rate limit storage failed": "tests/observability/test_rate_limit_storage_failures.py",
}


def test_every_documented_event_is_emitted_with_exactly_its_fields(emitted: Emitted) -> None:
    documented = guide_table("Events to search for:")
    walked = set(documented) - set(EMITTED_ELSEWHERE)
    assert walked == set(emitted.events), "events: documented != emitted"
    for event, test_file in EMITTED_ELSEWHERE.items():
        assert event in documented, event
        assert f'"{event}"' in (PROJECT / test_file).read_text(encoding="utf-8"), test_file
    for event, (logger, _level, fields) in documented.items():
        if event in EMITTED_ELSEWHERE:
            continue
        assert NAME.findall(logger) == [emitted.loggers[event]], event
        assert set(NAME.findall(fields)) == emitted.events[event], event


def test_every_documented_metric_is_emitted_with_exactly_its_labels(emitted: Emitted) -> None:
    documented = guide_table("\n## Metrics\n")
    assert set(documented) == set(emitted.metrics), "metrics: documented != emitted"
    for metric, (kind, labels, _meaning) in documented.items():
        emitted_kind, emitted_labels = emitted.metrics[metric]
        assert kind == emitted_kind, metric
        assert set(NAME.findall(labels)) == emitted_labels, metric


def test_the_fault_matrix_names_only_emitted_fields_and_metrics(emitted: Emitted) -> None:
    matrix = read_doc("fault-matrix.md")
    request_fields = emitted.events["request"] | COMMON_KEYS
    for name in set(re.findall(r"`(vendor_[a-z_]+|error_code|request_id)[`=]", matrix)):
        assert name in request_fields or name in emitted.metrics, name
    for metric in set(re.findall(r"`([a-z_]+)\{", matrix)):
        assert metric in emitted.metrics, metric
    for outcome in set(re.findall(r'outcome="([^"<]+)"', matrix)):
        assert outcome in emitted.outcomes or outcome in CATALOG, outcome


def test_a_successful_call_is_the_outcome_the_docs_name(emitted: Emitted) -> None:
    assert "ok" in emitted.outcomes
    assert "`ok`" in read_doc("fault-matrix.md")
