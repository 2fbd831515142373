"""An httpx transport on aiohttp: httpx's API above, aiohttp's faster HTTP/1.1 client below.

httpx's own transport (httpcore) costs about four times what aiohttp does per call on the
same event loop (docs/performance.md), so the shared `httpx.AsyncClient` sends through this
transport instead; everything above it (auth flows, `build_request`, response decoding and
the capped reads in client.py) stays httpx.

The transport keeps what client.py relies on:
- nothing is followed: aiohttp's redirects are off, httpx sees the 3xx and client.py
  refuses it;
- no cookie jar (`DummyCookieJar`), no environment (`trust_env=False`: no proxy variables,
  no netrc); a proxy or CA bundle comes only from the arguments;
- bodies arrive undecoded (`auto_decompress=False`), so httpx decodes them and the caller's
  size cap applies as with httpx's own transport;
- httpx's connect / read / pool timeouts apply per request; the per-attempt timer above
  cancels the call as it would cancel httpcore;
- every aiohttp failure becomes the httpx exception httpcore would have raised, so
  upstream/errors.py maps them to the same catalog codes.
"""

from __future__ import annotations

import ssl
from collections.abc import AsyncIterator, Iterator, Mapping
from types import TracebackType

import aiohttp
import httpx
from aiohttp.http_exceptions import BadHttpMessage, LineTooLong
from multidict import CIMultiDict
from yarl import URL

from .contract import OversizedResponseHead

# Headers httpx already sets (or deliberately leaves out) that aiohttp would otherwise add.
SKIP_AUTO_HEADERS = ("Accept", "Accept-Encoding", "User-Agent", "Content-Type")
# The same bound as httpx's default transport (h11): a larger head breaks the contract.
MAX_RESPONSE_HEAD_BYTES = 16 * 1024
READ_CHUNK_BYTES = 64 * 1024


class AiohttpTransport(httpx.AsyncBaseTransport):
    """One aiohttp session (a pool of at most `max_connections` keep-alive connections)."""

    def __init__(
        self,
        max_connections: int,
        *,
        verify: ssl.SSLContext | bool = True,
        proxy: str | None = None,
    ) -> None:
        self._max_connections = max_connections
        self._ssl: ssl.SSLContext | bool = verify
        self._proxy = proxy
        self._session: aiohttp.ClientSession | None = None

    def _open_session(self) -> aiohttp.ClientSession:
        # Created on first use, inside the running event loop (aiohttp binds to it).
        if self._session is None or self._session.closed:
            connector = aiohttp.TCPConnector(
                limit=self._max_connections, limit_per_host=0, ssl=self._ssl
            )
            self._session = aiohttp.ClientSession(
                connector=connector,
                cookie_jar=aiohttp.DummyCookieJar(),
                trust_env=False,
                auto_decompress=False,
                skip_auto_headers=SKIP_AUTO_HEADERS,
                timeout=aiohttp.ClientTimeout(total=None),
            )
        return self._session

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        session = self._open_session()
        body = await request.aread()
        try:
            response = await session.request(
                request.method,
                URL(str(request.url), encoded=True),
                headers=CIMultiDict(request.headers.multi_items()),
                data=body or None,
                allow_redirects=False,
                compress=None,
                proxy=self._proxy,
                timeout=client_timeout(request.extensions.get("timeout", {})),
            )
        except aiohttp.ClientError as error:
            raise as_httpx_error(error, request, reading=False) from error
        # aiohttp limits each header line, not the whole head: the total is counted here.
        if head_bytes(response) > MAX_RESPONSE_HEAD_BYTES:
            response.close()
            raise OversizedResponseHead(
                f"response head over {MAX_RESPONSE_HEAD_BYTES} bytes", request=request
            )
        return httpx.Response(
            status_code=response.status,
            headers=list(response.raw_headers),
            stream=AiohttpResponseStream(response, request),
            request=request,
            extensions={
                "http_version": b"HTTP/1.1",
                "reason_phrase": (response.reason or "").encode("ascii", "replace"),
            },
        )

    async def aclose(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None = None,
        exc_value: BaseException | None = None,
        traceback: TracebackType | None = None,
    ) -> None:
        await self.aclose()


def head_bytes(response: aiohttp.ClientResponse) -> int:
    return sum(len(name) + len(value) + 4 for name, value in response.raw_headers)


class AiohttpResponseStream(httpx.AsyncByteStream):
    """The raw (still encoded) body; closing it early drops the connection, not the pool."""

    def __init__(self, response: aiohttp.ClientResponse, request: httpx.Request) -> None:
        self._response = response
        self._request = request

    async def __aiter__(self) -> AsyncIterator[bytes]:
        try:
            async for chunk in self._response.content.iter_chunked(READ_CHUNK_BYTES):
                yield chunk
        except aiohttp.ClientError as error:
            raise as_httpx_error(error, self._request, reading=True) from error

    async def aclose(self) -> None:
        if self._response.content.at_eof():
            self._response.release()
        else:
            # A body left unread (over the cap, or an attempt cut short) must not be
            # handed to the next call on the same connection.
            self._response.close()


def client_timeout(timeouts: Mapping[str, float | None]) -> aiohttp.ClientTimeout:
    """httpx's per-phase timeouts in aiohttp's terms (aiohttp's `connect` includes the wait
    for a pooled connection, `sock_connect` only the connection itself)."""
    connect = timeouts.get("connect")
    pool = timeouts.get("pool")
    waiting = None if connect is None or pool is None else connect + pool
    return aiohttp.ClientTimeout(
        total=None, connect=waiting, sock_connect=connect, sock_read=timeouts.get("read")
    )


def causes(error: BaseException) -> Iterator[BaseException]:
    """The error and everything in its cause chain."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


def aiohttp_refused_head(error: BaseException) -> bool:
    """aiohttp's refusal of a head line over its size, or of more header lines than its
    parser takes (it says so only in the message)."""
    if isinstance(error, LineTooLong):
        return True
    return isinstance(error, BadHttpMessage) and "too many headers" in str(error).lower()


def as_httpx_error(
    error: aiohttp.ClientError, request: httpx.Request, *, reading: bool
) -> httpx.HTTPError:
    """The httpx exception httpcore raises for the same failure."""
    message = str(error) or type(error).__name__
    if isinstance(error, aiohttp.ConnectionTimeoutError):
        return httpx.ConnectTimeout(message, request=request)
    if isinstance(error, aiohttp.ServerTimeoutError):
        return httpx.ReadTimeout(message, request=request)
    if isinstance(error, aiohttp.ClientConnectorError):
        return httpx.ConnectError(message, request=request)
    if any(aiohttp_refused_head(cause) for cause in causes(error)):
        return OversizedResponseHead(message, request=request)
    if isinstance(error, aiohttp.ClientResponseError | aiohttp.ServerDisconnectedError):
        # An unparseable or oversized head, or the vendor hung up before answering.
        return httpx.RemoteProtocolError(message, request=request)
    if isinstance(error, aiohttp.ClientPayloadError):
        return httpx.RemoteProtocolError(message, request=request)
    if isinstance(error, aiohttp.InvalidURL):
        return httpx.UnsupportedProtocol(message, request=request)
    if reading:
        return httpx.ReadError(message, request=request)
    return httpx.ConnectError(message, request=request)
