"""The resource's routes: /v1/<resources>. Each names the scope it needs once (api/deps.py)."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Header, Path, Query, Response

from ..constants import OPERATION_ID_PREFIX, READ_SCOPE, RESOURCE_PLURAL, WRITE_SCOPE
from ..cursors import MAX_CURSOR_LENGTH
from ..idempotency import IDEMPOTENCY_KEY_PATTERN
from ..models import Resource, ResourceCreate, ResourcePage
from .deps import Caller, Service, requires
from .openapi import problem_responses

RESOURCE_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$"
VENDOR_FAILURES = (429, 500, 502, 503, 504)

router = APIRouter(prefix=f"/v1/{RESOURCE_PLURAL}", tags=[RESOURCE_PLURAL])

ResourceId = Annotated[
    str, Path(pattern=RESOURCE_ID_PATTERN, description="The vendor's id of the record.")
]


@router.get(
    "/{resource_id}",
    response_model=Resource,
    summary="Get one record by id",
    operation_id=f"{OPERATION_ID_PREFIX}-get",
    **requires(READ_SCOPE),
    responses=problem_responses(401, 403, 404, 422, *VENDOR_FAILURES),
)
async def get_resource(resource_id: ResourceId, service: Service) -> Resource:
    return await service.get(resource_id)


@router.get(
    "",
    response_model=ResourcePage,
    summary="List records, one page at a time",
    operation_id=f"{OPERATION_ID_PREFIX}-list",
    **requires(READ_SCOPE),
    responses=problem_responses(401, 403, 422, *VENDOR_FAILURES),
)
async def list_resources(
    service: Service,
    limit: Annotated[int, Query(ge=1, le=100, description="Page size of the first page.")] = 20,
    cursor: Annotated[
        str | None,
        Query(
            min_length=1,
            max_length=MAX_CURSOR_LENGTH,
            description="next_cursor from the previous page.",
        ),
    ] = None,
) -> ResourcePage:
    return await service.list(limit, cursor)


@router.post(
    "",
    response_model=Resource,
    status_code=201,
    summary="Create a record (idempotent with an Idempotency-Key)",
    operation_id=f"{OPERATION_ID_PREFIX}-create",
    **requires(WRITE_SCOPE),
    responses=problem_responses(401, 403, 409, 413, 415, 422, *VENDOR_FAILURES),
)
async def create_resource(
    body: ResourceCreate,
    caller: Caller,
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
    outcome = await service.create(body, caller.name, idempotency_key)
    # The id is the vendor's: quoted, so no byte of it can break or add a header.
    response.headers["Location"] = f"{router.prefix}/{quote(outcome.resource.id, safe='')}"
    if outcome.replayed:
        response.headers["Idempotent-Replayed"] = "true"
    return outcome.resource
