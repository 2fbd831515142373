"""Every route except the health and operational endpoints demands credentials."""

from __future__ import annotations

import re

import httpx
from fastapi import FastAPI
from starlette.routing import Route

from {{ cookiecutter.__package_name }}.app import (
    create_app,
)
from {{ cookiecutter.__package_name }}.choices import (
    StateSettings,
)
from {{ cookiecutter.__package_name }}.constants import (
    RESOURCE_PLURAL,
)

from tests.conftest import service_config
from tests.support.inbound_{{ cookiecutter.inbound_auth }} import (
    CallerCredentials,
)
from tests.support.records import FIRST_ID

OPEN_PATHS = {"/healthz", "/readyz", "/healthz/vendor"}
# Outside the OpenAPI document and open like health: Prometheus scrapes it in the cluster.
OPERATIONAL_PATHS = {"/metrics"}
DOCUMENTATION_PATHS = {"/openapi.json", "/docs", "/docs/oauth2-redirect", "/redoc"}


def every_operation(app: FastAPI) -> list[tuple[str, str]]:
    """The documented operations, then the routes left out of the OpenAPI document."""
    documented = [
        (method.upper(), path)
        for path, methods in app.openapi()["paths"].items()
        for method in methods
    ]
    hidden = [
        (method, route.path)
        for route in app.routes
        if isinstance(route, Route) and not route.include_in_schema
        if route.path not in DOCUMENTATION_PATHS
        for method in sorted(route.methods or ())
        if method != "HEAD"
    ]
    return documented + hidden


def test_every_route_but_health_and_metrics_answers_401_without_credentials(
    client: httpx.Client, service_app: FastAPI
) -> None:
    app = service_app
    operations = every_operation(app)
    assert len(operations) > len(OPEN_PATHS | OPERATIONAL_PATHS)
    assert {path for _, path in operations} >= OPERATIONAL_PATHS
    assert not OPERATIONAL_PATHS & set(app.openapi()["paths"])
    for method, template in operations:
        path = re.sub(r"\{[^}]+\}", FIRST_ID, template)
        body: dict[str, object] | None = {} if method in {"POST", "PUT", "PATCH"} else None
        response = client.request(method, path, json=body)
        expected = 200 if template in OPEN_PATHS | OPERATIONAL_PATHS else 401
        assert response.status_code == expected, (method, path, response.status_code)


def test_a_create_body_is_framed_before_the_credentials_and_read_after(
    client: httpx.Client,
) -> None:
    # As docs/architecture.md says: JSON syntax before the credentials, fields after.
    path = f"/v1/{RESOURCE_PLURAL}"
    json_type = {"Content-Type": "application/json"}

    malformed = client.post(path, content=b'{"name": ', headers=json_type)
    wrong_fields = client.post(path, content=b'{"unknown": 1}', headers=json_type)

    assert (malformed.status_code, malformed.json()["code"]) == (422, "VALIDATION_FAILED")
    assert (wrong_fields.status_code, wrong_fields.json()["code"]) == (401, "UNAUTHENTICATED")


def test_a_trailing_slash_is_not_found_not_redirected(client: httpx.Client) -> None:
    # A redirect would go out before authentication, to the host the caller named.
    for path in (f"/v1/{RESOURCE_PLURAL}/", f"/v1/{RESOURCE_PLURAL}/{FIRST_ID}/", "/healthz/"):
        response = client.get(path, headers={"Host": "evil.example"})

        assert response.status_code == 404, path
        assert response.headers["Content-Type"] == "application/problem+json"
        assert "Location" not in response.headers


def test_production_serves_no_api_documentation(
    sandbox_url: str, credentials: CallerCredentials, state_settings: StateSettings
) -> None:
    config = service_config(sandbox_url, credentials, state_settings, expose_api_docs=False)
    app = create_app(config)

    served = {getattr(route, "path", "") for route in app.routes}

    assert not served & DOCUMENTATION_PATHS
