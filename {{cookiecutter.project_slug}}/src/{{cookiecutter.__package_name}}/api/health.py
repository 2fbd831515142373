"""Health endpoints, open without credentials.

/healthz says the process is alive. /readyz says it can take traffic; it deliberately does
not call the vendor, because a vendor outage would otherwise pull every replica out of the
load balancer at once.
"""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel

from .deps import VendorPipeline
from .openapi import problem_responses

router = APIRouter(tags=["health"])


class Health(BaseModel):
    status: str


@router.get(
    "/healthz",
    response_model=Health,
    summary="Liveness",
    operation_id="health-live",
    responses=problem_responses(500),
)
async def healthz() -> Health:
    return Health(status="ok")


@router.get(
    "/readyz",
    response_model=Health,
    summary="Readiness (never calls the vendor)",
    operation_id="health-ready",
    responses=problem_responses(500),
)
async def readyz() -> Health:
    return Health(status="ready")


@router.get(
    "/healthz/vendor",
    summary="The vendor's health as this replica sees it (not part of readiness)",
    operation_id="health-vendor",
    responses=problem_responses(500),
)
async def vendor_health(pipeline: VendorPipeline) -> dict[str, object]:
    return pipeline.health()
