"""The outbound edge: one shared httpx client and the vendor's operations on the resource.

Every call has explicit timeouts (httpx's per-phase ones plus an overall per-attempt timer,
since httpx's read timeout only measures inactivity), forwards the request id, never follows
redirects, and reads at most `max_response_bytes` of the answer. Failures become catalog
errors (upstream/errors.py); payloads are validated against upstream/models.py.
"""

from __future__ import annotations

import asyncio
import json
import ssl
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar
from urllib.parse import quote

import httpx
from pydantic import BaseModel, ValidationError

from ..about import USER_AGENT
from ..errors import ServiceError
from ..media_types import is_json, media_type
from ..ports import QueryParams
from ..request_context import REQUEST_ID_HEADER, current_request_id
from ..resilience import ResiliencePipeline
from .auth import VendorAuthError
from .contract import (
    ACCEPT_ENCODING,
    UNREADABLE_JSON,
    is_oversized_head,
    oversized_head,
    refuse_encoded,
)
from .cookieless import CookielessClient
from .errors import error_for_status, error_for_transport
from .forms import FORM_MEDIA_TYPE, form_encoded
from .models import (
    CREATE_MEDIA_TYPE,
    CREATED_ENVELOPE,
    ITEM_ENVELOPE,
    VendorCreateRequest,
    VendorRecord,
)
from .transport import AiohttpTransport


@dataclass(frozen=True)
class VendorTimeouts:
    """httpx's per-phase timeouts; the per-attempt and total timers live in resilience/."""

    connect: float
    read: float
    write: float
    pool: float

    def for_httpx(self) -> httpx.Timeout:
        return httpx.Timeout(connect=self.connect, read=self.read, write=self.write, pool=self.pool)


@dataclass(frozen=True)
class VendorAnswer:
    response: httpx.Response
    payload: object


def build_http_client(
    base_url: str,
    auth: httpx.Auth,
    timeouts: VendorTimeouts,
    max_connections: int,
    transport: httpx.AsyncBaseTransport | None = None,
    proxy: str | None = None,
    ca_bundle: Path | None = None,
) -> httpx.AsyncClient:
    """The one client shared by every request (built once, in the app's lifespan); it sends
    through aiohttp (upstream/transport.py) unless a test passes its own transport.

    The proxy and the CA bundle are the explicit settings only: trust_env is off and the
    transport reads no environment, so HTTP(S)_PROXY, ALL_PROXY, SSL_CERT_FILE and .netrc
    change nothing.
    """
    if transport is None:
        verify = ssl.create_default_context(cafile=ca_bundle) if ca_bundle else True
        transport = AiohttpTransport(max_connections, verify=verify, proxy=proxy)
    # One client serves every caller: it keeps no cookie (upstream/cookieless.py).
    return CookielessClient(
        base_url=base_url,
        auth=auth,
        timeout=timeouts.for_httpx(),
        follow_redirects=False,
        limits=httpx.Limits(max_connections=max_connections),
        headers={
            "User-Agent": USER_AGENT,
            "Accept": "application/json",
            # No compressed answers: upstream/contract.py says why.
            "Accept-Encoding": ACCEPT_ENCODING,
        },
        transport=transport,
        trust_env=False,
    )


class VendorClient:
    def __init__(
        self,
        http: httpx.AsyncClient,
        collection_path: str,
        pipeline: ResiliencePipeline,
        max_response_bytes: int,
    ) -> None:
        self._http = http
        # Each attempt's URL is built whole and parsed once: a path relative to the client's
        # base_url would be parsed, then merged into the base URL and parsed again.
        self._base_url = str(http.base_url).rstrip("/") + "/"
        self._collection_path = collection_path
        self._pipeline = pipeline
        self._max_response_bytes = max_response_bytes

    async def get_record(self, record_id: str) -> VendorRecord:
        path = f"{self._collection_path}/{quote(record_id, safe='')}"
        answer = await self.call("get", "GET", path, idempotent=True)
        return parse_model(VendorRecord, record_in(answer.payload, ITEM_ENVELOPE))

    async def list_page(self, params: QueryParams) -> VendorAnswer:
        return await self.call("list", "GET", self._collection_path, params=params, idempotent=True)

    async def create_record(
        self, body: VendorCreateRequest, idempotency_key: str | None
    ) -> tuple[VendorRecord, bool]:
        """The created record, and whether the vendor replayed an earlier create."""
        headers = {"Idempotency-Key": idempotency_key} if idempotency_key else {}
        # The body in the media type the vendor takes (upstream/models.py): JSON, a form.
        form = CREATE_MEDIA_TYPE == FORM_MEDIA_TYPE
        if CREATE_MEDIA_TYPE != "application/json":
            headers["Content-Type"] = CREATE_MEDIA_TYPE
        answer = await self.call(
            "create",
            "POST",
            self._collection_path,
            json_body=None if form else body.wire_body(),
            content=form_encoded(body.wire_body()) if form else None,
            headers=headers,
            # Only a key the vendor honours makes a repeated create safe.
            idempotent=idempotency_key is not None,
        )
        replayed = answer.response.headers.get("Idempotent-Replayed", "").lower() == "true"
        return parse_model(VendorRecord, record_in(answer.payload, CREATED_ENVELOPE)), replayed

    async def call(
        self,
        operation: str,
        method: str,
        path: str,
        *,
        idempotent: bool,
        params: Mapping[str, str] | None = None,
        json_body: object = None,
        content: bytes | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> VendorAnswer:
        """Call the vendor through the resilience pipeline (rate limit, deadline, retries,
        breaker, attempt timeout, bulkhead); failures are catalog errors."""

        async def attempt(timeout: float) -> VendorAnswer:
            request = self._http.build_request(
                method,
                httpx.URL(self._base_url + path.lstrip("/")),
                params=params,
                json=json_body,
                content=content,
                headers={REQUEST_ID_HEADER: current_request_id.get(), **(headers or {})},
            )
            return await self._attempt(request, timeout)

        return await self._pipeline.run(operation, attempt, idempotent)

    async def _attempt(self, request: httpx.Request, timeout: float) -> VendorAnswer:
        """One attempt: send, read a capped body within `timeout`, map failures."""
        try:
            async with asyncio.timeout(timeout):
                response = await self._http.send(request, stream=True)
                try:
                    refuse_encoded(response)
                    body = await read_capped(response, self._max_response_bytes)
                finally:
                    await response.aclose()
        except TimeoutError:
            raise ServiceError(
                "UPSTREAM_TIMEOUT",
                "The vendor did not answer in time.",
                log_context={"timeout": "attempt", "seconds": timeout},
            ) from None
        except httpx.HTTPError as error:
            if is_oversized_head(error):
                raise oversized_head() from None
            raise error_for_transport(error) from error
        except VendorAuthError as error:
            raise ServiceError(
                error.code,
                "The service could not authenticate to the vendor.",
                log_context={"vendor_auth_error": str(error)},
            ) from None
        if not 200 <= response.status_code < 300:
            raise error_for_status(response, body)
        return VendorAnswer(response, parse_json(response, body))


async def read_capped(response: httpx.Response, limit: int) -> bytes:
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > limit:
        raise too_large(limit)
    chunks: list[bytes] = []
    size = 0
    async for chunk in response.aiter_bytes():
        size += len(chunk)
        if size > limit:
            raise too_large(limit)
        chunks.append(chunk)
    return b"".join(chunks)


def too_large(limit: int) -> ServiceError:
    return ServiceError(
        "UPSTREAM_CONTRACT_VIOLATION",
        "The vendor's answer was larger than this service accepts.",
        log_context={"vendor_max_response_bytes": limit},
    )


def parse_json(response: httpx.Response, body: bytes) -> object:
    content_type = media_type(response.headers.get("Content-Type", ""))
    if not is_json(content_type):
        raise ServiceError(
            "UPSTREAM_CONTRACT_VIOLATION",
            "The vendor answered with something other than JSON.",
            log_context={"content_type": content_type},
        )
    try:
        return json.loads(body)
    except UNREADABLE_JSON:
        raise ServiceError(
            "UPSTREAM_CONTRACT_VIOLATION",
            "The vendor answered with malformed JSON.",
            log_context={"body_bytes": len(body)},
        ) from None


def record_in(payload: object, envelope: str | None) -> object:
    """The record in a vendor's answer: the answer itself, or its `envelope` field (a vendor
    that wraps its records, as upstream/models.py says)."""
    if envelope is None:
        return payload
    if not isinstance(payload, dict) or envelope not in payload:
        raise ServiceError(
            "UPSTREAM_CONTRACT_VIOLATION",
            "The vendor sent a payload this service cannot read.",
            log_context={"vendor_fields": [envelope]},
        )
    return payload[envelope]


ModelT = TypeVar("ModelT", bound=BaseModel)


def parse_model(model: type[ModelT], payload: object) -> ModelT:
    try:
        return model.model_validate(payload)
    except ValidationError as error:
        fields = [".".join(str(part) for part in issue["loc"]) for issue in error.errors()]
        raise ServiceError(
            "UPSTREAM_CONTRACT_VIOLATION",
            "The vendor sent a payload this service cannot read.",
            log_context={"vendor_model": model.__name__, "vendor_fields": fields},
        ) from None
