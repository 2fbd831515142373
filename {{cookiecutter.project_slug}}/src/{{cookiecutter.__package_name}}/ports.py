"""The ports of the service layer: what `ResourceService` needs from the outside world.

The service is typed against these Protocols only, so it never sees httpx, vendor models or
a pagination style; the outbound adapter (upstream/adapter.py) implements `VendorPort` over
HTTP, and the service's unit tests implement it in memory (tests/unit/fakes.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from .idempotency import CreateOutcome
from .models import Resource, ResourceCreate

# The vendor's query parameters for one page of a list; the service wraps them in a signed
# cursor (cursors.py) and never reads them.
QueryParams = dict[str, str]


@dataclass(frozen=True)
class ListedPage:
    """One page of the vendor's list, already normalized, and how to ask for the next."""

    items: list[Resource]
    next_params: QueryParams | None


class VendorPort(Protocol):
    """The vendor's operations on the resource, in canonical models."""

    async def get(self, resource_id: str) -> Resource:
        """The record, or NOT_FOUND."""
        ...

    async def list(self, limit: int, page: QueryParams | None) -> ListedPage:
        """The first page (`page` None, `limit` records at most) or the page `page` names."""
        ...

    async def create(self, new: ResourceCreate, idempotency_key: str | None) -> CreateOutcome:
        """Create the record; with a key, the vendor replays a create it has seen."""
        ...
