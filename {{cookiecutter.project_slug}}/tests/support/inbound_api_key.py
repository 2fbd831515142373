"""Caller credentials for tests when callers authenticate with API keys."""

from __future__ import annotations

import hashlib
from pathlib import Path

from {{ cookiecutter.__package_name }}.api.auth.api_key_auth import (
    ApiKeyEntry,
)
from {{ cookiecutter.__package_name }}.choices import (
    InboundAuthSettings,
)
from {{ cookiecutter.__package_name }}.constants import (
    READ_SCOPE,
    WRITE_SCOPE,
)

SCOPE_SETS = (
    frozenset[str](),
    frozenset({READ_SCOPE}),
    frozenset({WRITE_SCOPE}),
    frozenset({READ_SCOPE, WRITE_SCOPE}),
)


def key_for(scopes: frozenset[str]) -> str:
    return "test-key-" + ("+".join(sorted(scopes)) or "no-scopes")


class CallerCredentials:
    """One configured API key per scope set; `headers(...)` presents the matching key."""

    def __init__(self, workdir: Path) -> None:
        del workdir

    def settings(self) -> InboundAuthSettings:
        entries = [
            ApiKeyEntry(
                name=key_for(scopes),
                sha256=hashlib.sha256(key_for(scopes).encode()).hexdigest(),
                scopes=scopes,
            )
            for scopes in SCOPE_SETS
        ]
        return InboundAuthSettings(_env_file=None, api_keys=entries)

    def headers(self, *scopes: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {key_for(frozenset(scopes))}"}

    def invalid_headers(self) -> dict[str, str]:
        return {"X-API-Key": "not-a-configured-key"}
