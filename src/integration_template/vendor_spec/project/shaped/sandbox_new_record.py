"""Validation of the POST /{collection} body, in the vendor's shape.

The fields and types of the vendor's create operation come from its OpenAPI description
(sample_records.json, `create_fields`): unknown fields and wrong types are refused, as the
vendor would. So is the body's media type (`create_media_type`): a vendor that takes a form
(`a=1&meta%5Bb%5D=2`, Stripe's bracketed keys for nested fields) reads a JSON body as one
unknown field, and one that takes JSON cannot read a form.
"""

import re
from typing import Any, Literal
from urllib.parse import parse_qsl, urlencode

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


FORM_MEDIA_TYPE = "application/x-www-form-urlencoded"
_KEY = re.compile(r"[^\[\]]+|\[([^\[\]]*)\]")


def _typed(value: str, spec: dict[str, Any]) -> object:
    """A form value as the type its create field declares (as it is when it is not one)."""
    if spec["type"] == "boolean" and value in ("true", "false"):
        return value == "true"
    if spec["type"] in ("integer", "number") and re.fullmatch(r"-?[0-9]+(\.[0-9]+)?", value):
        integer = spec["type"] == "integer" and value.lstrip("-").isdigit()
        return int(value) if integer else float(value)
    return value


def read_form(raw_body: bytes) -> dict[str, Any]:
    """A form body as nested fields (`meta[b]=2` -> {"meta": {"b": "2"}}), each value of
    a create field typed as the field declares."""
    fields: dict[str, Any] = {}
    for key, value in parse_qsl(raw_body.decode("utf-8", "replace"), keep_blank_values=True):
        parts = [match.group(1) or match.group(0) for match in _KEY.finditer(key)] or [key]
        target = fields
        for part in parts[:-1]:
            inner = target.get(part)
            target[part] = inner = inner if isinstance(inner, dict) else {}
            target = inner
        field = SHAPE["create_fields"].get(parts[-1])
        target[parts[-1]] = value if field is None else _typed(value, field)
    return fields


def form_body(fields: dict[str, Any], key: str = "") -> bytes:
    """Fields as a form body, nested ones in bracketed keys (what `read_form` reads)."""
    pairs: list[tuple[str, str]] = []
    for name, value in fields.items():
        path = f"{key}[{name}]" if key else name
        if isinstance(value, dict):
            pairs += parse_qsl(form_body(value, path).decode("ascii"))
        elif value is not None:
            text = ("true" if value else "false") if isinstance(value, bool) else str(value)
            pairs.append((path, text))
    return urlencode(pairs).encode("ascii")


def read_new_record(raw_body: bytes) -> dict[str, Any]:
    """The new record's fields, by the vendor's names; raises pydantic's ValidationError."""
    if SHAPE["create_media_type"] == FORM_MEDIA_TYPE:
        request = NewRecordRequest.model_validate(read_form(raw_body))
    else:
        request = NewRecordRequest.model_validate_json(raw_body)
    fields = getattr(request, _ENVELOPE) if _ENVELOPE is not None else request
    dumped: dict[str, Any] = fields.model_dump(exclude_none=True)
    return dumped
