"""Vendor pagination styles, one module each; choices.py imports the selected one.

Every style reads a vendor page into records plus the query parameters that fetch the next
page. The service wraps those parameters in a signed, opaque cursor for its callers. What
the styles share lives in `_page.py` and is used from outside this package through here.
"""

from ._page import PageShapeError, Paginator, VendorPage

__all__ = ["PageShapeError", "Paginator", "VendorPage"]
