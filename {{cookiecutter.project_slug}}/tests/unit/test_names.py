"""Names callers and readers see: OpenAPI schemas and operations named after the resource,
the pagination style's class, the service's name and version from package metadata."""

from __future__ import annotations

from importlib.metadata import version
from typing import Any

import httpx
from fastapi import FastAPI

from {{ cookiecutter.__package_name }} import (
    __version__,
)
from {{ cookiecutter.__package_name }}.about import (
    UNKNOWN_VERSION,
    USER_AGENT,
    installed_version,
)
from {{ cookiecutter.__package_name }}.api import (
    health,
    routes,
)
from {{ cookiecutter.__package_name }}.api.openapi import (
    install_openapi,
)
from {{ cookiecutter.__package_name }}.choices import (
    OPENAPI_SECURITY_SCHEMES,
    VendorPaginator,
)
from {{ cookiecutter.__package_name }}.constants import (
    OPERATION_ID_PREFIX,
    PROJECT_SLUG,
    RESOURCE_NAME,
    RESOURCE_PLURAL,
)
from {{ cookiecutter.__package_name }}.upstream.client import (
    VendorTimeouts,
    build_http_client,
)

TIMEOUTS = VendorTimeouts(connect=1, read=1, write=1, pool=1)
# From the answers themselves, not from constants.py, so a wrong derivation fails here.
SCHEMA_NAME = "{{ cookiecutter.resource_name.split('_') | map('capitalize') | join }}"


def document() -> dict[str, Any]:
    app = FastAPI()
    app.include_router(health.router)
    app.include_router(routes.router)
    install_openapi(app, OPENAPI_SECURITY_SCHEMES)
    return app.openapi()


def test_schemas_carry_the_resources_own_name() -> None:
    schemas = document()["components"]["schemas"]
    assert {SCHEMA_NAME, f"{SCHEMA_NAME}Create", f"{SCHEMA_NAME}Page"} <= set(schemas)
    assert not {"Resource", "ResourceCreate", "ResourcePage"} & set(schemas)
    assert RESOURCE_NAME.replace("_", "").lower() == SCHEMA_NAME.lower()


def test_every_reference_points_at_a_schema_that_exists() -> None:
    doc = document()
    schemas = set(doc["components"]["schemas"])
    refs: list[str] = []

    def collect(node: object) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("$ref"), str):
                refs.append(node["$ref"].removeprefix("#/components/schemas/"))
            for value in node.values():
                collect(value)
        elif isinstance(node, list):
            for value in node:
                collect(value)

    collect(doc)
    assert refs and set(refs) <= schemas


def test_operation_ids_name_the_resource_and_the_operation() -> None:
    ids = {
        operation["operationId"]
        for path_item in document()["paths"].values()
        for operation in path_item.values()
    }
    plural = RESOURCE_PLURAL.replace("_", "-")
    assert plural == OPERATION_ID_PREFIX
    assert ids == {
        f"{plural}-get",
        f"{plural}-list",
        f"{plural}-create",
        "health-live",
        "health-ready",
        "health-vendor",
    }


def test_the_pagination_class_is_named_for_its_style() -> None:
    assert VendorPaginator.__name__ == "{{ cookiecutter.vendor_pagination.split('_') | map('capitalize') | join }}Paginator"


def test_name_and_version_come_from_the_package_metadata() -> None:
    # Whether or not this project is installed (the template's own tests run it uninstalled).
    assert __version__ == installed_version(PROJECT_SLUG)
    assert installed_version("pydantic") == version("pydantic")
    assert installed_version("no-such-distribution-anywhere") == UNKNOWN_VERSION
    assert f"{PROJECT_SLUG}/{__version__}" == USER_AGENT
    assert (
        build_http_client("https://vendor.test", httpx.Auth(), TIMEOUTS, 1).headers["User-Agent"]
        == USER_AGENT
    )
