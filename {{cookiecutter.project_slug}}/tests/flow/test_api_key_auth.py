"""API keys: both header forms, hashed configuration, production refuses the dev key."""

from __future__ import annotations

import hashlib

import httpx
import pytest
from pydantic import ValidationError

from {{ cookiecutter.__package_name }}.api.auth.api_key_auth import (
    DEVELOPMENT_KEY_SHA256,
    ApiKeyEntry,
    InboundAuthSettings,
)
from {{ cookiecutter.__package_name }}.constants import (
    READ_SCOPE,
    RESOURCE_PLURAL,
)

from tests.support.inbound_{{ cookiecutter.inbound_auth }} import (
    CallerCredentials,
    key_for,
)
from tests.support.records import FIRST_ID

PATH = f"/v1/{RESOURCE_PLURAL}/{FIRST_ID}"


def test_key_works_as_bearer_and_as_x_api_key(client: httpx.Client) -> None:
    key = key_for(frozenset({READ_SCOPE}))

    assert client.get(PATH, headers={"Authorization": f"Bearer {key}"}).status_code == 200
    assert client.get(PATH, headers={"X-API-Key": key}).status_code == 200


def test_the_hash_is_not_a_key(client: httpx.Client, credentials: CallerCredentials) -> None:
    del credentials
    digest = hashlib.sha256(key_for(frozenset({READ_SCOPE})).encode()).hexdigest()

    response = client.get(PATH, headers={"X-API-Key": digest})

    assert response.status_code == 401


@pytest.mark.parametrize("sha256", ["plaintext-key", "ABC", "0" * 63])
def test_configured_keys_must_be_sha256_hashes(sha256: str) -> None:
    with pytest.raises(ValidationError):
        ApiKeyEntry(name="k", sha256=sha256)


def test_production_marks_the_development_key() -> None:
    settings = InboundAuthSettings(
        _env_file=None, api_keys=[ApiKeyEntry(name="dev", sha256=DEVELOPMENT_KEY_SHA256)]
    )

    assert settings.development_values() == ["API_KEYS: holds the development API key"]
