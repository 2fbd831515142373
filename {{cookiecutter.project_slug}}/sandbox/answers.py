"""The vendor's answers around one record: a GET of a record and a create answer with the
record itself, or with the record in one field of the answer (Asana's `{"data": ...}`,
Square's `{"customer": ...}`), as sandbox/records.py's ENVELOPES say. Listed records come
bare, inside the list answer."""

import copy
from typing import Any

from sandbox.records import ENVELOPES


def answer(operation: str, record: dict[str, Any]) -> dict[str, Any]:
    """The vendor's answer to `operation` ("get" or "create") holding `record`."""
    envelope, others = ENVELOPES[operation]
    return record if envelope is None else {**copy.deepcopy(others), envelope: record}


def record_in(operation: str, payload: Any) -> Any:
    """The record in the vendor's answer to `operation` (any other operation's answer, or
    an answer without the envelope, as it is)."""
    envelope, _ = ENVELOPES.get(operation, (None, {}))
    if envelope is not None and isinstance(payload, dict) and envelope in payload:
        return payload[envelope]
    return payload
