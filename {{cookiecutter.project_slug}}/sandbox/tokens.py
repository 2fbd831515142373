"""OAuth2 access tokens issued by POST /oauth/token."""

import secrets
from collections.abc import Callable


class TokenStore:
    def __init__(self, clock: Callable[[], float]) -> None:
        self._clock = clock
        self._expiry_by_token: dict[str, float] = {}

    def issue(self, ttl_seconds: int) -> str:
        token = secrets.token_urlsafe(32)
        self._expiry_by_token[token] = self._clock() + ttl_seconds
        return token

    def is_valid(self, token: str) -> bool:
        expires_at = self._expiry_by_token.get(token)
        return expires_at is not None and self._clock() < expires_at

    def revoke_all(self) -> int:
        revoked = len(self._expiry_by_token)
        self._expiry_by_token.clear()
        return revoked
