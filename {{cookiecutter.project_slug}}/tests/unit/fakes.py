"""In-memory stand-ins for the service layer's ports: no sockets, no vendor, no Redis."""

from __future__ import annotations

from {{ cookiecutter.__package_name }}.errors import (
    ServiceError,
)
from {{ cookiecutter.__package_name }}.idempotency import (
    CreateOutcome,
)
from {{ cookiecutter.__package_name }}.models import (
    Resource,
    ResourceCreate,
)
from {{ cookiecutter.__package_name }}.ports import (
    ListedPage,
    QueryParams,
)

from tests.support.records import FIRST_RECORD, NEW_RECORD


class InMemoryVendor:
    """A vendor holding its records in a list; pages by position (`?after=&limit=`).

    `creates` counts the records it really created; `keys_seen` the idempotency keys it was
    sent; `failure`, when set, is raised by every call (an adapter error, passed through).
    """

    def __init__(self, count: int = 0) -> None:
        self.records: list[Resource] = []
        self.creates = 0
        self.keys_seen: list[str | None] = []
        self.pages_asked: list[QueryParams | None] = []
        self.failure: ServiceError | None = None
        self._replays: dict[str, Resource] = {}
        for _ in range(count):
            self._store(ResourceCreate.model_validate(NEW_RECORD))

    async def get(self, resource_id: str) -> Resource:
        self._fail_if_asked()
        for record in self.records:
            if record.id == resource_id:
                return record
        raise ServiceError("NOT_FOUND", "The record does not exist at the vendor.")

    async def list(self, limit: int, page: QueryParams | None) -> ListedPage:
        self._fail_if_asked()
        self.pages_asked.append(page)
        params = page if page is not None else {"after": "0", "limit": str(limit)}
        start, size = int(params["after"]), int(params["limit"])
        end = start + size
        more = end < len(self.records)
        return ListedPage(
            self.records[start:end], {"after": str(end), "limit": str(size)} if more else None
        )

    async def create(self, new: ResourceCreate, idempotency_key: str | None) -> CreateOutcome:
        self._fail_if_asked()
        self.keys_seen.append(idempotency_key)
        if idempotency_key is not None and idempotency_key in self._replays:
            return CreateOutcome(self._replays[idempotency_key], replayed=True)
        record = self._store(new)
        self.creates += 1
        if idempotency_key is not None:
            self._replays[idempotency_key] = record
        return CreateOutcome(record, replayed=False)

    def _store(self, new: ResourceCreate) -> Resource:
        # The sandbox's first record, with the caller's fields and an id of its own.
        record = Resource.model_validate(
            {
                **FIRST_RECORD,
                **new.model_dump(exclude_none=True),
                "id": f"rec_{len(self.records) + 1:04d}",
            }
        )
        self.records.append(record)
        return record

    def _fail_if_asked(self) -> None:
        if self.failure is not None:
            raise self.failure


class DictStore:
    """A StateStore in a dict; time to live is not modelled (no test here waits that long)."""

    def __init__(self) -> None:
        self.values: dict[str, bytes] = {}

    async def get(self, key: str) -> bytes | None:
        return self.values.get(key)

    async def put_if_absent(self, key: str, value: bytes, ttl_seconds: float) -> bool:
        if key in self.values:
            return False
        self.values[key] = value
        return True

    async def put(self, key: str, value: bytes, ttl_seconds: float) -> None:
        self.values[key] = value

    async def delete(self, key: str) -> None:
        self.values.pop(key, None)

    async def ping(self) -> bool:
        return True

    async def close(self) -> None:
        return None
