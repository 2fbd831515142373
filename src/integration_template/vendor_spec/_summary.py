"""The summary printed before rendering: which answer came from the spec, which was given,
which is a default, and the facts of the spec no question asks for yet."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from ..answers import user_name
from ._proposal import Proposal, VendorFacts

KEY_WIDTH = 24
VALUE_WIDTH = 34


def show(value: object) -> str:
    """An answer as a user would type it (yes/no for booleans)."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _source(key: str, value: object, proposal: Proposal, given: Mapping[str, object]) -> str:
    if key in given:
        proposed = proposal.answers.get(key)
        if key in proposal.answers and proposed != value:
            return f"given (the spec proposed {show(proposed)})"
        return "given"
    if key in proposal.answers:
        return f"from the spec: {proposal.reasons[key]}"
    return "default"


def _fact_lines(facts: VendorFacts) -> Iterable[str]:
    if facts.item_id_parameter:
        yield f"record id: path parameter {{{facts.item_id_parameter}}} of {facts.item_path}"
    if facts.records_property:
        yield f"list records: the {facts.records_property!r} property of the list response"
    elif facts.records_at_top_level:
        yield "list records: the list response is a top-level array"
    if facts.pagination_parameters:
        yield f"pagination parameters: {', '.join(facts.pagination_parameters)}"
    if facts.create_media_type:
        yield f"create request body: {facts.create_media_type}"
    elif not facts.has_create:
        yield f"create: the spec has no POST {facts.collection_path}"
    if facts.auth is not None:
        auth = facts.auth
        parts = [f"{auth.scheme} ({auth.kind})"]
        if auth.header_name:
            parts.append(f"header {auth.header_name}")
        if auth.token_url:
            parts.append(f"token URL {auth.token_url}")
        if auth.scopes:
            parts.append(f"scopes {' '.join(auth.scopes)}")
        yield "vendor auth: " + ", ".join(parts)
    for parameter in facts.parent_parameters:
        about = f": {parameter.description}" if parameter.description else ""
        yield (
            f"parent path parameter {{{parameter.name}}} ({parameter.type}) of "
            f"{facts.collection_path}{about}"[:160]
        )


def summary(proposal: Proposal, answers: Mapping[str, object], given: Mapping[str, object]) -> str:
    """Every answer with its source, then the spec's other facts and the settings they need."""
    facts = proposal.facts
    create = " and POST" if facts.has_create else ""
    lines = [
        f"Answers from the vendor spec {proposal.spec} (GET {facts.item_path}; "
        f"GET{create} {facts.collection_path}):"
    ]
    for key, value in answers.items():
        if key.startswith("_") and not key.startswith("__"):
            continue
        shown = show(value)
        lines.append(
            f"  {user_name(key):<{KEY_WIDTH}} {shown:<{VALUE_WIDTH}} "
            f"{_source(key, value, proposal, given)}"
        )
    fact_lines = list(_fact_lines(facts))
    if fact_lines:
        lines += ["", "Also in the spec (no question asks for these yet):"]
        lines += [f"  - {line}" for line in fact_lines]
    settings = facts.settings()
    segment = facts.collection_path.rstrip("/").rpartition("/")[2]
    if facts.collection_path_in_base_url and answers.get("__resource_plural") != segment:
        # The plural was changed: the vendor's collection is no longer <base>/<plural>.
        settings["VENDOR_COLLECTION_PATH"] = f"/{segment}"
    if answers.get("vendor_auth") != "api_key_header":
        settings.pop("VENDOR_API_KEY_HEADER_NAME", None)
    if answers.get("vendor_auth") != "oauth2_client_credentials":
        settings.pop("VENDOR_TOKEN_URL", None)
    if settings:
        lines += ["", "Set these in the service's production environment (from the spec):"]
        lines += [f"  {name}={value}" for name, value in settings.items()]
        if facts.parent_parameters:
            names = ", ".join(f"<{parameter.name}>" for parameter in facts.parent_parameters)
            lines.append(f"  (fill in {names}: no setting carries parent path parameters yet)")
    if proposal.notes:
        lines += ["", "Notes:"]
        lines += [f"  - {note}" for note in proposal.notes]
    return "\n".join(lines) + "\n"
