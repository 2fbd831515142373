"""Answers proposed from a vendor's OpenAPI description (`integration-template new --vendor-spec`).

`load_spec` reads an OpenAPI 3.0 or 3.1 document, `propose` turns the operations of one
resource into questionnaire answers and facts, `trim_spec` keeps only those operations and
what they reference, `summary` says which answers came from the spec, `model_schemas`
with `generate_models` writes pydantic models of the resource's schemas, and
`spec_files` / `write_spec_files` put the trimmed spec, the models and the tool that
regenerates them into a rendered project. `plan_mapping` chooses the record's day-one
mapping (`plan_create` the fields a caller gives to create one), `canonical_module` writes
the canonical record and its mapping from it (with `mapping_section` for the engineering
guide), and `sample_records` builds sandbox records in the spec's shape (`item_response` /
`list_response` put them in the answers' envelopes); `spec_files` writes them into rendered
projects too (`_service.py`: canonical models, normalizer, vendor models, sandbox records
and the tests' record facts).
"""

from ._canonical import CanonicalError, canonical_module, canonical_types
from ._document import SpecDocument
from ._errors import SpecProblem, VendorSpecError
from ._mapping import (
    CreatePlan,
    MappingError,
    MappingPlan,
    mapping_section,
    plan_create,
    plan_mapping,
    record_schema,
)
from ._models import ModelSchemas, generate_models, model_schemas
from ._project import SpecFiles, keep_spec_in_renders, spec_files, write_spec_files
from ._proposal import (
    AuthFacts,
    PathParameter,
    Proposal,
    VendorFacts,
    propose,
    resource_paths,
)
from ._reference import PROPOSED_FROM
from ._samples import item_response, list_response, sample_records
from ._summary import summary
from ._trim import trim_spec

load_spec = SpecDocument.load

__all__ = [
    "PROPOSED_FROM",
    "AuthFacts",
    "CanonicalError",
    "CreatePlan",
    "MappingError",
    "MappingPlan",
    "ModelSchemas",
    "PathParameter",
    "Proposal",
    "SpecDocument",
    "SpecFiles",
    "SpecProblem",
    "VendorFacts",
    "VendorSpecError",
    "canonical_module",
    "canonical_types",
    "generate_models",
    "item_response",
    "keep_spec_in_renders",
    "list_response",
    "load_spec",
    "mapping_section",
    "model_schemas",
    "plan_create",
    "plan_mapping",
    "propose",
    "record_schema",
    "resource_paths",
    "sample_records",
    "spec_files",
    "summary",
    "trim_spec",
    "write_spec_files",
]
