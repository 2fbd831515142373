"""The day-one mapping of a vendor record: which of its fields the canonical model carries.

`record_schema` finds the record's schema in a trimmed spec (the GET on the item, unwrapped
from an envelope such as Asana's `{"data": {...}}` or Slack's `{"ok": true, "channel": {...}}`);
`plan_mapping` picks the record's id, the simple scalar fields (strings, numbers, integers,
booleans, dates, date-times, enums) the schema marks required, and the first few optional
ones, with their types; every other field is listed as not mapped yet, with the reason.

Pure functions of the trimmed spec: the same spec gives the same plan, in the schema's order.
"""

from __future__ import annotations

import keyword
import re
from dataclasses import dataclass
from typing import Any

from .project import vendor_models as tool

# Optional scalar fields mapped besides the required ones: enough to show the pattern,
# few enough that the canonical model stays what callers need rather than a vendor copy.
OPTIONAL_MAPPED = 5
SCALAR_TYPES = ("string", "integer", "number", "boolean")
TEMPORAL_FORMATS = {"date-time": "datetime", "date": "date"}
PYTHON_TYPES = {"string": "str", "integer": "int", "number": "float", "boolean": "bool"}
# Names a pydantic model cannot take as fields (BaseModel attributes) or that read badly.
RESERVED = frozenset({"copy", "dict", "json", "schema", "construct", "validate", "fields"})
ID_SUFFIXES = ("_id", "_gid", "_sid", "_uid", "_number", "_key", "id")
ID_NAMES = ("id", "gid", "sid", "uid", "number", "key")
_WORD = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|[^A-Za-z0-9]+")


class MappingError(ValueError):
    """The spec's record has no field the mapping can use as its id."""


@dataclass(frozen=True)
class Scalar:
    """The simple type of one vendor field: its JSON type, format and enum members."""

    json_type: str
    format: str | None
    enum: tuple[str | int | float | bool, ...]
    nullable: bool

    @property
    def python(self) -> str:
        """The Python annotation of the canonical field (without `| None`)."""
        if self.enum and all(isinstance(member, str) for member in self.enum):
            return "Literal[" + ", ".join(repr(member) for member in self.enum) + "]"
        if self.json_type == "string" and self.format in TEMPORAL_FORMATS:
            return TEMPORAL_FORMATS[self.format]
        return PYTHON_TYPES[self.json_type]


@dataclass(frozen=True)
class MappedField:
    """One vendor field the canonical model carries."""

    vendor_name: str
    canonical_name: str
    scalar: Scalar
    required: bool

    @property
    def annotation(self) -> str:
        optional = self.scalar.nullable or not self.required
        return f"{self.scalar.python} | None" if optional else self.scalar.python


@dataclass(frozen=True)
class UnmappedField:
    """One vendor field left to the engineer, and why the day-one mapping left it."""

    vendor_name: str
    reason: str


@dataclass(frozen=True)
class MappingPlan:
    """The record's id field, the fields mapped (id first) and those not mapped yet."""

    envelope: str | None
    id_field: MappedField
    mapped: tuple[MappedField, ...]
    unmapped: tuple[UnmappedField, ...]


def resolve(spec: dict[str, Any], value: Any) -> Any:
    """Follow local `$ref`s in the trimmed spec until a value that is not one."""
    try:
        return tool._resolve(spec, value)
    except tool.SpecError as error:
        raise MappingError(str(error)) from None


def merged(spec: dict[str, Any], schema: Any) -> dict[str, Any]:
    """The schema resolved, with `allOf` parts merged (properties and required joined)."""
    schema = resolve(spec, schema)
    if not isinstance(schema, dict):
        return {}
    parts = schema.get("allOf")
    if not isinstance(parts, list):
        return schema
    result: dict[str, Any] = {key: value for key, value in schema.items() if key != "allOf"}
    properties: dict[str, Any] = dict(result.get("properties") or {})
    required: list[str] = list(result.get("required") or [])
    for part in parts:
        piece = merged(spec, part)
        properties.update(piece.get("properties") or {})
        required += [name for name in piece.get("required") or [] if name not in required]
        for key, value in piece.items():
            result.setdefault(key, value)
    result["properties"], result["required"] = properties, required
    return result


def _types(schema: dict[str, Any]) -> tuple[list[str], bool]:
    declared = schema.get("type")
    types = [declared] if isinstance(declared, str) else list(declared or [])
    nullable = "null" in types or schema.get("nullable") is True
    return [name for name in types if name != "null"], nullable


def scalar_of(spec: dict[str, Any], schema: Any) -> Scalar | None:
    """The field's simple type; None for objects, arrays, unions of several types, untyped."""
    schema = resolve(spec, schema)
    if not isinstance(schema, dict):
        return None
    for combinator in ("anyOf", "oneOf"):
        options = schema.get(combinator)
        if isinstance(options, list):
            resolved = [resolve(spec, option) for option in options]
            real = [option for option in resolved if _types(option)[0] != [] or "enum" in option]
            null = len(real) < len(resolved) and all(
                _types(option) == ([], True) for option in resolved if option not in real
            )
            if len(real) != 1 or (len(real) < len(resolved) and not null):
                return None
            found = scalar_of(spec, real[0])
            return (
                None if found is None else Scalar(found.json_type, found.format, found.enum, True)
            )
    if "allOf" in schema:
        parts = schema["allOf"]
        return scalar_of(spec, parts[0]) if isinstance(parts, list) and len(parts) == 1 else None
    types, nullable = _types(schema)
    enum = tuple(member for member in schema.get("enum") or [] if member is not None)
    if not types and enum:
        types = [_json_type(enum[0])]
    if len(types) != 1 or types[0] not in SCALAR_TYPES:
        return None
    if enum and not all(_json_type(member) == types[0] for member in enum):
        enum = ()
    nullable = nullable or None in (schema.get("enum") or [])
    fmt = schema.get("format")
    return Scalar(types[0], fmt if isinstance(fmt, str) else None, enum, nullable)


def _json_type(value: object) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    return "string"


def success_schema(spec: dict[str, Any], path: str, method: str = "get") -> dict[str, Any]:
    """The schema (allOf merged) of the `method` on `path`'s success answer; {} without
    one."""
    path_item = resolve(spec, (spec.get("paths") or {}).get(path)) or {}
    operation = path_item.get(method) if isinstance(path_item, dict) else None
    responses = (operation or {}).get("responses") or {}
    for code in tool.SUCCESS_CODES:
        if code in responses:
            response = resolve(spec, responses[code])
            content = response.get("content") if isinstance(response, dict) else None
            return merged(spec, tool._body_schema(content))
    return {}


def record_schema(spec: dict[str, Any]) -> tuple[dict[str, Any], str | None]:
    """The record's schema (allOf merged) and the envelope property it sits in, if any."""
    _, item_path, _ = tool.resource_of(spec)
    record = success_schema(spec, item_path)
    if not record.get("properties"):
        raise MappingError(f"{item_path}: GET has no JSON success response with properties")
    if _id_name(record, None) is None:
        objects = [
            name
            for name, value in record["properties"].items()
            if merged(spec, value).get("properties")
        ]
        if len(objects) == 1:
            return merged(spec, record["properties"][objects[0]]), objects[0]
    return record, None


def created_envelope(spec: dict[str, Any], plan: MappingPlan) -> str | None:
    """Where the create answer keeps the record: None when the answer is the record (or
    the spec describes no create), else the property that holds it (Asana's `data`,
    Square's `customer`), as the GET of a record does when it names it too."""
    _, _, collection_path = tool.resource_of(spec)
    properties = success_schema(spec, collection_path, "post").get("properties") or {}
    if not properties or plan.id_field.vendor_name in properties:
        return None
    if plan.envelope in properties:
        return plan.envelope
    objects = [name for name, value in properties.items() if merged(spec, value).get("properties")]
    return objects[0] if len(objects) == 1 else None


def _id_name(record: dict[str, Any], parameter: str | None) -> str | None:
    properties = record.get("properties") or {}
    candidates: list[str] = []
    if parameter:
        candidates.append(parameter)
        for suffix in ID_SUFFIXES:
            if parameter.endswith(suffix) and len(parameter) > len(suffix):
                candidates.append(suffix.lstrip("_"))
    candidates += ID_NAMES
    by_lower = {name.lower(): name for name in reversed(list(properties))}
    return next((by_lower[name.lower()] for name in candidates if name.lower() in by_lower), None)


def canonical_name(vendor_name: str, taken: set[str]) -> str:
    """A snake_case Python identifier for a vendor field, unique among `taken`."""
    words = [word.lower() for word in _WORD.split(vendor_name) if word]
    name = "_".join(words) or "field"
    if name[0].isdigit():
        name = f"field_{name}"
    if keyword.iskeyword(name) or name in RESERVED or name.startswith("model_"):
        name = f"{name}_"
    base = f"vendor_{name}" if name in taken else name
    unique, number = base, 2
    while unique in taken:
        unique, number = f"{base}_{number}", number + 1
    taken.add(unique)
    return unique


def _reason(spec: dict[str, Any], schema: Any) -> str:
    resolved = merged(spec, schema)
    types, _ = _types(resolved)
    if "array" in types or "items" in resolved:
        return "a list"
    if "object" in types or resolved.get("properties") or "additionalProperties" in resolved:
        return "a nested object"
    if any(key in resolved for key in ("anyOf", "oneOf", "allOf")) or len(types) > 1:
        return "one of several shapes"
    return "no declared type"


def plan_mapping(spec: dict[str, Any], id_parameter: str | None = None) -> MappingPlan:
    """The day-one mapping of the trimmed spec's record."""
    record, envelope = record_schema(spec)
    properties: dict[str, Any] = record["properties"]
    required = set(record.get("required") or [])
    id_name = _id_name(record, id_parameter)
    id_scalar = scalar_of(spec, properties[id_name]) if id_name else None
    if id_name is None or id_scalar is None or id_scalar.json_type not in ("string", "integer"):
        raise MappingError(
            "the record has no string or integer id field"
            f" (looked for {', '.join(dict.fromkeys([id_parameter or 'id', *ID_NAMES]))})"
        )
    taken = {"id"}
    id_field = MappedField(id_name, "id", Scalar(id_scalar.json_type, None, (), False), True)
    mapped = [id_field]
    unmapped: list[UnmappedField] = []
    optional_left = OPTIONAL_MAPPED
    for name, schema in properties.items():
        if name == id_name:
            continue
        scalar = scalar_of(spec, schema)
        if merged(spec, schema).get("deprecated") is True:
            unmapped.append(UnmappedField(name, "deprecated by the vendor"))
        elif scalar is None:
            unmapped.append(UnmappedField(name, _reason(spec, schema)))
        elif name in required:
            mapped.append(MappedField(name, canonical_name(name, taken), scalar, True))
        elif optional_left > 0:
            optional_left -= 1
            mapped.append(MappedField(name, canonical_name(name, taken), scalar, False))
        else:
            unmapped.append(UnmappedField(name, "optional, beyond the first few mapped"))
    return MappingPlan(envelope, id_field, tuple(mapped), tuple(unmapped))


def mapping_section(plan: MappingPlan, types: dict[str, str]) -> str:
    """The engineering guide's section on the mapping: what is mapped (with the canonical
    types, by canonical name, as `canonical_types` gives them), what is not yet."""
    lines = [
        "## Vendor fields: mapped and not mapped yet",
        "",
        "The canonical record was seeded from the vendor's spec: its id, the simple fields the",
        "spec requires and a few optional ones. Map the others in `normalize.py` when callers",
        "need them.",
        "",
        "| vendor field | canonical field | type |",
        "| --- | --- | --- |",
        *(
            # A | inside a table cell ends the cell, even in code: escaped.
            "| `{}` | `{}` | `{}` |".format(
                field.vendor_name,
                field.canonical_name,
                types[field.canonical_name].replace("|", "\\|"),
            )
            for field in plan.mapped
        ),
        "",
        "Not mapped yet:",
        "",
        *(f"- `{field.vendor_name}`: {field.reason}" for field in plan.unmapped),
    ]
    if not plan.unmapped:
        lines.append("- none: every field of the record is mapped")
    if plan.envelope is not None:
        lines += ["", f"The vendor sends the record inside `{plan.envelope}`."]
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class CreatePlan:
    """What a caller sends to create a record, field by field, and where it goes in the
    vendor's create body (inside `envelope` when the body wraps the record)."""

    envelope: str | None
    fields: tuple[MappedField, ...]
    unmapped: tuple[UnmappedField, ...]


def create_schema(spec: dict[str, Any]) -> dict[str, Any]:
    """The create request body's schema (allOf merged); {} when the spec has no create."""
    _, _, collection_path = tool.resource_of(spec)
    operation = tool._operation(spec, collection_path, "post")
    return merged(spec, tool._request_schema(spec, operation))


def _first_scalar(spec: dict[str, Any], schema: Any) -> Scalar | None:
    """The first simple option of a union (GitHub's title is a string or an integer): a
    caller who sends that type sends a value the vendor takes."""
    resolved = merged(spec, schema)
    for option in resolved.get("oneOf") or resolved.get("anyOf") or []:
        found = scalar_of(spec, option)
        if found is not None:
            return found
    return None


def plan_create(spec: dict[str, Any], plan: MappingPlan) -> CreatePlan:
    """The create body's simple fields the caller gives: every required one, and every one
    the record mapping carries (under the record's canonical name); the rest not mapped."""
    body = create_schema(spec)
    envelope = None
    properties: dict[str, Any] = body.get("properties") or {}
    if len(properties) == 1:
        ((name, value),) = properties.items()
        inner = merged(spec, value)
        if inner.get("properties"):
            envelope, body, properties = name, inner, inner["properties"]
    required = set(body.get("required") or [])
    record_fields = {field.vendor_name: field for field in plan.mapped[1:]}
    taken = {field.canonical_name for field in plan.mapped}
    fields: list[MappedField] = []
    unmapped: list[UnmappedField] = []
    for name, schema in properties.items():
        scalar = scalar_of(spec, schema) or _first_scalar(spec, schema)
        if scalar is None:
            if name in required:
                raise MappingError(f"the create body requires {name!r}, {_reason(spec, schema)}")
            unmapped.append(UnmappedField(name, _reason(spec, schema)))
        elif name in record_fields:
            known = record_fields[name].canonical_name
            fields.append(MappedField(name, known, scalar, name in required))
        elif name in required:
            fields.append(MappedField(name, canonical_name(name, taken), scalar, True))
        else:
            unmapped.append(UnmappedField(name, "optional, not in the record's mapping"))
    return CreatePlan(envelope, tuple(fields), tuple(unmapped))
