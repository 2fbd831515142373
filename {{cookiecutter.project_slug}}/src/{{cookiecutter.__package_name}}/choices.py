"""The variants this project was generated with.

Each concern with several variants (vendor auth, vendor pagination, inbound auth) keeps one
module per variant; the template renders these imports to the chosen ones and deletes the
others. The rest of the code imports the variants from here only.
"""

from .api.auth.{{ cookiecutter.inbound_auth }}_auth import (
    InboundAuthSettings,
    build_authenticator,
)
from .vendor.auth.{{ cookiecutter.vendor_auth }} import (
    VendorAuthSettings,
    build_vendor_auth,
)
from .vendor.pagination.{{ cookiecutter.vendor_pagination }} import (
    VendorPaginator,
)

__all__ = [
    "InboundAuthSettings",
    "VendorAuthSettings",
    "VendorPaginator",
    "build_authenticator",
    "build_vendor_auth",
]
