"""HMAC request signing, vendor side.

The service's upstream/auth/hmac_signature.py holds an independent copy of
``canonical_request``; the two must stay byte-for-byte compatible.
"""

import hashlib
import hmac

KEY_ID_HEADER = "X-Acme-Key-Id"
TIMESTAMP_HEADER = "X-Acme-Timestamp"
CONTENT_SHA256_HEADER = "X-Acme-Content-SHA256"
SIGNATURE_HEADER = "X-Acme-Signature"


def body_sha256(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


def canonical_request(
    method: str, raw_path: str, raw_query: str, timestamp: str, content_sha256: str
) -> str:
    """The signed text: method, raw path, sorted raw query parts, timestamp, body hash.

    Query parts are sorted as sent (no decoding or re-encoding) so both sides
    agree regardless of how either URL library would normalise them.
    """
    query_parts = sorted(part for part in raw_query.split("&") if part)
    return "\n".join([method.upper(), raw_path, "&".join(query_parts), timestamp, content_sha256])


def sign(secret: str, canonical: str) -> str:
    return hmac.new(secret.encode("utf-8"), canonical.encode("utf-8"), hashlib.sha256).hexdigest()
