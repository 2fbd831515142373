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
from starlette.exceptions import HTTPException

from ..constants import PROJECT_SLUG
from ..errors import CATALOG, FieldError, ServiceError
from ..request_context import current_record, current_request_id

PROBLEM_MEDIA_TYPE = "application/problem+json"
HTTP_STATUS_CODES = {
    401: "UNAUTHENTICATED",
    403: "FORBIDDEN",
    404: "NOT_FOUND",
    405: "METHOD_NOT_ALLOWED",
    413: "PAYLOAD_TOO_LARGE",
    415: "UNSUPPORTED_MEDIA_TYPE",
    422: "VALIDATION_FAILED",
}


def problem_type(code: str) -> str:
    return f"urn:problem-type:{PROJECT_SLUG}:{code.lower()}"


def problem_body(error: ServiceError, instance: str) -> dict[str, Any]:
    spec = error.spec
    body: dict[str, Any] = {
        "type": problem_type(spec.code),
        "title": spec.title,
        "status": spec.status,
        "detail": error.detail or spec.explanation,
        "instance": instance,
        "code": spec.code,
        "retryable": spec.retryable,
        "request_id": current_request_id.get(),
    }
    if error.field_errors:
        body["errors"] = [field_error_body(item) for item in error.field_errors]
    return body


def field_error_body(error: FieldError) -> dict[str, str]:
    if error.location == "body":
        return {"pointer": error.name, "detail": error.message}
    return {"parameter": error.name, "in": error.location, "detail": error.message}


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
        if location == "body":
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
    return problem_response(ServiceError(code, detail, headers=headers), request.url.path)


def install_problem_handlers(app: FastAPI) -> None:
    app.add_exception_handler(ServiceError, handle_service_error)
    app.add_exception_handler(RequestValidationError, handle_validation_error)
    app.add_exception_handler(HTTPException, handle_http_exception)
