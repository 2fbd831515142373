"""Content-Type checks shared by the inbound edge (api/) and the outbound edge (vendor/)."""

from __future__ import annotations


def media_type(content_type: str) -> str:
    """The media type of a Content-Type header value, without parameters, lowercased."""
    return content_type.split(";")[0].strip().lower()


def is_json(media_type: str) -> bool:
    """application/json, or any structured-syntax +json type (RFC 6839)."""
    return media_type == "application/json" or media_type.endswith("+json")
