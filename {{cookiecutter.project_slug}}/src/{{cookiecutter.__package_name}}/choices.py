"""The variants this project was generated with.

Each concern with several variants (vendor auth, vendor pagination, inbound auth,
state) keeps one
module per variant; the template renders these imports to the chosen ones and deletes the
others. The rest of the code imports the variants from here only, under stable names: the
pagination style's class is named for it (CursorPaginator, ...) and exported here as
VendorPaginator, whichever style was chosen.
"""

from .api.auth.{{ cookiecutter.inbound_auth }}_auth import (
    OPENAPI_SECURITY_SCHEMES,
    InboundAuthSettings,
    build_authenticator,
)
from .state.{{ cookiecutter.state_backend }}_store import (
    StateSettings,
    build_state_store,
    rate_limit_key,
    rate_limit_storage_uri,
)
from .upstream.auth.{{ cookiecutter.vendor_auth }} import (
    VendorAuthSettings,
    build_vendor_auth,
)
from .upstream.pagination.{{ cookiecutter.vendor_pagination }} import (
    {{ cookiecutter.vendor_pagination.split("_") | map("capitalize") | join }}Paginator as VendorPaginator,
)

__all__ = [
    "OPENAPI_SECURITY_SCHEMES",
    "InboundAuthSettings",
    "StateSettings",
    "VendorAuthSettings",
    "VendorPaginator",
    "build_authenticator",
    "build_state_store",
    "build_vendor_auth",
    "rate_limit_key",
    "rate_limit_storage_uri",
]
