"""Which answers `new --vendor-spec` can propose, and from where in the spec (for the
questionnaire reference; keyed as users name the questions)."""

from __future__ import annotations

PROPOSED_FROM: dict[str, str] = {
    "vendor_name": "info.title, without a trailing 'API' (and version)",
    "vendor_base_url": (
        "servers[0].url with its variables at their defaults, followed by the collection "
        "path's prefix when that path has no parameters (the service calls "
        "`<vendor_base_url>/<resource_plural>`); a relative URL is refused"
    ),
    "resource_name": "the singular of the collection path's last segment",
    "vendor_auth": (
        "the security scheme the chosen operations require: apiKey in a header "
        "(api_key_header), http bearer (bearer_token), oauth2 with a clientCredentials flow "
        "(oauth2_client_credentials); any other scheme is refused unless --set vendor_auth "
        "is given"
    ),
    "vendor_pagination": (
        "the list operation: a Link response header (link_header), a cursor-like query "
        "parameter such as starting_after, cursor or page_token (cursor), a numeric offset "
        "(offset), a page parameter (page_number)"
    ),
    "vendor_idempotency_keys": (
        "whether the create operation (POST on the collection) declares an Idempotency-Key "
        "header parameter"
    ),
    "resource_plural": "the collection path's last segment, in snake_case",
}
