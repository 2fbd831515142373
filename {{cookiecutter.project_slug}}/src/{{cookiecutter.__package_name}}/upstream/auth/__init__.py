"""How the service authenticates to the vendor: one module per scheme.

A generated project keeps only the module for the scheme chosen at generation
time. Each module defines ``VendorAuthSettings`` and ``build_vendor_auth``.
"""

from __future__ import annotations

from pydantic import SecretStr

from ...errors import ErrorCode

# RFC 9110 section 5.6.2: the characters a header name may have.
HEADER_NAME_PATTERN = r"^[!#$%&'*+.^_`|~0-9A-Za-z-]+$"


def header_safe(secret: SecretStr) -> SecretStr:
    """A credential sent in a header: printable ASCII only (a line break would end the
    header, and every call would fail)."""
    value = secret.get_secret_value()
    if not (value.isascii() and value.isprintable()):
        raise ValueError("must be printable ASCII: it is sent in a request header")
    return secret


class VendorAuthError(Exception):
    """The vendor auth step failed before the request could be sent (no usable token).

    `code` is the catalog code the caller sees. Messages never contain secrets.
    """

    def __init__(self, message: str, code: ErrorCode = "UPSTREAM_AUTH_FAILED") -> None:
        super().__init__(message)
        self.code = code
