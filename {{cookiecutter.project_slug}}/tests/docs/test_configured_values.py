"""The docs carry this project's answers and settings, and name every metric."""

from __future__ import annotations

import re

import pytest
from pydantic.fields import FieldInfo

from {{ cookiecutter.__package_name }}.constants import (
    CUSTOMER_NAME,
    INTEGRATION_NAME,
    RESOURCE_PLURAL,
    VENDOR_NAME,
    VENDOR_RATE_LIMIT,
)
from {{ cookiecutter.__package_name }}.resilience.settings import (
    ResilienceSettings,
)
from {{ cookiecutter.__package_name }}.server import (
    ServerSettings,
)
from {{ cookiecutter.__package_name }}.settings import (
    Settings,
)

from tests.docs.markdown import mermaid_blocks, mermaid_label, read_doc

METRICS = (
    "http_requests_total",
    "http_request_duration_seconds",
    "vendor_calls_total",
    "vendor_call_duration_seconds",
    "vendor_retries_total",
    "vendor_breaker_state",
    "vendor_rate_limit_waits_total",
    "vendor_rate_limit_rejections_total",
    "vendor_bulkhead_rejections_total",
    "vendor_rate_limit_storage_failures_total",
)
SETTING_ROW = re.compile(r"^\| `([A-Z][A-Z0-9_]*)` \| `([^`]+)`")
RESILIENCE_PREFIX = (ResilienceSettings.model_config.get("env_prefix") or "").upper()
SERVER_PREFIX = (ServerSettings.model_config.get("env_prefix") or "").upper()


@pytest.mark.parametrize(
    ("doc", "values"),
    [
        ("customer-overview.md", (CUSTOMER_NAME, VENDOR_NAME, INTEGRATION_NAME)),
        ("onboarding-checklist.md", (CUSTOMER_NAME, VENDOR_NAME, VENDOR_RATE_LIMIT)),
        ("engineering-guide.md", (VENDOR_NAME, f"/v1/{RESOURCE_PLURAL}", VENDOR_RATE_LIMIT)),
        ("architecture.md", (CUSTOMER_NAME, VENDOR_NAME, f"/v1/{RESOURCE_PLURAL}")),
    ],
)
def test_docs_name_the_configured_values(doc: str, values: tuple[str, ...]) -> None:
    text = read_doc(doc)
    for value in values:
        assert value in text, f"{doc} does not mention {value!r}"


def test_diagrams_name_the_customer_vendor_and_resource() -> None:
    diagrams = "\n".join(
        "\n".join(block.lines) for block in mermaid_blocks(read_doc("architecture.md"))
    )
    for value in (CUSTOMER_NAME, VENDOR_NAME, INTEGRATION_NAME, RESOURCE_PLURAL):
        assert mermaid_label(value) in diagrams, value


@pytest.mark.parametrize("metric", METRICS)
def test_engineering_guide_names_each_metric(metric: str) -> None:
    metrics_section = read_doc("engineering-guide.md").split("\n## Metrics\n", 1)[1]
    assert f"| `{metric}` |" in metrics_section


def documented_settings() -> dict[str, str]:
    rows = (SETTING_ROW.match(line) for line in read_doc("engineering-guide.md").splitlines())
    return {row[1]: row[2] for row in rows if row}


def fields_for(variable: str) -> list[FieldInfo]:
    name = variable.lower()
    found = [Settings.model_fields[name]] if name in Settings.model_fields else []
    if variable.startswith(RESILIENCE_PREFIX):
        resilience_name = name.removeprefix(RESILIENCE_PREFIX.lower())
        if resilience_name in ResilienceSettings.model_fields:
            found.append(ResilienceSettings.model_fields[resilience_name])
    server_name = name.removeprefix(SERVER_PREFIX.lower())
    if variable.startswith(SERVER_PREFIX) and server_name in ServerSettings.model_fields:
        found.append(ServerSettings.model_fields[server_name])
    return found


def shown(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def test_documented_settings_exist_with_the_documented_defaults() -> None:
    for variable, documented in documented_settings().items():
        fields = fields_for(variable)
        assert fields, f"{variable} is documented but is not a setting"
        for field in fields:
            default = (
                VENDOR_RATE_LIMIT
                if field.is_required()
                else field.get_default(call_default_factory=True)
            )
            assert shown(default) == documented, f"{variable}: {shown(default)} != {documented}"


def test_every_server_limit_is_documented() -> None:
    documented = documented_settings()
    for name in ServerSettings.model_fields:
        assert f"{SERVER_PREFIX}{name.upper()}" in documented, name


def test_every_resilience_setting_is_documented() -> None:
    documented = documented_settings()
    for name in ResilienceSettings.model_fields:
        assert f"{RESILIENCE_PREFIX}{name.upper()}" in documented, name
    for name in Settings.model_fields:
        if name.startswith("vendor_") and name.endswith("_timeout"):
            assert name.upper() in documented, name
