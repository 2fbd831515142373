"""POST /oauth/token: the OAuth2 client-credentials grant (RFC 6749 section 4.4)."""

import base64
import binascii
import hmac
from urllib.parse import parse_qs, unquote_plus

from starlette.requests import Request
from starlette.responses import JSONResponse

from sandbox.config import SandboxConfig
from sandbox.tokens import TokenStore

_NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}


async def issue_token(request: Request, config: SandboxConfig, tokens: TokenStore) -> JSONResponse:
    # Parsed by hand: Starlette's request.form() would need python-multipart.
    form = {
        name: values[-1]
        for name, values in parse_qs((await request.body()).decode("utf-8", "replace")).items()
    }
    client_id, client_secret = _basic_credentials(request) or (
        form.get("client_id", ""),
        form.get("client_secret", ""),
    )
    if not (_same(client_id, config.client_id) and _same(client_secret, config.client_secret)):
        return JSONResponse(
            {"error": "invalid_client"},
            status_code=401,
            headers={"WWW-Authenticate": 'Basic realm="sandbox"', **_NO_STORE},
        )
    if form.get("grant_type") != "client_credentials":
        return JSONResponse({"error": "unsupported_grant_type"}, status_code=400, headers=_NO_STORE)
    return JSONResponse(
        {
            "access_token": tokens.issue(config.token_ttl_seconds),
            "token_type": "Bearer",
            "expires_in": config.token_ttl_seconds,
        },
        headers=_NO_STORE,
    )


def _basic_credentials(request: Request) -> tuple[str, str] | None:
    scheme, _, encoded = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        decoded = base64.b64decode(encoded.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return None
    client_id, separator, client_secret = decoded.partition(":")
    if not separator:
        return None
    # RFC 6749 section 2.3.1: both parts are form-urlencoded before base64.
    return unquote_plus(client_id), unquote_plus(client_secret)


def _same(supplied: str, expected: str) -> bool:
    return hmac.compare_digest(supplied.encode("utf-8"), expected.encode("utf-8"))
