"""Opaque list cursors: the vendor's next-page parameters, signed so callers cannot edit them.

A cursor is base64url(JSON) + "." + an HMAC-SHA256 tag. The JSON binds, under the tag, the
project that issued the cursor, its pagination style and an expiry time next to the vendor
query parameters, so a cursor from another service sharing the secret, from another
pagination style, or older than the cursor TTL is refused like an edited one: 422
VALIDATION_FAILED, never passed on to the vendor. Cursors are signed with the first secret
and verified against every secret in the list, so a secret can be rotated without breaking
live cursors: put the new one first and keep the old one until its cursors have expired.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import time
from collections.abc import Callable, Sequence

from .errors import FieldError, ServiceError
from .ports import QueryParams

TAG_BYTES = 16
MAX_CURSOR_LENGTH = 2048
DEFAULT_TTL_SECONDS = 24 * 3600.0


class CursorCodec:
    def __init__(
        self,
        secrets: Sequence[bytes],
        issuer: str,
        style: str,
        ttl_seconds: float = DEFAULT_TTL_SECONDS,
        clock: Callable[[], float] = time.time,
    ) -> None:
        if not secrets:
            raise ValueError("a cursor codec needs at least one secret")
        self._secrets = list(secrets)
        self._issuer = issuer
        self._style = style
        self._ttl = ttl_seconds
        self._clock = clock

    def encode(self, params: QueryParams) -> str:
        claims = {
            "iss": self._issuer,
            "style": self._style,
            "exp": int(self._clock() + self._ttl),
            "params": params,
        }
        body = json.dumps(claims, sort_keys=True, separators=(",", ":")).encode()
        cursor = f"{_b64(body)}.{_b64(_tag(self._secrets[0], body))}"
        if len(cursor) > MAX_CURSOR_LENGTH:
            # decode() and the list route refuse a longer one: the caller could not use it.
            raise ServiceError(
                "UPSTREAM_CONTRACT_VIOLATION",
                "The vendor's next-page position is too long to hand out as a cursor.",
                log_context={"cursor_length": len(cursor), "max_cursor_length": MAX_CURSOR_LENGTH},
            )
        return cursor

    def decode(self, cursor: str) -> QueryParams:
        if len(cursor) > MAX_CURSOR_LENGTH or cursor.count(".") != 1:
            raise invalid_cursor()
        encoded_body, encoded_tag = cursor.split(".")
        try:
            body = _unb64(encoded_body)
            tag = _unb64(encoded_tag)
        except (binascii.Error, ValueError):
            raise invalid_cursor() from None
        # Every secret is compared, so timing does not tell which one matched.
        authentic = [hmac.compare_digest(tag, _tag(secret, body)) for secret in self._secrets]
        if not any(authentic):
            raise invalid_cursor()
        try:
            claims = json.loads(body)
        except ValueError:
            raise invalid_cursor() from None
        return self._params_of(claims)

    def _params_of(self, claims: object) -> QueryParams:
        if not isinstance(claims, dict):
            raise invalid_cursor()
        if claims.get("iss") != self._issuer or claims.get("style") != self._style:
            raise invalid_cursor("a cursor issued by another service or pagination style")
        expires = claims.get("exp")
        if not isinstance(expires, int) or isinstance(expires, bool) or expires < self._clock():
            raise invalid_cursor("an expired cursor; list again from the first page")
        params = claims.get("params")
        if not isinstance(params, dict) or not all(
            isinstance(key, str) and isinstance(value, str) for key, value in params.items()
        ):
            raise invalid_cursor()
        return params


def invalid_cursor(reason: str = "not a cursor issued by this service") -> ServiceError:
    return ServiceError(
        "VALIDATION_FAILED",
        "The cursor is not valid; pass back next_cursor exactly as received.",
        field_errors=[FieldError("query", "cursor", reason)],
    )


def _tag(secret: bytes, body: bytes) -> bytes:
    return hmac.new(secret, body, hashlib.sha256).digest()[:TAG_BYTES]


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    if not text or not text.replace("-", "").replace("_", "").isalnum():
        raise ValueError("not base64url")
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
