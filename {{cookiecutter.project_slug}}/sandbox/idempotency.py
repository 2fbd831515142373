"""Idempotency-Key bookkeeping for creates, kept per collection."""

import json
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class StoredResponse:
    request_fingerprint: str
    status_code: int
    body: dict[str, Any]


def request_fingerprint(raw_body: bytes) -> str:
    """Canonical JSON of the body, so key order and whitespace do not matter."""
    try:
        parsed = json.loads(raw_body)
    except ValueError:
        return raw_body.decode("utf-8", errors="replace")
    return json.dumps(parsed, sort_keys=True, separators=(",", ":"))


class IdempotencyStore:
    def __init__(self) -> None:
        self._responses: dict[str, StoredResponse] = {}

    def get(self, key: str) -> StoredResponse | None:
        return self._responses.get(key)

    def remember(self, key: str, response: StoredResponse) -> None:
        self._responses[key] = response
