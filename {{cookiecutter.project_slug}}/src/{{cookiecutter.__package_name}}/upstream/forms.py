"""Form-encoded request bodies, for a vendor whose spec takes its creates as
`application/x-www-form-urlencoded` (Stripe, Twilio): nested fields in Stripe's bracketed
keys (`metadata[plan]=pro`, `items[0]=a`), yes/no as `true`/`false`, absent fields left out.
"""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import urlencode

FORM_MEDIA_TYPE = "application/x-www-form-urlencoded"


def form_pairs(value: object, key: str = "") -> list[tuple[str, str]]:
    """The (key, value) pairs of a JSON-like body, nested keys in brackets."""
    if isinstance(value, Mapping):
        return [
            pair
            for name, item in value.items()
            for pair in form_pairs(item, f"{key}[{name}]" if key else str(name))
        ]
    if isinstance(value, list | tuple):
        return [
            pair for index, item in enumerate(value) for pair in form_pairs(item, f"{key}[{index}]")
        ]
    if value is None:
        return []
    if isinstance(value, bool):
        return [(key, "true" if value else "false")]
    return [(key, str(value))]


def form_encoded(body: Mapping[str, object]) -> bytes:
    """The body as the vendor takes a form: `a=1&b%5Bc%5D=2`."""
    return urlencode(form_pairs(body)).encode("ascii")
