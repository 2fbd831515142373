"""The request being served, readable anywhere in its task: its id (logs, vendor calls) and
the record its access line is written from."""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping
from contextvars import ContextVar
from dataclasses import dataclass, field

REQUEST_ID_HEADER = "X-Request-ID"
_WELL_FORMED = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:-]{7,127}$")

current_request_id: ContextVar[str] = ContextVar("current_request_id", default="")


@dataclass
class RequestRecord:
    """What inner layers learn about the request, for its access line and metrics.

    The access-log middleware sets one per request; the layers below mutate it (a context
    variable set in a handler would not be seen by the middleware above it).
    """

    vendor_calls: int = 0
    vendor_attempts: int = 0
    vendor_seconds: float = 0.0
    error_code: str = ""
    error_context: dict[str, object] = field(default_factory=dict)


current_record: ContextVar[RequestRecord | None] = ContextVar("current_record", default=None)


def accept_or_generate(inbound: str | None) -> str:
    """Keep a well-formed inbound id (8-128 safe characters); otherwise make a new one."""
    if inbound is not None and _WELL_FORMED.fullmatch(inbound):
        return inbound
    return uuid.uuid4().hex


def route_path(scope: Mapping[str, object]) -> str | None:
    """The path template of the route the router matched (it leaves it in the ASGI scope)."""
    path: str | None = getattr(scope.get("route"), "path", None)
    return path
