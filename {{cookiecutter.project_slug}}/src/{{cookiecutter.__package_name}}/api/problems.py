"""Render every failure as RFC 9457 application/problem+json with a catalog code.

`detail` helps the caller; it never carries stack traces, vendor bodies or secrets.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException
from starlette.routing import Match

from ..constants import PROJECT_SLUG
from ..errors import CATALOG, ErrorCode, FieldError, ServiceError
from ..request_context import current_record, current_request_id

PROBLEM_MEDIA_TYPE = "application/problem+json"
HTTP_METHODS = ("DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT")
HTTP_STATUS_CODES: dict[int, ErrorCode] = {
    401: "UNAUTHENTICATED",
    403: "FORBIDDEN",
    404: "NOT_FOUND",
    405: "METHOD_NOT_ALLOWED",
    413: "PAYLOAD_TOO_LARGE",
    415: "UNSUPPORTED_MEDIA_TYPE",
    422: "VALIDATION_FAILED",
}


def problem_type(code: ErrorCode) -> str:
    return f"urn:problem-type:{PROJECT_SLUG}:{code.lower()}"


class FieldErrorBody(BaseModel):
    detail: str
    pointer: str | None = Field(default=None, description="JSON pointer into the body.")
    parameter: str | None = Field(default=None, description="Name of a parameter.")
    in_: str | None = Field(default=None, alias="in", description="query, path or header.")


class Problem(BaseModel):
    """An RFC 9457 problem document with this service's catalog code.

    The one definition of the document: responses are rendered from it and the OpenAPI
    document describes it (api/openapi.py).
    """

    type: str
    title: str
    status: int
    detail: str
    instance: str
    code: ErrorCode = Field(description="Stable error code from the catalog (see docs/errors).")
    retryable: bool
    request_id: str
    errors: list[FieldErrorBody] | None = None


def problem_body(error: ServiceError, instance: str) -> dict[str, Any]:
    spec = error.spec
    problem = Problem(
        type=problem_type(spec.code),
        title=spec.title,
        status=spec.status,
        detail=error.detail or spec.explanation,
        instance=instance,
        code=spec.code,
        retryable=spec.retryable,
        request_id=current_request_id.get(),
        errors=[field_error_body(item) for item in error.field_errors] or None,
    )
    return problem.model_dump(mode="json", by_alias=True, exclude_none=True)


def field_error_body(error: FieldError) -> FieldErrorBody:
    if error.location == "body":
        return FieldErrorBody(pointer=error.name, detail=error.message)
    return FieldErrorBody.model_validate(
        {"parameter": error.name, "in": error.location, "detail": error.message}
    )


def problem_response(error: ServiceError, instance: str) -> JSONResponse:
    """The one place problems are rendered, so it also notes the code for the access line."""
    record = current_record.get()
    if record is not None:
        record.error_code = error.code
        record.error_context = dict(error.log_context)
    headers = dict(error.headers)
    if error.retry_after is not None:
        headers["Retry-After"] = str(max(0, math.ceil(error.retry_after)))
    return JSONResponse(
        problem_body(error, instance),
        status_code=error.spec.status,
        headers=headers,
        media_type=PROBLEM_MEDIA_TYPE,
    )


def field_errors_from_validation(issues: Sequence[Any]) -> list[FieldError]:
    errors = []
    for issue in issues:
        location, *path = issue.get("loc", ("body",))
        message = str(issue.get("msg", "invalid value"))
        if issue.get("type") == "json_invalid":
            # FastAPI puts the character offset where a pointer would go.
            offset = f" at character {path[0]}" if path else ""
            reason = issue.get("ctx", {}).get("error", "")
            errors.append(FieldError("body", "/", f"{message}{offset}: {reason}".rstrip(": ")))
        elif location == "body":
            pointer = "".join(f"/{escape_pointer(part)}" for part in path)
            errors.append(FieldError("body", pointer or "/", message))
        elif location in ("query", "path", "header"):
            errors.append(FieldError(location, str(path[0]) if path else "", message))
        else:
            errors.append(FieldError("body", "/", message))
    return errors


def escape_pointer(part: object) -> str:
    return str(part).replace("~", "~0").replace("/", "~1")


async def handle_service_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, ServiceError)
    return problem_response(error, request.url.path)


async def handle_validation_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, RequestValidationError)
    problem = ServiceError(
        "VALIDATION_FAILED",
        "The request has invalid fields; see errors.",
        field_errors=field_errors_from_validation(error.errors()),
    )
    return problem_response(problem, request.url.path)


async def handle_http_exception(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, HTTPException)
    if isinstance(error.__cause__, ServiceError):  # raised while FastAPI read the body
        return problem_response(error.__cause__, request.url.path)
    if error.status_code == 400:  # FastAPI's answer to a body it cannot decode
        unreadable = ServiceError(
            "VALIDATION_FAILED",
            "The request body is not valid UTF-8 JSON.",
            field_errors=[FieldError("body", "/", "the body could not be decoded")],
        )
        return problem_response(unreadable, request.url.path)
    code = HTTP_STATUS_CODES.get(error.status_code, "INTERNAL_ERROR")
    detail = "" if code == "INTERNAL_ERROR" else CATALOG[code].explanation
    headers = dict(error.headers or {})
    if error.status_code == 405:
        headers["Allow"] = allowed_methods(request)
    return problem_response(ServiceError(code, detail, headers=headers), request.url.path)


def allowed_methods(request: Request) -> str:
    """Every method a route takes at the request's path (RFC 9110 section 15.5.6): Starlette
    names only those of the first route there, and GET and POST are two routes. Each method
    is asked of the routes as the router would ask it."""
    routes = request.app.router.routes
    return ", ".join(
        method
        for method in HTTP_METHODS
        if any(
            route.matches({**request.scope, "method": method})[0] is Match.FULL for route in routes
        )
    )


def install_problem_handlers(app: FastAPI) -> None:
    app.add_exception_handler(ServiceError, handle_service_error)
    app.add_exception_handler(RequestValidationError, handle_validation_error)
    app.add_exception_handler(HTTPException, handle_http_exception)
