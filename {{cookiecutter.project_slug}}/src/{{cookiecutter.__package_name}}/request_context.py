"""The id of the request being served, readable anywhere in its task (logs, vendor calls)."""

from __future__ import annotations

import re
import uuid
from contextvars import ContextVar

REQUEST_ID_HEADER = "X-Request-ID"
_WELL_FORMED = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:-]{7,127}$")

current_request_id: ContextVar[str] = ContextVar("current_request_id", default="")


def accept_or_generate(inbound: str | None) -> str:
    """Keep a well-formed inbound id (8-128 safe characters); otherwise make a new one."""
    if inbound is not None and _WELL_FORMED.match(inbound):
        return inbound
    return uuid.uuid4().hex
