"""Every request dependency of the API, in one place, as typed `Annotated` aliases.

All of them are `async def` (or objects with an async `__call__`): FastAPI runs a plain
`def` dependency in its thread pool, which costs a thread hop on every request. The app's
components are read by a plain call to `components()`, not as a dependency of their own:
FastAPI resolves every dependency node on every request, so each node costs CPU time.

A route names the scope it needs once, with `**requires(scope)`: that one call adds the
check and the OpenAPI mark (api/openapi.py), so the two cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any, TypedDict

from fastapi import Depends, FastAPI, Request, params

from ..errors import ServiceError
from ..resilience import ResiliencePipeline
from ..service import ResourceService
from .auth import Authenticator, Principal
from .openapi import REQUIRED_SCOPE


@dataclass(frozen=True)
class Components:
    """What the app's lifespan builds once and every request uses."""

    resource_service: ResourceService
    authenticator: Authenticator
    vendor_pipeline: ResiliencePipeline


def install_components(app: FastAPI, components: Components) -> None:
    """Called by the lifespan; the one place app state is written."""
    app.state.components = components


async def components(request: Request) -> Components:
    """The one place app state is read, with its type checked."""
    found = getattr(request.app.state, "components", None)
    if not isinstance(found, Components):
        raise RuntimeError("the app's lifespan has not run: no components installed")
    return found


async def caller(request: Request) -> Principal:
    """The authenticated caller (FastAPI runs this once per request, however many use it)."""
    built = await components(request)
    return await built.authenticator.authenticate(request)


class ScopeCheck:
    """A route dependency: the caller must hold `scope`."""

    def __init__(self, scope: str) -> None:
        self.scope = scope

    async def __call__(self, principal: Annotated[Principal, Depends(caller)]) -> None:
        if self.scope not in principal.scopes:
            raise ServiceError("FORBIDDEN", f"This operation needs the scope {self.scope}.")


class ScopeRequirement(TypedDict):
    dependencies: list[params.Depends]
    openapi_extra: dict[str, Any]


def requires(scope: str) -> ScopeRequirement:
    """A route's scope, named once: `@router.get(..., **requires(READ_SCOPE))` checks it on
    every request and documents it in the OpenAPI document."""
    return {"dependencies": [Depends(ScopeCheck(scope))], "openapi_extra": {REQUIRED_SCOPE: scope}}


async def resource_service(request: Request) -> ResourceService:
    return (await components(request)).resource_service


async def vendor_pipeline(request: Request) -> ResiliencePipeline:
    return (await components(request)).vendor_pipeline


Caller = Annotated[Principal, Depends(caller)]
Service = Annotated[ResourceService, Depends(resource_service)]
VendorPipeline = Annotated[ResiliencePipeline, Depends(vendor_pipeline)]
