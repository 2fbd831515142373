"""The resource's routes: /v1/<resources>. Each declares the scope it needs."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Header, Path, Query, Request, Response

from ..constants import READ_SCOPE, RESOURCE_PLURAL, WRITE_SCOPE
from ..idempotency import IDEMPOTENCY_KEY_PATTERN
from ..models import Resource, ResourceCreate, ResourcePage
from ..service import ResourceService
from .auth import Principal, require_scope
from .openapi import problem_responses, requires_scope

RESOURCE_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$"
VENDOR_FAILURES = (429, 500, 502, 503, 504)

router = APIRouter(prefix=f"/v1/{RESOURCE_PLURAL}", tags=[RESOURCE_PLURAL])

ResourceId = Annotated[
    str, Path(pattern=RESOURCE_ID_PATTERN, description="The vendor's id of the record.")
]
Reader = Annotated[Principal, Depends(require_scope(READ_SCOPE))]
Writer = Annotated[Principal, Depends(require_scope(WRITE_SCOPE))]


async def resource_service(request: Request) -> ResourceService:
    service: ResourceService = request.app.state.resource_service
    return service


Service = Annotated[ResourceService, Depends(resource_service)]


@router.get(
    "/{resource_id}",
    response_model=Resource,
    summary="Get one record by id",
    openapi_extra=requires_scope(READ_SCOPE),
    responses=problem_responses(401, 403, 404, 422, *VENDOR_FAILURES),
)
async def get_resource(resource_id: ResourceId, principal: Reader, service: Service) -> Resource:
    del principal
    return await service.get(resource_id)


@router.get(
    "",
    response_model=ResourcePage,
    summary="List records, one page at a time",
    openapi_extra=requires_scope(READ_SCOPE),
    responses=problem_responses(401, 403, 422, *VENDOR_FAILURES),
)
async def list_resources(
    principal: Reader,
    service: Service,
    limit: Annotated[int, Query(ge=1, le=100, description="Page size of the first page.")] = 20,
    cursor: Annotated[
        str | None,
        Query(min_length=1, max_length=2048, description="next_cursor from the previous page."),
    ] = None,
) -> ResourcePage:
    del principal
    return await service.list(limit, cursor)


@router.post(
    "",
    response_model=Resource,
    status_code=201,
    summary="Create a record (idempotent with an Idempotency-Key)",
    openapi_extra=requires_scope(WRITE_SCOPE),
    responses=problem_responses(401, 403, 409, 413, 415, 422, *VENDOR_FAILURES),
)
async def create_resource(
    body: ResourceCreate,
    principal: Writer,
    service: Service,
    response: Response,
    idempotency_key: Annotated[
        str | None,
        Header(
            alias="Idempotency-Key",
            pattern=IDEMPOTENCY_KEY_PATTERN,
            description="Retries with the same key and body create the record only once.",
        ),
    ] = None,
) -> Resource:
    outcome = await service.create(body, principal.name, idempotency_key)
    response.headers["Location"] = f"{router.prefix}/{outcome.resource.id}"
    if outcome.replayed:
        response.headers["Idempotent-Replayed"] = "true"
    return outcome.resource
