"""Opaque list cursors: the vendor's next-page parameters, signed so callers cannot edit them.

A cursor is base64url(JSON of the vendor query parameters) + "." + an HMAC-SHA256 tag. A
cursor that was edited, truncated or signed with another secret is rejected as invalid
input; the caller can never inject vendor parameters or URLs.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json

from .errors import FieldError, ServiceError
from .ports import QueryParams

TAG_BYTES = 16
MAX_CURSOR_LENGTH = 2048


class CursorCodec:
    def __init__(self, secret: bytes) -> None:
        self._secret = secret

    def encode(self, params: QueryParams) -> str:
        body = json.dumps(params, sort_keys=True, separators=(",", ":")).encode()
        return f"{_b64(body)}.{_b64(self._tag(body))}"

    def decode(self, cursor: str) -> QueryParams:
        if len(cursor) > MAX_CURSOR_LENGTH or cursor.count(".") != 1:
            raise invalid_cursor()
        encoded_body, encoded_tag = cursor.split(".")
        try:
            body = _unb64(encoded_body)
            tag = _unb64(encoded_tag)
        except (binascii.Error, ValueError):
            raise invalid_cursor() from None
        if not hmac.compare_digest(tag, self._tag(body)):
            raise invalid_cursor()
        params = json.loads(body)
        if not isinstance(params, dict) or not all(
            isinstance(key, str) and isinstance(value, str) for key, value in params.items()
        ):
            raise invalid_cursor()
        return params

    def _tag(self, body: bytes) -> bytes:
        return hmac.new(self._secret, body, hashlib.sha256).digest()[:TAG_BYTES]


def invalid_cursor() -> ServiceError:
    return ServiceError(
        "VALIDATION_FAILED",
        "The cursor is not valid; pass back next_cursor exactly as received.",
        field_errors=[FieldError("query", "cursor", "not a cursor issued by this service")],
    )


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    if not text or not text.replace("-", "").replace("_", "").isalnum():
        raise ValueError("not base64url")
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
