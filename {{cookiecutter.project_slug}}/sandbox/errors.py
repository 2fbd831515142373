"""The vendor's error body: {"error": {"type": "<snake_case>", "message": "<text>"}}."""

from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError
from starlette.responses import JSONResponse


class InvalidRequest(Exception):
    """A request parameter is invalid; answered with 400 invalid_request."""


def vendor_error(
    status_code: int,
    error_type: str,
    message: str,
    *,
    headers: Mapping[str, str] | None = None,
    **extra: Any,
) -> JSONResponse:
    body = {"error": {"type": error_type, "message": message, **extra}}
    return JSONResponse(body, status_code=status_code, headers=headers)


def validation_error(message: str, exc: ValidationError) -> JSONResponse:
    fields = [
        {"field": ".".join(str(part) for part in error["loc"]) or "body", "message": error["msg"]}
        for error in exc.errors()
    ]
    return vendor_error(422, "validation_error", message, fields=fields)
