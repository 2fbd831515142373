"""Builds the sandbox ASGI application."""

import asyncio
import time
from collections.abc import Awaitable, Callable

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from sandbox.admin import admin_routes
from sandbox.config import SandboxConfig
from sandbox.errors import vendor_error
from sandbox.identity import identity_routes
from sandbox.state import SandboxState
from sandbox.vendor_api import vendor_routes

_ROUTING_ERROR_TYPES = {404: "not_found", 405: "method_not_allowed"}


def create_app(
    config: SandboxConfig,
    clock: Callable[[], float] = time.time,
    *,
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
) -> Starlette:
    """Build a fresh sandbox with its own in-memory state.

    ``clock`` drives token expiry, HMAC skew and created_ts; ``sleep`` drives the
    latency and trickle faults. Tests inject both instead of waiting.
    """
    state = SandboxState(config, clock, sleep)
    # Admin and identity routes come first: /_sandbox/calls would otherwise match
    # /{collection}/{uid}.
    app = Starlette(
        routes=[*admin_routes(state), *identity_routes(clock), *vendor_routes(state)],
        exception_handlers={HTTPException: _routing_error},
    )
    app.state.sandbox = state
    return app


async def _routing_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    error_type = _ROUTING_ERROR_TYPES.get(exc.status_code, "invalid_request")
    return vendor_error(exc.status_code, error_type, str(exc.detail), headers=exc.headers)
