import base64

import httpx
import pytest

from sandbox.answers import record_in
from sandbox.config import AUTH_SCHEMES, AuthScheme
from sandbox.signing import body_sha256, canonical_request, sign
from tests.sandbox.harness import Sandbox, start_sandbox
from tests.support.records import FIRST_ID, VENDOR_ID_FIELD, VENDOR_NEW_RECORD, vendor_create


@pytest.mark.parametrize("scheme", [scheme for scheme in AUTH_SCHEMES if scheme != "none"])
def test_every_scheme_rejects_an_anonymous_request_with_a_challenge(scheme: AuthScheme) -> None:
    sandbox = start_sandbox(auth_scheme=scheme)

    for response in (
        sandbox.client.get("/contacts"),
        sandbox.client.get(f"/contacts/{FIRST_ID}"),
        sandbox.client.post("/contacts", **vendor_create(VENDOR_NEW_RECORD)),
    ):
        assert response.status_code == 401
        assert response.json()["error"]["type"] == "unauthorized"
        assert response.headers["WWW-Authenticate"]


def test_scheme_none_needs_no_credentials() -> None:
    sandbox = start_sandbox(auth_scheme="none")

    assert sandbox.client.get("/contacts").status_code == 200


def test_api_key_header() -> None:
    sandbox = start_sandbox(auth_scheme="api_key_header", api_key="right")

    assert sandbox.client.get("/contacts", headers={"X-Api-Key": "right"}).status_code == 200
    wrong = sandbox.client.get("/contacts", headers={"X-Api-Key": "wrong"})
    assert wrong.status_code == 401
    assert wrong.json()["error"]["message"] == "invalid API key"


def test_static_bearer_token() -> None:
    sandbox = start_sandbox(auth_scheme="bearer_token", bearer_token="right")

    ok = sandbox.client.get("/contacts", headers={"Authorization": "Bearer right"})
    wrong = sandbox.client.get("/contacts", headers={"Authorization": "Bearer wrong"})
    basic = sandbox.client.get("/contacts", headers={"Authorization": "Basic right"})

    assert ok.status_code == 200
    assert wrong.status_code == basic.status_code == 401
    assert wrong.headers["WWW-Authenticate"].startswith("Bearer")


def _token(sandbox: Sandbox, **form: str) -> str:
    fields = {"grant_type": "client_credentials", "client_id": "id", "client_secret": "secret"}
    response = sandbox.client.post("/oauth/token", data={**fields, **form})
    assert response.status_code == 200, response.text
    token: str = response.json()["access_token"]
    return token


def _oauth_sandbox() -> Sandbox:
    return start_sandbox(
        auth_scheme="oauth2_client_credentials",
        client_id="id",
        client_secret="secret",
        token_ttl_seconds=60,
    )


def test_oauth_token_endpoint_issues_bearer_tokens() -> None:
    sandbox = _oauth_sandbox()

    response = sandbox.client.post(
        "/oauth/token",
        data={"grant_type": "client_credentials", "client_id": "id", "client_secret": "secret"},
    )

    assert response.status_code == 200
    body = response.json()
    assert body["token_type"] == "Bearer"
    assert body["expires_in"] == 60
    assert body["access_token"]
    assert response.headers["Cache-Control"] == "no-store"


def test_oauth_token_endpoint_accepts_http_basic_client_credentials() -> None:
    sandbox = _oauth_sandbox()
    credentials = base64.b64encode(b"id:secret").decode()

    response = sandbox.client.post(
        "/oauth/token",
        data={"grant_type": "client_credentials"},
        headers={"Authorization": f"Basic {credentials}"},
    )

    assert response.status_code == 200


@pytest.mark.parametrize(
    "form",
    [
        {"grant_type": "client_credentials", "client_id": "id", "client_secret": "nope"},
        {"grant_type": "client_credentials", "client_id": "other", "client_secret": "secret"},
        {"grant_type": "client_credentials"},
    ],
)
def test_oauth_token_endpoint_rejects_a_bad_client(form: dict[str, str]) -> None:
    sandbox = _oauth_sandbox()

    response = sandbox.client.post("/oauth/token", data=form)

    assert response.status_code == 401
    assert response.json() == {"error": "invalid_client"}


def test_oauth_token_endpoint_rejects_other_grants() -> None:
    sandbox = _oauth_sandbox()

    response = sandbox.client.post(
        "/oauth/token",
        data={"grant_type": "password", "client_id": "id", "client_secret": "secret"},
    )

    assert response.status_code == 400
    assert response.json() == {"error": "unsupported_grant_type"}


def test_oauth_access_tokens_expire_by_the_injected_clock() -> None:
    sandbox = _oauth_sandbox()
    headers = {"Authorization": f"Bearer {_token(sandbox)}"}

    sandbox.clock.advance(59)
    assert sandbox.client.get("/contacts", headers=headers).status_code == 200
    sandbox.clock.advance(1)
    expired = sandbox.client.get("/contacts", headers=headers)

    assert expired.status_code == 401
    assert 'error="invalid_token"' in expired.headers["WWW-Authenticate"]


def test_oauth_rejects_tokens_it_never_issued() -> None:
    sandbox = _oauth_sandbox()

    response = sandbox.client.get("/contacts", headers={"Authorization": "Bearer made-up"})

    assert response.status_code == 401


def _signed_headers(
    method: str,
    path: str,
    query: str,
    body: bytes,
    timestamp: int,
    *,
    key_id: str = "key",
    secret: str = "secret",
) -> dict[str, str]:
    content_sha256 = body_sha256(body)
    canonical = canonical_request(method, path, query, str(timestamp), content_sha256)
    return {
        "X-Acme-Key-Id": key_id,
        "X-Acme-Timestamp": str(timestamp),
        "X-Acme-Content-SHA256": content_sha256,
        "X-Acme-Signature": sign(secret, canonical),
    }


def _hmac_sandbox() -> Sandbox:
    # The template's query names (`starting_after`, `limit`), as the requests below send.
    return start_sandbox(
        auth_scheme="hmac_signature",
        hmac_key_id="key",
        hmac_secret="secret",
        hmac_skew_seconds=30,
        vendor_list_names=False,
    )


def test_hmac_accepts_a_correctly_signed_request() -> None:
    sandbox = _hmac_sandbox()
    now = int(sandbox.clock())
    # A create as the vendor takes it (JSON or a form: tests/support/records.py), in bytes.
    body = httpx.Request("POST", "http://sandbox", **vendor_create(VENDOR_NEW_RECORD)).content

    listed = sandbox.client.get(
        "/contacts?starting_after=&limit=5",
        headers=_signed_headers("GET", "/contacts", "limit=5&starting_after=", b"", now),
    )
    created = sandbox.client.post(
        "/contacts",
        content=body,
        headers={
            "Content-Type": "application/json",
            **_signed_headers("POST", "/contacts", "", body, now),
        },
    )

    assert listed.status_code == 400  # authenticated; the empty cursor itself is invalid
    assert created.status_code == 201


def test_hmac_signs_the_raw_percent_encoded_path() -> None:
    sandbox = _hmac_sandbox()
    now = int(sandbox.clock())
    # The id's first character percent-encoded: the signature covers the path as sent.
    path = f"/contacts/%{ord(FIRST_ID[0]):02X}{FIRST_ID[1:]}"
    headers = _signed_headers("GET", path, "", b"", now)

    response = sandbox.client.get(path, headers=headers)

    assert response.status_code == 200
    assert str(record_in("get", response.json())[VENDOR_ID_FIELD]) == FIRST_ID


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"X-Acme-Key-Id": "other"}, "unknown key id"),
        ({"X-Acme-Signature": "0" * 64}, "signature does not match"),
        ({"X-Acme-Content-SHA256": body_sha256(b"other")}, "content hash does not match"),
        ({"X-Acme-Timestamp": "soon"}, "must be an integer"),
    ],
)
def test_hmac_rejects_tampered_headers(change: dict[str, str], message: str) -> None:
    sandbox = _hmac_sandbox()
    headers = _signed_headers("GET", "/contacts", "", b"", int(sandbox.clock())) | change

    response = sandbox.client.get("/contacts", headers=headers)

    assert response.status_code == 401
    assert message in response.json()["error"]["message"]


def test_hmac_rejects_a_tampered_body_query_or_path() -> None:
    sandbox = _hmac_sandbox()
    now = int(sandbox.clock())
    # A create as the vendor takes it (JSON or a form: tests/support/records.py), in bytes.
    body = httpx.Request("POST", "http://sandbox", **vendor_create(VENDOR_NEW_RECORD)).content
    post_headers = _signed_headers("POST", "/contacts", "", body, now)
    get_headers = _signed_headers("GET", "/contacts", "limit=5", b"", now)

    assert (
        sandbox.client.post("/contacts", content=body + b" ", headers=post_headers).status_code
        == 401
    )
    assert sandbox.client.get("/contacts?limit=6", headers=get_headers).status_code == 401
    assert sandbox.client.get("/deals?limit=5", headers=get_headers).status_code == 401
    assert sandbox.client.post("/contacts", content=body, headers=post_headers).status_code == 201


def test_hmac_allows_clock_skew_up_to_the_configured_limit() -> None:
    sandbox = _hmac_sandbox()
    now = int(sandbox.clock())

    for offset, expected in ((-30, 200), (30, 200), (-31, 401), (31, 401)):
        headers = _signed_headers("GET", "/contacts", "", b"", now + offset)
        response = sandbox.client.get("/contacts", headers=headers)
        assert response.status_code == expected, offset
    too_old = sandbox.client.get(
        "/contacts", headers=_signed_headers("GET", "/contacts", "", b"", now - 31)
    )
    assert "skew" in too_old.json()["error"]["message"]


def test_hmac_reports_each_missing_header() -> None:
    sandbox = _hmac_sandbox()
    complete = _signed_headers("GET", "/contacts", "", b"", int(sandbox.clock()))

    for name in complete:
        headers = {key: value for key, value in complete.items() if key != name}
        response = sandbox.client.get("/contacts", headers=headers)
        assert response.status_code == 401
        assert response.json()["error"]["message"] == f"missing {name} header"


def test_canonical_request_sorts_raw_query_parts_without_decoding() -> None:
    canonical = canonical_request(
        "get", "/contacts/a%2Fb", "z=1&&a=%20x&a=2&", "1700000000", body_sha256(b"")
    )

    assert canonical == "\n".join(
        [
            "GET",
            "/contacts/a%2Fb",
            "a=%20x&a=2&z=1",
            "1700000000",
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        ]
    )
