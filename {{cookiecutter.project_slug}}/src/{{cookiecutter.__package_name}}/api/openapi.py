"""The OpenAPI document: security schemes, each operation's scope, problem+json errors.

Routes declare their scope once, with `requires(...)` from api/deps.py (which both checks it
and marks the operation with `REQUIRED_SCOPE`), and their errors with `problem_responses(...)`;
`install_openapi` turns those into standard OpenAPI: a security requirement per operation and
every error response as application/problem+json.
"""

from __future__ import annotations

import re
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from ..errors import CATALOG
from .problems import PROBLEM_MEDIA_TYPE, Problem

REQUIRED_SCOPE = "x-required-scope"
SCHEMAS_REF = "#/components/schemas/"
SCHEMA_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9]*$")
FASTAPI_VALIDATION_SCHEMAS = ("HTTPValidationError", "ValidationError")


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
            name_schemas_by_title(schema)
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


def name_schemas_by_title(schema: dict[str, Any]) -> None:
    """Key each schema by its model's title (Contact, ContactCreate), not its class name
    (Resource): clients generated from the document name their classes after these keys.
    A title that is not a plain name, or is taken by another schema, keeps the class name."""
    schemas: dict[str, Any] = schema.get("components", {}).get("schemas", {})
    renames: dict[str, str] = {}
    taken = set(schemas)
    for key, body in schemas.items():
        title = body.get("title")
        if isinstance(title, str) and title not in taken and SCHEMA_NAME.match(title):
            renames[key] = title
            taken.add(title)
    if renames:
        schema["components"]["schemas"] = {renames.get(k, k): v for k, v in schemas.items()}
        rename_refs(schema, renames)


def rename_refs(node: object, renames: dict[str, str]) -> None:
    if isinstance(node, list):
        for item in node:
            rename_refs(item, renames)
    elif isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith(SCHEMAS_REF):
            name = ref.removeprefix(SCHEMAS_REF)
            node["$ref"] = SCHEMAS_REF + renames.get(name, name)
        for value in node.values():
            rename_refs(value, renames)
