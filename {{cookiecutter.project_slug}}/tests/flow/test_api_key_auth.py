"""API keys: both header forms, hashed configuration, production refuses the dev key."""

from __future__ import annotations

import hashlib

import httpx
import pytest
from pydantic import ValidationError

from {{ cookiecutter.__package_name }}.api.auth.api_key_auth import (
    API_KEY_HEADER,
    DEVELOPMENT_KEY_SHA256,
    ApiKeyAuthenticator,
    ApiKeyEntry,
    InboundAuthSettings,
)
from {{ cookiecutter.__package_name }}.constants import (
    READ_SCOPE,
    RESOURCE_PLURAL,
)
from {{ cookiecutter.__package_name }}.errors import (
    CATALOG,
    ServiceError,
)

from tests.support.inbound_{{ cookiecutter.inbound_auth }} import (
    CallerCredentials,
    key_for,
)
from tests.support.inbound_requests import request_with
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


def test_two_keys_may_share_neither_a_name_nor_a_key() -> None:
    # Idempotency keys are scoped by the name: two keys sharing one would replay each
    # other's creates.
    first = ApiKeyEntry(name="crm", sha256=hashlib.sha256(b"key-a").hexdigest())
    same_name = ApiKeyEntry(name="crm", sha256=hashlib.sha256(b"key-b").hexdigest())
    same_key = ApiKeyEntry(name="billing", sha256=first.sha256)

    with pytest.raises(ValidationError, match="name of its own; shared: crm"):
        InboundAuthSettings(_env_file=None, api_keys=[first, same_name])
    with pytest.raises(ValidationError, match="listed twice"):
        InboundAuthSettings(_env_file=None, api_keys=[first, same_key])


ENTRY = ApiKeyEntry(
    name="crm-sync", sha256=hashlib.sha256(b"key-0001").hexdigest(), scopes=frozenset({READ_SCOPE})
)


@pytest.mark.anyio
async def test_the_principal_is_the_configured_entry_that_matched() -> None:
    principal = await ApiKeyAuthenticator([ENTRY]).authenticate(
        request_with({API_KEY_HEADER: "key-0001"}, PATH)
    )

    assert (principal.name, principal.scopes) == ("crm-sync", frozenset({READ_SCOPE}))


@pytest.mark.anyio
async def test_a_caller_without_a_key_is_told_both_ways_to_send_one() -> None:
    with pytest.raises(ServiceError) as caught:
        await ApiKeyAuthenticator([ENTRY]).authenticate(request_with({}))

    assert caught.value.code == "UNAUTHENTICATED"
    assert API_KEY_HEADER in caught.value.detail
    assert "Authorization: Bearer" in caught.value.detail


@pytest.mark.anyio
async def test_a_wrong_key_is_told_so_apart_from_a_missing_one() -> None:
    authenticator = ApiKeyAuthenticator([ENTRY])
    details = []
    for headers in ({}, {API_KEY_HEADER: "key-9999"}):
        with pytest.raises(ServiceError) as caught:
            await authenticator.authenticate(request_with(headers))
        details.append(caught.value.detail)

    missing, wrong = details
    assert wrong
    assert wrong not in {missing, CATALOG["UNAUTHENTICATED"].explanation}
