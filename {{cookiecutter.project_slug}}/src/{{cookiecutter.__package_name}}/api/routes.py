"""The resource's routes: /v1/<resources>. Each declares the scope it needs."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request

from ..constants import READ_SCOPE, RESOURCE_PLURAL
from ..models import Resource, ResourcePage
from ..service import ResourceService
from .auth import Principal, require_scope

RESOURCE_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$"

router = APIRouter(prefix=f"/v1/{RESOURCE_PLURAL}", tags=[RESOURCE_PLURAL])

ResourceId = Annotated[
    str, Path(pattern=RESOURCE_ID_PATTERN, description="The vendor's id of the record.")
]
Reader = Annotated[Principal, Depends(require_scope(READ_SCOPE))]


def resource_service(request: Request) -> ResourceService:
    service: ResourceService = request.app.state.resource_service
    return service


Service = Annotated[ResourceService, Depends(resource_service)]


@router.get("/{resource_id}", response_model=Resource, summary="Get one record by id")
async def get_resource(resource_id: ResourceId, principal: Reader, service: Service) -> Resource:
    del principal
    return await service.get(resource_id)


@router.get("", response_model=ResourcePage, summary="List records, one page at a time")
async def list_resources(
    principal: Reader,
    service: Service,
    limit: Annotated[int, Query(ge=1, le=100, description="Page size of the first page.")] = 20,
    cursor: Annotated[
        str | None,
        Query(max_length=2048, description="next_cursor from the previous page."),
    ] = None,
) -> ResourcePage:
    del principal
    return await service.list(limit, cursor)
