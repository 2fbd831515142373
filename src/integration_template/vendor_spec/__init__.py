"""Answers proposed from a vendor's OpenAPI description (`integration-template new --vendor-spec`).

`load_spec` reads an OpenAPI 3.0 or 3.1 document, `propose` turns the operations of one
resource into questionnaire answers and facts, `trim_spec` keeps only those operations and
what they reference, and `summary` says which answers came from the spec.
"""

from ._document import SpecDocument
from ._errors import SpecProblem, VendorSpecError
from ._proposal import AuthFacts, PathParameter, Proposal, VendorFacts, propose
from ._reference import PROPOSED_FROM
from ._summary import summary
from ._trim import trim_spec

load_spec = SpecDocument.load

__all__ = [
    "PROPOSED_FROM",
    "AuthFacts",
    "PathParameter",
    "Proposal",
    "SpecDocument",
    "SpecProblem",
    "VendorFacts",
    "VendorSpecError",
    "load_spec",
    "propose",
    "summary",
    "trim_spec",
]
