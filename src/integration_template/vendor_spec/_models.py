"""Pydantic v2 models of the schemas one resource's operations use, generated from the spec.

`model_schemas` trims the spec to the resource's operations (the spec a project keeps in
spec/vendor-openapi.json) and picks the record (GET on the item), the list response (GET on
the collection) and the create request body (POST on the collection), named after the
resource (`VendorProduct`, `VendorProductList`, `VendorProductCreate`), with every component
they reach. `generate_models` turns that into one Python module with datamodel-code-generator,
pinned to an exact version because its releases change the code it writes.

Both steps are the project's own tools/vendor_models.py (project/vendor_models.py here), so
`make vendor-models` in a project writes the same bytes as `integration-template new`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from ._document import SpecDocument
from ._errors import SpecProblem, VendorSpecError
from ._proposal import Proposal
from ._trim import trim_spec
from .project import vendor_models as tool

HEADER = tool.TITLE
SPEC_FILE = tool.SPEC_FILE


class NoRecordModel(VendorSpecError):
    """The spec describes no record to generate models from (a project keeps its own)."""


@dataclass(frozen=True)
class ModelSchemas:
    """The trimmed spec a project keeps, and the models document the generator reads."""

    spec_text: bytes
    document: dict[str, Any]
    record: str
    listing: str | None
    create: str | None


def project_spec(spec: SpecDocument, proposal: Proposal) -> dict[str, Any]:
    """The spec trimmed to the resource, with the entry naming its resource and paths."""
    facts = proposal.facts
    trimmed = trim_spec(spec, facts.item_path, facts.collection_path)
    trimmed[tool.EXTENSION] = {
        "resource": str(proposal.answers.get("resource_name") or "record"),
        "item": facts.item_path,
        "collection": facts.collection_path,
    }
    return trimmed


def model_schemas(spec: SpecDocument, proposal: Proposal) -> ModelSchemas:
    """The record, list and create schemas under the resource's names, with their closure."""
    trimmed = project_spec(spec, proposal)
    text = (json.dumps(trimmed, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    try:
        found = tool.model_document(trimmed)
    except tool.SpecError as error:
        problem = SpecProblem(
            "--vendor-resource",
            proposal.facts.item_path,
            str(error).removeprefix(f"{proposal.facts.item_path}: "),
            "a spec that describes the record's fields",
        )
        kind = NoRecordModel if isinstance(error, tool.NoRecordSchema) else VendorSpecError
        raise kind(spec.shown, [problem]) from None
    return ModelSchemas(text, found.document, found.record, found.listing, found.create)


def generate_models(schemas: ModelSchemas) -> str:
    """One module of pydantic v2 models: unknown fields ignored, no timestamp, Python 3.11."""
    return tool.generate_code(schemas.document, tool.sha256(schemas.spec_text))
