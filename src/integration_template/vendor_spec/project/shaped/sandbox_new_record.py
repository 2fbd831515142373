"""Validation of the POST /{collection} body, in the vendor's shape.

The fields and types of the vendor's create operation come from its OpenAPI description
(sample_records.json, `create_fields`): unknown fields and wrong types are refused, as the
vendor would.
"""

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, create_model

from sandbox.records import SHAPE

_TYPES: dict[str, Any] = {"string": str, "integer": int, "number": float, "boolean": bool}
_CONFIG = ConfigDict(extra="forbid", strict=True)


def _fields_model() -> type[BaseModel]:
    fields: dict[str, Any] = {}
    for name, spec in SHAPE["create_fields"].items():
        annotation: Any = _TYPES[spec["type"]]
        if spec["enum"]:
            annotation = Literal[tuple(spec["enum"])]
        fields[name] = (annotation, ...) if spec["required"] else (annotation | None, None)
    return create_model("NewRecord", __config__=_CONFIG, **fields)


_FIELDS = _fields_model()
_ENVELOPE: str | None = SHAPE["create_envelope"]
_WRAPPED: dict[str, Any] = {} if _ENVELOPE is None else {_ENVELOPE: (_FIELDS, ...)}
NewRecordRequest = (
    _FIELDS
    if _ENVELOPE is None
    else create_model("NewRecordRequest", __config__=_CONFIG, **_WRAPPED)
)


def read_new_record(raw_body: bytes) -> dict[str, Any]:
    """The new record's fields, by the vendor's names; raises pydantic's ValidationError."""
    request = NewRecordRequest.model_validate_json(raw_body)
    fields = getattr(request, _ENVELOPE) if _ENVELOPE is not None else request
    dumped: dict[str, Any] = fields.model_dump(exclude_none=True)
    return dumped
