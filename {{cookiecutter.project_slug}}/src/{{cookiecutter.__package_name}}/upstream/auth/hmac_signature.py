"""HMAC-SHA256 request signing with a shared secret.

The vendor recomputes the signature over the canonical request (see
``canonical_request``), so any change here must be mirrored on the vendor side.
"""

import hashlib
import hmac
import time
from collections.abc import Callable, Generator

import httpx
from pydantic import SecretStr
from pydantic_settings import SettingsConfigDict

from ...service_settings import ServiceSettings

KEY_ID_HEADER = "X-Acme-Key-Id"
TIMESTAMP_HEADER = "X-Acme-Timestamp"
CONTENT_SHA256_HEADER = "X-Acme-Content-SHA256"
SIGNATURE_HEADER = "X-Acme-Signature"


class VendorAuthSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="VENDOR_")

    hmac_key_id: str
    hmac_secret: SecretStr

    def secret_values(self) -> list[str]:
        return [self.hmac_secret.get_secret_value()]


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


class HmacSignatureAuth(httpx.Auth):
    requires_request_body = True

    def __init__(self, key_id: str, secret: SecretStr, clock: Callable[[], float]) -> None:
        self._key_id = key_id
        self._secret = secret
        self._clock = clock

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        timestamp = str(int(self._clock()))
        content_sha256 = body_sha256(request.content)
        # httpx's raw_path is the percent-encoded path plus "?query"; sign the path part.
        raw_path = request.url.raw_path.split(b"?", 1)[0].decode("ascii")
        canonical = canonical_request(
            request.method, raw_path, request.url.query.decode("ascii"), timestamp, content_sha256
        )
        request.headers[KEY_ID_HEADER] = self._key_id
        request.headers[TIMESTAMP_HEADER] = timestamp
        request.headers[CONTENT_SHA256_HEADER] = content_sha256
        request.headers[SIGNATURE_HEADER] = sign(self._secret.get_secret_value(), canonical)
        yield request


def build_vendor_auth(
    settings: VendorAuthSettings, clock: Callable[[], float] = time.time
) -> httpx.Auth:
    return HmacSignatureAuth(settings.hmac_key_id, settings.hmac_secret, clock)
