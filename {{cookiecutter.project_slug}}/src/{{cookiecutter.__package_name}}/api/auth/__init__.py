"""Inbound authentication: one module per scheme, chosen in choices.py (scope checks: api/deps.py)."""

from __future__ import annotations

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
