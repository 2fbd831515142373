"""API keys: configured as SHA-256 hashes with a name and scopes, never in plaintext.

Callers send `Authorization: Bearer <key>` or `X-API-Key: <key>`. The presented key is
hashed and compared with every configured hash in constant time.

Configure with API_KEYS, a JSON list: [{"name": "crm-sync", "sha256": "<hex>", "scopes":
["contacts:read"]}]. Hash a new key with: python -c "import hashlib,sys;
print(hashlib.sha256(sys.argv[1].encode()).hexdigest())" <key>
"""

from __future__ import annotations

import hashlib
import hmac

from fastapi import Request
from pydantic import BaseModel, Field, field_validator

from ...service_settings import ServiceSettings
from . import Principal, bearer_credential, unauthenticated

API_KEY_HEADER = "X-API-Key"
OPENAPI_SECURITY_SCHEMES = {
    "bearerAuth": {
        "type": "http",
        "scheme": "bearer",
        "description": "An API key as a bearer token.",
    },
    "apiKeyHeader": {"type": "apiKey", "in": "header", "name": API_KEY_HEADER},
}
DEVELOPMENT_KEY_SHA256 = hashlib.sha256(b"sandbox-caller-key").hexdigest()


class ApiKeyEntry(BaseModel):
    name: str = Field(min_length=1, max_length=64)
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    scopes: frozenset[str] = frozenset()


class InboundAuthSettings(ServiceSettings):
    api_keys: list[ApiKeyEntry] = Field(min_length=1)

    @field_validator("api_keys")
    @classmethod
    def _one_name_and_one_entry_per_key(cls, entries: list[ApiKeyEntry]) -> list[ApiKeyEntry]:
        # The name is the caller: idempotency keys are scoped by it, so two keys sharing one
        # would replay each other's creates.
        names = [entry.name for entry in entries]
        shared = sorted({name for name in names if names.count(name) > 1})
        if shared:
            raise ValueError(f"each key needs a name of its own; shared: {', '.join(shared)}")
        hashes = [entry.sha256 for entry in entries]
        if len(set(hashes)) != len(hashes):
            raise ValueError("the same key is listed twice (two entries with one sha256)")
        return entries

    def development_values(self) -> list[str]:
        if any(entry.sha256 == DEVELOPMENT_KEY_SHA256 for entry in self.api_keys):
            return ["API_KEYS: holds the development API key"]
        return []


class ApiKeyAuthenticator:
    def __init__(self, entries: list[ApiKeyEntry]) -> None:
        self._entries = entries

    async def authenticate(self, request: Request) -> Principal:
        presented = bearer_credential(request) or request.headers.get(API_KEY_HEADER)
        if not presented:
            raise unauthenticated("Send an API key as 'Authorization: Bearer <key>' or X-API-Key.")
        digest = hashlib.sha256(presented.encode()).hexdigest()
        match = None
        for entry in self._entries:  # every entry is compared, so timing reveals nothing
            if hmac.compare_digest(digest, entry.sha256):
                match = entry
        if match is None:
            raise unauthenticated("The API key is not valid.")
        return Principal(name=match.name, scopes=match.scopes)


def build_authenticator(settings: InboundAuthSettings) -> ApiKeyAuthenticator:
    return ApiKeyAuthenticator(settings.api_keys)
