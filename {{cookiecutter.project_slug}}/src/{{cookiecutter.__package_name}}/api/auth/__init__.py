"""Inbound authentication (one module per scheme, chosen in choices.py) and scope checks."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Protocol

from fastapi import Request

from ...constants import PROJECT_SLUG
from ...errors import ServiceError


@dataclass(frozen=True)
class Principal:
    """Who is calling and what they may do."""

    name: str
    scopes: frozenset[str]


class Authenticator(Protocol):
    async def authenticate(self, request: Request) -> Principal: ...


def unauthenticated(detail: str) -> ServiceError:
    return ServiceError(
        "UNAUTHENTICATED",
        detail,
        headers={"WWW-Authenticate": f'Bearer realm="{PROJECT_SLUG}"'},
    )


def bearer_credential(request: Request) -> str | None:
    """The token of an `Authorization: Bearer <token>` header, if there is one."""
    scheme, _, credential = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not credential.strip():
        return None
    return credential.strip()


def require_scope(scope: str) -> Callable[[Request], Awaitable[Principal]]:
    """A route dependency: authenticate the caller, then demand `scope`."""

    async def authorised_principal(request: Request) -> Principal:
        authenticator: Authenticator = request.app.state.authenticator
        principal = await authenticator.authenticate(request)
        if scope not in principal.scopes:
            raise ServiceError("FORBIDDEN", f"This operation needs the scope {scope}.")
        return principal

    return authorised_principal
