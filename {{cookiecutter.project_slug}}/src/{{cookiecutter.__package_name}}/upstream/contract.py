"""What a vendor answer must look like on the wire, checked before its body is read.

No content coding: the client asks for `Accept-Encoding: identity` and refuses any answer
with another `Content-Encoding` unread, as a contract violation. A compressed answer is a
small body that inflates without bound (a "zip bomb"): capping only the inflated bytes, after
each decoded chunk, still inflates one whole chunk first, 64 KiB of gzip can become 64 MiB.
Refusing encodings keeps the cap on the wire the cap in memory, and does not depend on how
the transport under httpx.AsyncClient decodes (see docs/design-decisions.md of the template).

A bounded head: the transport refuses a response head above its limit (h11's 16 KiB by
default); such a failure is the vendor breaking the contract (UPSTREAM_CONTRACT_VIOLATION,
not retried), not the vendor being unreachable.
"""

from __future__ import annotations

import httpx

from ..errors import ServiceError

ACCEPT_ENCODING = "identity"
# What json.loads raises for a body it cannot read: ValueError for malformed JSON (and bytes
# that are not UTF-8), RecursionError for JSON nested deeper than Python's stack.
UNREADABLE_JSON = (ValueError, RecursionError)
# h11 (httpx's default transport, used by tests) marks a response head over its limit with
# this hint somewhere in the exception's cause chain.
OVERSIZED_HEAD_STATUS_HINT = 431
MAX_LOGGED_ENCODING = 40


class OversizedResponseHead(httpx.RemoteProtocolError):
    """The vendor's response head is larger than the transport accepts (upstream/transport.py
    raises it for a long line and for a large head alike)."""


def content_codings(response: httpx.Response) -> list[str]:
    """The answer's content codings other than identity (an empty list: none)."""
    codings = response.headers.get_list("content-encoding", split_commas=True)
    return [token.strip().lower() for token in codings if token.strip().lower() != "identity"]


def refuse_encoded(response: httpx.Response) -> None:
    """Raise UPSTREAM_CONTRACT_VIOLATION if the answer carries a content coding."""
    encodings = content_codings(response)
    if encodings:
        raise ServiceError(
            "UPSTREAM_CONTRACT_VIOLATION",
            "The vendor sent a compressed answer, which this service does not accept.",
            log_context={"content_encoding": ",".join(encodings)[:MAX_LOGGED_ENCODING]},
        )


def is_oversized_head(error: BaseException) -> bool:
    """Whether a transport error is the transport refusing a too-large response head."""
    if isinstance(error, OversizedResponseHead):
        return True
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if getattr(current, "error_status_hint", None) == OVERSIZED_HEAD_STATUS_HINT:
            return True
        current = current.__cause__ or current.__context__
    return False


def oversized_head() -> ServiceError:
    return ServiceError(
        "UPSTREAM_CONTRACT_VIOLATION",
        "The vendor's answer had larger headers than this service accepts.",
        log_context={"transport_error": "oversized response head"},
    )
