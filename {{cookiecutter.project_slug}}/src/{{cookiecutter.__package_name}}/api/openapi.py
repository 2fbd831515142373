"""The OpenAPI document: security schemes, each operation's scope, problem+json errors.

Routes declare their scope once, with `requires(...)` from api/deps.py (which both checks it
and marks the operation with `REQUIRED_SCOPE`), and their errors with `problem_responses(...)`;
`install_openapi` turns those into standard OpenAPI: a security requirement per operation and
every error response as application/problem+json.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from pydantic import BaseModel, Field

from ..errors import CATALOG
from .problems import PROBLEM_MEDIA_TYPE

REQUIRED_SCOPE = "x-required-scope"
FASTAPI_VALIDATION_SCHEMAS = ("HTTPValidationError", "ValidationError")


class FieldErrorBody(BaseModel):
    detail: str
    pointer: str | None = Field(default=None, description="JSON pointer into the body.")
    parameter: str | None = Field(default=None, description="Name of a parameter.")
    in_: str | None = Field(default=None, alias="in", description="query, path or header.")


class Problem(BaseModel):
    """An RFC 9457 problem document with this service's catalog code."""

    type: str
    title: str
    status: int
    detail: str
    instance: str
    code: str = Field(description="Stable error code from the catalog (see docs/errors).")
    retryable: bool
    request_id: str
    errors: list[FieldErrorBody] | None = None


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    titles: dict[int, list[str]] = {}
    for spec in CATALOG.values():
        titles.setdefault(spec.status, []).append(spec.code)
    return {
        status: {"model": Problem, "description": "; ".join(titles.get(status, ["Error"]))}
        for status in statuses
    }


def install_openapi(app: FastAPI, security_schemes: dict[str, dict[str, Any]]) -> None:
    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = get_openapi(
                title=app.title, version=app.version, routes=app.routes, tags=app.openapi_tags
            )
            document_security(schema, security_schemes)
            document_problems(schema)
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def operations(schema: dict[str, Any]) -> list[dict[str, Any]]:
    return [op for path_item in schema.get("paths", {}).values() for op in path_item.values()]


def document_security(schema: dict[str, Any], security_schemes: dict[str, dict[str, Any]]) -> None:
    schema.setdefault("components", {})["securitySchemes"] = security_schemes
    for operation in operations(schema):
        scope = operation.pop(REQUIRED_SCOPE, None)
        if scope is not None:
            operation["security"] = [{name: [scope]} for name in security_schemes]


def document_problems(schema: dict[str, Any]) -> None:
    problem_ref = {"$ref": "#/components/schemas/Problem"}
    for operation in operations(schema):
        for status, response in operation.get("responses", {}).items():
            if status.isdigit() and int(status) >= 400:
                response["content"] = {PROBLEM_MEDIA_TYPE: {"schema": problem_ref}}
    schemas = schema.get("components", {}).get("schemas", {})
    for name in FASTAPI_VALIDATION_SCHEMAS:
        schemas.pop(name, None)
