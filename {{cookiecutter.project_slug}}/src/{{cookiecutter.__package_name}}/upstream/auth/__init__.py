"""How the service authenticates to the vendor: one module per scheme.

A generated project keeps only the module for the scheme chosen at generation
time. Each module defines ``VendorAuthSettings`` and ``build_vendor_auth``.
"""

from __future__ import annotations

from ...errors import ErrorCode


class VendorAuthError(Exception):
    """The vendor auth step failed before the request could be sent (no usable token).

    `code` is the catalog code the caller sees. Messages never contain secrets.
    """

    def __init__(self, message: str, code: ErrorCode = "UPSTREAM_AUTH_FAILED") -> None:
        super().__init__(message)
        self.code = code
