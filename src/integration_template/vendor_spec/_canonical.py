"""The canonical record and its mapping, written as Python from the day-one plan.

`canonical_module` reads the vendor models generated from the spec (spec_models.py), finds
the attribute and type of each field `plan_mapping` chose, and writes one module: a frozen
`Resource` with those fields under their canonical names (types carried over: enums become
`Literal`s of their values, URLs and UUIDs strings, the id always a string) and
`to_resource(record)` that maps the vendor record (unwrapping its envelope) to it, raising
`ContractViolation` when a field the canonical model needs is missing.

The module imports only pydantic, the standard library and the vendor models, so it can be
checked on its own (ruff, mypy --strict) beside the models it reads.
"""

from __future__ import annotations

import enum
import json
import types
import typing
import uuid
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from ._mapping import MappedField, MappingPlan

if TYPE_CHECKING:
    from pydantic import BaseModel

MODELS_IMPORT = ".upstream.spec_models"
LINE_LENGTH = 100


class CanonicalError(ValueError):
    """The vendor models do not carry a field the plan maps."""


@dataclass(frozen=True)
class _Field:
    mapped: MappedField
    attribute: str
    annotation: str
    optional: bool
    convert: str  # a format string over the attribute access, e.g. "str({})"
    enum: type[enum.Enum] | None = None
    is_id: bool = False

    @property
    def declared(self) -> str:
        """The annotation in `Resource`: the id is never None (a missing one is refused)."""
        return f"{self.annotation} | None" if self.optional and not self.is_id else self.annotation

    @property
    def table(self) -> str:
        return _table(self.mapped.canonical_name)


def _table(canonical_name: str) -> str:
    """The name of the module constant mapping a vendor enum to canonical values."""
    return canonical_name.upper().strip("_")


def _attribute(model: type[BaseModel], vendor_name: str) -> tuple[str, Any]:
    for name, info in model.model_fields.items():
        if vendor_name in (info.alias, name):
            return name, info.annotation
    raise CanonicalError(f"{model.__name__} has no field for the vendor's {vendor_name!r}")


def _split_optional(annotation: Any) -> tuple[Any, bool]:
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        members = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
        optional = len(members) < len(typing.get_args(annotation))
        if len(members) == 1:
            return _split_optional(members[0])[0], optional
        return annotation, optional
    if typing.get_origin(annotation) is typing.Annotated:
        return _split_optional(typing.get_args(annotation)[0])
    return annotation, False


def _literal(members: list[object]) -> str:
    return "Literal[" + ", ".join(_constant(member) for member in members) + "]"


def _constant(value: object) -> str:
    """A Python literal as ruff format writes it (double-quoted strings)."""
    return json.dumps(value, ensure_ascii=False) if isinstance(value, str) else repr(value)


def _wrapped(head: str, items: list[str], close: str, hug: bool = False) -> list[str]:
    """`head` + items + `close`, wrapped as ruff format wraps it at LINE_LENGTH: a subscript
    (`hug`) keeps its items on one line when they fit, a collection puts one per line."""
    line = head + ", ".join(items) + close
    if len(line) <= LINE_LENGTH:
        return [line]
    if hug and len(", ".join(items)) + 4 <= LINE_LENGTH:
        return [head, "    " + ", ".join(items), close]
    return [head, *(f"    {item}," for item in items), close]


def _alias(name: str, literal: str) -> list[str]:
    members = literal.removeprefix("Literal[").removesuffix("]").split(", ")
    return _wrapped(f"{name} = Literal[", members, "]", hug=True)


def _typed(annotation: Any) -> tuple[str, str]:
    """The canonical annotation of one vendor type, and how a value of it is converted."""
    # pydantic is imported here, not at the top: `integration-template` starts without it.
    from pydantic import AnyUrl, AwareDatetime, NaiveDatetime, RootModel

    if isinstance(annotation, type) and issubclass(annotation, RootModel):
        inner, _ = _split_optional(annotation.model_fields["root"].annotation)
        text, convert = _typed(inner)
        return text, convert.format("{}.root")
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return _literal([member.value for member in annotation]), "{}.value"
    if typing.get_origin(annotation) is typing.Literal:
        return _literal(list(typing.get_args(annotation))), "{}"
    if annotation in (AwareDatetime, NaiveDatetime) or (
        isinstance(annotation, type) and issubclass(annotation, datetime)
    ):
        return "datetime", "{}"
    if isinstance(annotation, type) and issubclass(annotation, date):
        return "date", "{}"
    for plain in (bool, int, float, str):
        if annotation is plain:
            return plain.__name__, "{}"
    if annotation in (uuid.UUID, AnyUrl) or (
        isinstance(annotation, type) and issubclass(annotation, AnyUrl)
    ):
        return "str", "str({})"
    raise CanonicalError(f"no canonical type for the vendor type {annotation!r}")


def _fields(plan: MappingPlan, record: type[BaseModel]) -> list[_Field]:
    fields = []
    for mapped in plan.mapped:
        attribute, annotation = _attribute(record, mapped.vendor_name)
        inner, optional = _split_optional(annotation)
        text, convert = _typed(inner)
        if mapped is plan.id_field:
            text, convert = "str", convert if text == "str" else f"str({convert})"
        elif isinstance(inner, type) and issubclass(inner, enum.Enum):
            # A table rather than `.value`: typed member by member, and the one place to
            # edit when the canonical values should differ from the vendor's.
            table = _table(mapped.canonical_name)
            fields.append(_Field(mapped, attribute, text, optional, f"{table}[{{}}]", inner))
            continue
        fields.append(
            _Field(mapped, attribute, text, optional, convert, is_id=mapped is plan.id_field)
        )
    return fields


def _record_class(models: types.ModuleType, name: str, envelope: str | None) -> type[BaseModel]:
    from pydantic import BaseModel

    found = getattr(models, name, None)
    if not (isinstance(found, type) and issubclass(found, BaseModel)):
        raise CanonicalError(f"the vendor models have no class {name}")
    if envelope is None:
        return found
    _, annotation = _attribute(found, envelope)
    inner, _ = _split_optional(annotation)
    if not (isinstance(inner, type) and issubclass(inner, BaseModel)):
        raise CanonicalError(f"{name}.{envelope} is not a model of the record")
    return inner


def _envelope_attribute(models: types.ModuleType, name: str, envelope: str) -> tuple[str, bool]:
    attribute, annotation = _attribute(getattr(models, name), envelope)
    return attribute, _split_optional(annotation)[1]


def canonical_types(
    plan: MappingPlan, models: types.ModuleType, record_name: str
) -> dict[str, str]:
    """The canonical fields' types as the module declares them, by canonical name."""
    fields = _fields(plan, _record_class(models, record_name, plan.envelope))
    return {field.mapped.canonical_name: field.declared for field in fields}


def canonical_module(plan: MappingPlan, models: types.ModuleType, record_name: str) -> str:
    """The Python source of the canonical `Resource` and `to_resource` for this plan."""
    record = _record_class(models, record_name, plan.envelope)
    fields = _fields(plan, record)
    lines = [
        '"""The canonical record our callers see, and how the vendor\'s record maps to it.',
        "",
        "Seeded from the vendor's spec: its id, the simple fields it requires and a few",
        'optional ones. Fields not mapped yet are listed in docs/engineering-guide.md."""',
        "",
        "from __future__ import annotations",
        "",
    ]
    annotations = {field.annotation for field in fields}
    stdlib = [name for name in ("date", "datetime") if name in annotations]
    if stdlib:
        lines.append(f"from datetime import {', '.join(stdlib)}")
    literal = any(annotation.startswith("Literal[") for annotation in annotations)
    if literal:
        lines.append("from typing import Literal")
    if stdlib or literal:
        lines.append("")
    imported = sorted({record_name, *(field.enum.__name__ for field in fields if field.enum)})
    lines += [
        "from pydantic import BaseModel, ConfigDict",
        "",
        *_wrapped(f"from {MODELS_IMPORT} import (", imported, ")"),
    ]
    if len(lines[-1]) <= LINE_LENGTH and lines[-1].endswith("(" + ", ".join(imported) + ")"):
        lines[-1] = f"from {MODELS_IMPORT} import {', '.join(imported)}"
    aliases: dict[str, str] = {}
    for field in fields:
        if field.annotation.startswith("Literal["):
            name = "".join(part.capitalize() for part in field.mapped.canonical_name.split("_"))
            aliases[field.mapped.canonical_name] = f"{name.strip('_') or 'Field'}Value"
            lines += ["", *_alias(aliases[field.mapped.canonical_name], field.annotation)]
            if field.enum is not None:
                entries = [
                    f"{field.enum.__name__}.{member.name}: {_constant(member.value)}"
                    for member in field.enum
                ]
                alias = aliases[field.mapped.canonical_name]
                head = f"{field.table}: dict[{field.enum.__name__}, {alias}] = {{"
                lines += _wrapped(head, entries, "}")
    lines += [
        "",
        "",
        "class ContractViolation(ValueError):",
        '    """The vendor sent a record without a field the canonical model needs."""',
        "",
        "    def __init__(self, field: str, problem: str) -> None:",
        '        super().__init__(f"{field}: {problem}")',
        "        self.field = field",
        "        self.problem = problem",
        "",
        "",
        "class Resource(BaseModel):",
        '    """One record as our callers see it."""',
        "",
        "    model_config = ConfigDict(frozen=True)",
        "",
    ]
    for field in fields:
        named = aliases.get(field.mapped.canonical_name)
        declared = field.declared.replace(field.annotation, named, 1) if named else field.declared
        lines.append(f"    {field.mapped.canonical_name}: {declared}")
    lines += ["", "", *to_resource_lines(plan, fields, models, record_name, "ContractViolation")]
    return "\n".join(lines)


def to_resource_lines(
    plan: MappingPlan,
    fields: list[_Field],
    models: types.ModuleType,
    record_name: str,
    violation: str,
    record_type: str | None = None,
) -> list[str]:
    """The source of `to_resource(record)` (the record typed `record_type`, by default the
    model's own name), raising `violation(field, problem)` for a missing envelope or id."""
    lines = [f"def to_resource(record: {record_type or record_name}) -> Resource:"]
    source = "record"
    if plan.envelope is not None:
        attribute, optional = _envelope_attribute(models, record_name, plan.envelope)
        lines.append(f"    inner = record.{attribute}")
        if optional:
            lines += [
                "    if inner is None:",
                f'        raise {violation}("{plan.envelope}", "missing")',
            ]
        source = "inner"
    id_field = fields[0]
    if id_field.optional:
        lines += [
            f"    if {source}.{id_field.attribute} is None:",
            f'        raise {violation}("{plan.id_field.vendor_name}", "missing")',
        ]
    lines.append("    return Resource(")
    for field in fields:
        access = f"{source}.{field.attribute}"
        value = field.convert.format(access)
        if field.optional and not field.is_id and value != access:
            value = f"None if {access} is None else {value}"
        line = f"        {field.mapped.canonical_name}={value},"
        if len(line) > LINE_LENGTH:
            lines += [
                f"        {field.mapped.canonical_name}=(",
                f"            {value}",
                "        ),",
            ]
        else:
            lines.append(line)
    return [*lines, "    )", ""]
