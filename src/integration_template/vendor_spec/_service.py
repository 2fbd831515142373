"""The spec-shaped service, sandbox and test facts of a project generated with --vendor-spec.

From the day-one plan (`plan_mapping`, `plan_create`) and the vendor models generated from
the spec, `service_files` writes what a rendered project otherwise has in the Acme shape:
- `models.py`: the canonical `Resource` (the mapped fields, types carried over) and
  `ResourceCreate` (the create body's fields a caller gives), on the `CanonicalModel` base;
- `normalize.py`: the vendor record (validated by the spec models) to `Resource`, and
  `ResourceCreate` to the vendor's create body;
- `upstream/models.py`: `VendorRecord` (the spec model of the GET answer) and
  `VendorCreateRequest`;
- `sandbox/sample_records.json`: records in the spec's shape (from its examples, else
  synthesized; the same bytes every render), the list answer's other fields and how the
  create body is wrapped, read by the spec version of `sandbox/records.py`;
- `tests/support/records.py`: the ids, create body and canonical record the project's tests
  read instead of spelling the Acme names.

Every module is plain Python, ruff- and mypy --strict-clean in the project.
"""

from __future__ import annotations

import importlib.util
import json
import sys
import tempfile
import types
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ._canonical import (
    LINE_LENGTH,
    _alias,
    _constant,
    _Field,
    _fields,
    _literal,
    _record_class,
    _wrapped,
    canonical_module,
    canonical_types,
    to_resource_lines,
)
from ._listing import NAMES_FILE, list_names, names_source, query_names, records_at
from ._mapping import (
    PYTHON_TYPES,
    CreatePlan,
    MappedField,
    MappingPlan,
    created_envelope,
    mapping_section,
    merged,
    plan_create,
    plan_mapping,
    record_schema,
    scalar_of,
)
from ._proposal import request_media_type
from ._samples import answer_around, item_response, list_response, sample_records
from .project import vendor_models as tool

# Distinct sample records the sandbox cycles through when it seeds its collections.
SAMPLES = 5
SAMPLES_FILE = "sandbox/sample_records.json"
SHAPE_FILE = "tests/support/records.py"
JSON_MEDIA_TYPE = "application/json"
FORM_MEDIA_TYPE = "application/x-www-form-urlencoded"


# A rendered document's placeholder text (a regular expression that must match exactly
# once) and what a spec project says instead.
DocEdit = tuple[str, str, str]


@dataclass(frozen=True)
class ServiceFiles:
    """The spec-shaped files by path ({package} not expanded) and the edits of rendered
    documents that name the placeholder's fields."""

    files: dict[str, bytes]
    edits: tuple[DocEdit, ...]


def doc_edits(
    plan: MappingPlan,
    fields: list[_Field],
    new_record: dict[str, Any],
    id_field: str,
    mistyped: str,
    guide_section: str,
) -> tuple[DocEdit, ...]:
    """What the README, the engineering guide and the fault matrix say in a spec project."""
    body = json.dumps(new_record, ensure_ascii=False).replace("'", "\\u0027")
    names = ", ".join(f"`{field.mapped.canonical_name}`" for field in fields)
    tables = ", ".join(f"`{field.table}`" for field in fields if field.enum is not None)
    return (
        (
            "README.md",
            r"-d '\{\"name\": \"Example record\", \"labels\": \[\"example\"\]\}'",
            f"-d '{body}'",
        ),
        (
            "README.md",
            r"The fields \(`name`, `status`, `amount`, `email`, `labels`\) are the template's "
            r"placeholder\nmodel, not (.*?)'s (\w+): see",
            f"The fields are \\1's \\2 as its spec (spec/vendor-openapi.json) describes it:\n"
            f"{names}; see",
        ),
        (
            "README.md",
            r"The service runs end to end, but its (\w+) is a\nplaceholder:.*?before anyone calls "
            r"the service\.",
            "The service runs end to end on the \\1 as the vendor's spec describes it: the\n"
            "canonical model, the mapping and the sandbox's records were seeded from\n"
            "spec/vendor-openapi.json, and docs/engineering-guide.md lists the vendor fields not\n"
            "mapped yet.",
        ),
        (
            "docs/engineering-guide.md",
            r"enumerations go through the lookup tables \(`VENDOR_STATES`\)\.",
            f"enumerations go through the lookup tables ({tables})."
            if tables
            else "enumerations go through lookup tables.",
        ),
        ("docs/engineering-guide.md", r"\Z", "\n" + guide_section.replace("\\", "\\\\")),
        (
            "docs/fault-matrix.md",
            r'"params": \{"field": "uid"\}',
            f'"params": {{"field": {json.dumps(id_field)}}}',
        ),
        (
            "docs/fault-matrix.md",
            r'"params": \{"field": "created_ts"\}',
            f'"params": {{"field": {json.dumps(mistyped)}}}',
        ),
    )


@contextmanager
def _loaded(models_source: str) -> Iterator[types.ModuleType]:
    """The generated models, imported from a scratch package (removed afterwards)."""
    with tempfile.TemporaryDirectory() as folder:
        package = f"_spec_project_{abs(hash(models_source)) % 10**8}"
        root = Path(folder) / package
        (root / "upstream").mkdir(parents=True)
        (root / "__init__.py").write_text("")
        (root / "upstream" / "__init__.py").write_text("")
        (root / "upstream" / "spec_models.py").write_text(models_source)
        sys.path.insert(0, folder)
        try:
            yield _import(f"{package}.upstream.spec_models", root / "upstream/spec_models.py")
        finally:
            sys.path.remove(folder)
            for name in [name for name in sys.modules if name.startswith(package)]:
                del sys.modules[name]


def _import(name: str, path: Path) -> types.ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def _canonical_json(
    plan: MappingPlan, models: types.ModuleType, record_name: str, answers: list[Any]
) -> list[dict[str, Any]]:
    """The canonical records, as a caller sees them, of vendor answers (through the same
    conversions normalize.py makes)."""
    source = canonical_module(plan, models, record_name)
    module = types.ModuleType(f"{models.__name__.rsplit('.', 2)[0]}.canonical")
    module.__package__ = models.__name__.rsplit(".", 2)[0]
    sys.modules[module.__name__] = module
    exec(compile(source, "<canonical>", "exec"), module.__dict__)
    record = getattr(models, record_name)
    return [
        module.to_resource(record.model_validate(answer)).model_dump(mode="json")
        for answer in answers
    ]


def _imports(annotations: set[str]) -> list[str]:
    """The standard-library imports the annotations need, then a blank line if any."""
    stdlib = [
        name for name in ("date", "datetime") if any(name in a.split(" | ") for a in annotations)
    ]
    lines = [f"from datetime import {', '.join(stdlib)}"] if stdlib else []
    if any("Literal[" in annotation for annotation in annotations):
        lines.append("from typing import Literal")
    return [*lines, ""] if lines else []


def _from_import(module: str, names: list[str]) -> list[str]:
    """`from module import names`, sorted and wrapped as ruff writes it."""
    names = sorted(set(names), key=lambda name: (not name.isupper(), name))
    line = f"from {module} import {', '.join(names)}"
    if len(line) <= LINE_LENGTH:
        return [line]
    return [f"from {module} import (", *(f"    {name}," for name in names), ")"]


def _alias_name(canonical_name: str) -> str:
    name = "".join(part.capitalize() for part in canonical_name.split("_"))
    return f"{name.strip('_') or 'Field'}Value"


def _declared(annotation: str, aliases: dict[str, str], canonical_name: str) -> str:
    literal = next(
        (part for part in [annotation.removesuffix(" | None")] if part.startswith("Literal[")),
        None,
    )
    if literal is None or canonical_name not in aliases:
        return annotation
    return annotation.replace(literal, aliases[canonical_name], 1)


def _python(field: MappedField) -> str:
    """The canonical annotation of a create field (without `| None`), as ruff writes it."""
    if field.scalar.python.startswith("Literal["):
        return _literal(list(field.scalar.enum))
    return field.scalar.python


def _create_annotation(field: MappedField, plain: bool = False) -> str:
    """A create field's annotation; `plain`: an enumeration as its JSON type (the vendor's
    body model leaves the values to the canonical model)."""
    python = PYTHON_TYPES[field.scalar.json_type] if plain and field.scalar.enum else _python(field)
    return python if field.required else f"{python} | None"


def models_source(plan: MappingPlan, create: CreatePlan, fields: list[_Field]) -> str:
    """src/<package>/models.py: the canonical models, seeded from the spec."""
    aliases: dict[str, str] = {}
    alias_lines: list[str] = []
    literals: dict[str, str] = {}
    for field in fields:
        if field.annotation.startswith("Literal["):
            literals[field.mapped.canonical_name] = field.annotation
    for item in create.fields:
        literal = _python(item)
        if literal.startswith("Literal[") and item.canonical_name not in literals:
            literals[item.canonical_name] = literal
    for name, literal in literals.items():
        aliases[name] = _alias_name(name)
        alias_lines += ["", *_alias(aliases[name], literal)]
    annotations = {field.annotation for field in fields} | {_python(item) for item in create.fields}
    head = [
        '"""Canonical models: what our callers see, whatever the vendor\'s payloads look like.',
        "",
        "Seeded from the vendor's spec: the record's id, the simple fields the spec requires and",
        "a few optional ones, types carried over (docs/engineering-guide.md lists the fields not",
        "mapped yet). Vendor shapes live in upstream/; normalize.py is the only module that",
        'knows both."""',
        "",
        "from __future__ import annotations",
        "",
        *_imports(annotations),
    ]
    lines = [
        *head,
        "from pydantic import BaseModel, ConfigDict, Field",
        "",
        "from .constants import RESOURCE_SCHEMA_NAME",
        *alias_lines,
        "",
        "",
        "class CanonicalModel(BaseModel):",
        '    """The base of every canonical model: immutable once built. Each model adds its own',
        '    OpenAPI title, and the input models forbid unknown fields."""',
        "",
        "    model_config = ConfigDict(frozen=True)",
        "",
        "",
        "class ResourceCreate(CanonicalModel):",
        '    """What a caller sends to create a record. Unknown fields are rejected."""',
        "",
        "    model_config = ConfigDict(",
        '        extra="forbid",',
        '        title=f"{RESOURCE_SCHEMA_NAME}Create",',
        "    )",
        "",
    ]
    for item in create.fields:
        annotation = _declared(_create_annotation(item), aliases, item.canonical_name)
        default = "" if item.required else " = None"
        lines.append(f"    {item.canonical_name}: {annotation}{default}")
    if not create.fields:
        lines.append("    pass")
    lines += [
        "",
        "",
        "class Resource(CanonicalModel):",
        '    """One record as our callers see it."""',
        "",
        "    model_config = ConfigDict(title=RESOURCE_SCHEMA_NAME)",
        "",
    ]
    for field in fields:
        declared = _declared(field.declared, aliases, field.mapped.canonical_name)
        lines.append(f"    {field.mapped.canonical_name}: {declared}")
    lines += [
        "",
        "",
        "class ResourcePage(CanonicalModel):",
        '    """One page of a list; pass `next_cursor` back as `cursor` to get the next page."""',
        "",
        '    model_config = ConfigDict(title=f"{RESOURCE_SCHEMA_NAME}Page")',
        "",
        "    items: list[Resource]",
        "    next_cursor: str | None = Field(",
        '        description="Opaque cursor for the next page; null on the last page."',
        "    )",
        "",
    ]
    return "\n".join(lines)


def normalize_source(
    plan: MappingPlan,
    create: CreatePlan,
    fields: list[_Field],
    models: types.ModuleType,
    record_name: str,
) -> str:
    """src/<package>/normalize.py: the vendor record to `Resource`, `ResourceCreate` to the
    vendor's create body."""
    enums = [field for field in fields if field.enum is not None]
    aliases = [_alias_name(field.mapped.canonical_name) for field in enums]
    lines = [
        '"""Vendor models -> canonical models, and back for writes.',
        "",
        "This is the only module that knows both shapes. It was seeded from the vendor's spec;",
        "when the vendor changes a field, or callers need a field not mapped yet",
        "(docs/engineering-guide.md lists them), this is the file to edit (and",
        'tests/unit/test_normalize.py the test to extend)."""',
        "",
        "from __future__ import annotations",
        "",
        "from .errors import ServiceError",
        *_from_import(".models", ["Resource", "ResourceCreate", *aliases]),
        "from .upstream.models import VendorCreateRequest, VendorRecord",
    ]
    if enums:
        names = {field.enum.__name__ for field in enums if field.enum is not None}
        lines += _from_import(".upstream.spec_models", list(names))
    for field, alias in zip(enums, aliases, strict=True):
        assert field.enum is not None
        entries = [
            f"{field.enum.__name__}.{member.name}: {_constant(member.value)}"
            for member in field.enum
        ]
        lines += [
            "",
            *_wrapped(f"{field.table}: dict[{field.enum.__name__}, {alias}] = {{", entries, "}"),
        ]
    lines += [
        "",
        "",
        "def contract_violation(field: str, problem: str) -> ServiceError:",
        "    return ServiceError(",
        '        "UPSTREAM_CONTRACT_VIOLATION",',
        '        "The vendor sent a record this service cannot read.",',
        '        log_context={"vendor_field": field, "problem": problem},',
        "    )",
        "",
        "",
    ]
    lines += to_resource_lines(
        plan, fields, models, record_name, "contract_violation", "VendorRecord"
    )
    lines += ["", "def to_vendor_create(new: ResourceCreate) -> VendorCreateRequest:"]
    if create.fields:
        lines.append("    return VendorCreateRequest(")
        lines += [
            f"        {item.canonical_name}=new.{item.canonical_name}," for item in create.fields
        ]
        lines += ["    )", ""]
    else:
        lines += ["    return VendorCreateRequest()", ""]
    return "\n".join(lines)


def upstream_models_source(
    record_name: str,
    create: CreatePlan,
    envelopes: tuple[str | None, str | None],
    media_type: str = JSON_MEDIA_TYPE,
) -> str:
    """src/<package>/upstream/models.py: the record as the spec models read it, where the
    answers to a GET of a record and to a create keep it (`envelopes`), and the create body
    as the vendor takes it."""
    renamed = {
        item.canonical_name: item.vendor_name
        for item in create.fields
        if item.canonical_name != item.vendor_name
    }
    annotations = {_create_annotation(item, plain=True) for item in create.fields}
    lines = [
        '"""The vendor\'s payloads as the vendor sends them: its names, its encodings, its',
        "nesting.",
        "",
        "The record is read with the models generated from the vendor's spec (spec_models.py,",
        "rebuilt by `make vendor-models`): unknown extra fields are ignored, a missing or",
        "mistyped field we rely on fails validation, which the client reports as",
        "UPSTREAM_CONTRACT_VIOLATION. The create body is seeded from the spec's create",
        'operation: the fields a caller gives (models.py, ResourceCreate)."""',
        "",
        "from __future__ import annotations",
        "",
        *_imports(annotations),
        "from pydantic import BaseModel, ConfigDict",
        "",
        f"from .spec_models import {record_name}",
        "",
        f"VendorRecord = {record_name}",
        "# Where the vendor's answers to a GET of a record and to a create keep the record:",
        "# in a field of the answer, or the answer itself (None). Listed records come bare.",
        f"ITEM_ENVELOPE: str | None = {_py(envelopes[0])}",
        f"CREATED_ENVELOPE: str | None = {_py(envelopes[1])}",
        "# The media type the vendor takes a create in: JSON, or a form (upstream/forms.py).",
        f"CREATE_MEDIA_TYPE = {_constant(media_type)}",
    ]
    if renamed:
        entries = [f"{_constant(key)}: {_constant(value)}" for key, value in renamed.items()]
        lines += ["# Our field names where the vendor's are not Python names."]
        lines += _wrapped("VENDOR_NAMES = {", entries, "}")
    lines += [
        "",
        "",
        "class VendorCreateRequest(BaseModel):",
        '    """What the vendor expects when a record is created."""',
        "",
        '    model_config = ConfigDict(extra="forbid", frozen=True)',
        "",
    ]
    for item in create.fields:
        default = "" if item.required else " = None"
        lines.append(f"    {item.canonical_name}: {_create_annotation(item, plain=True)}{default}")
    envelope = create.envelope
    body = 'self.model_dump(mode="json", exclude_none=True)'
    lines += [
        "",
        "    def wire_body(self) -> dict[str, object]:",
        '        """The JSON body, without the fields we leave to the vendor\'s defaults."""',
        f"        fields: dict[str, object] = {body}",
    ]
    wire = "fields"
    if renamed:
        wire = "{VENDOR_NAMES.get(name, name): value for name, value in fields.items()}"
    if envelope is not None:
        wire = f"{{{_constant(envelope)}: {wire}}}"
    lines += [f"        return {wire}", ""]
    return "\n".join(lines)


def _create_fields(create: CreatePlan) -> dict[str, Any]:
    return {
        item.vendor_name: {
            "type": item.scalar.json_type,
            "enum": list(item.scalar.enum),
            "required": item.required,
        }
        for item in create.fields
    }


def _id_prefix(plan: MappingPlan, first: dict[str, Any]) -> str | None:
    """How the sandbox numbers its ids: None for integer ids, else the first sample's id
    without its last four characters (most sample ids end in the record number; a UUID or
    a patterned id keeps its length and form with four digits in their place)."""
    if plan.id_field.scalar.json_type == "integer":
        return None
    return str(first[plan.id_field.vendor_name])[:-4]


def _example_value(item: MappedField, sample: dict[str, Any]) -> Any:
    value = sample.get(item.vendor_name)
    if value is not None:
        return value
    scalar = item.scalar
    if scalar.enum:
        return scalar.enum[0]
    return {"string": "Example", "integer": 1, "number": 1.5, "boolean": True}[scalar.json_type]


def shape_source(
    media_type: str,
    plan: MappingPlan,
    create: CreatePlan,
    first_ids: tuple[str, str],
    id_prefix: str | None,
    first_record: dict[str, Any],
    new_record: dict[str, Any],
    other_record: dict[str, Any],
    full: dict[str, Any],
    free_text: set[str],
) -> str:
    """tests/support/records.py of a spec project (`free_text`: the record's fields that
    take any text: no pattern, format, enumeration or short length limit)."""
    by_name = {item.canonical_name: item for item in create.fields}
    changes = [
        (name, changed)
        for name, value in full.items()
        for changed in _changed(by_name[name], value)
    ]
    text = next(
        (
            item.canonical_name
            for item in create.fields
            if item.scalar.json_type == "string" and not item.scalar.enum and not item.scalar.format
        ),
        next(iter(new_record), "name"),
    )
    needed = next((field for field in plan.mapped[1:] if field.required), plan.id_field)
    mistyped = _mistyped(plan)
    invalid = _invalid(create, text)
    texts = [
        field
        for field in plan.mapped[1:]
        if field.scalar.json_type == "string" and field.vendor_name in free_text
    ]
    text_field = next((field for field in texts if field.required), texts[0] if texts else needed)
    email = next((field for field in plan.mapped if field.scalar.format == "email"), None)
    number_format = "{number}" if id_prefix is None else f"{id_prefix}{{number:04d}}"
    lines = [
        '"""What a record of this project looks like, for the tests that need one without being',
        "about its fields: ids the sandbox serves, create bodies the service accepts, the record a",
        "caller gets for the sandbox's first record, and vendor fields a fault can break.",
        "",
        "Written from the vendor's spec (spec/vendor-openapi.json): the sandbox's records are in",
        'the vendor\'s shape (sandbox/sample_records.json)."""',
        "",
        "from typing import Any",
        "",
        "from sandbox.answers import answer",
        *(["from sandbox.new_record import form_body"] if media_type == FORM_MEDIA_TYPE else []),
        "from sandbox.records import seed_record",
        "",
        f"FIRST_ID = {_constant(first_ids[0])}",
        f"SECOND_ID = {_constant(first_ids[1])}",
        f"UNKNOWN_ID = {_constant(number_format.format(number=9999))}",
        "",
        "",
        "def seeded_id(number: int) -> str:",
        '    """The id of the sandbox\'s seeded record `number` (1-based)."""',
        f'    return f"{number_format}"',
        "",
        "",
        "def record_number(record_id: str) -> int:",
        '    """The number of a record the sandbox made (`seeded_id`\'s inverse)."""',
        "    return int(record_id"
        + ("" if id_prefix is None else f".removeprefix({_constant(id_prefix)})")
        + ")",
        "",
        "",
        "# A create body the vendor (the sandbox) accepts, in the vendor's shape.",
        *_dict_lines("VENDOR_NEW_RECORD", _vendor_body(create, new_record)),
        "# A create body the service accepts, another one, and a free-text field of it.",
        *_dict_lines("NEW_RECORD", new_record),
        *_dict_lines("OTHER_NEW_RECORD", other_record),
        f"TEXT_FIELD = {_constant(text)}",
        "# A field of the create body and a value of the wrong type for it.",
        f"INVALID_FIELD: tuple[str, object] = ({_constant(invalid[0])}, {_py(invalid[1])})",
        "# A create body with every field, and one change to each field: every one must give",
        "# another idempotency fingerprint.",
        *_dict_lines("CREATE_BODY", full, "object"),
        *_wrapped(
            "CHANGED_FIELDS: list[dict[str, object]] = [",
            [f"{{{_constant(key)}: {_py(value)}}}" for key, value in changes],
            "]",
        ),
        "# The sandbox's first record as a caller sees it.",
        *_dict_lines("FIRST_RECORD", first_record),
        "# The vendor's id field, a field the mapping needs and one whose type it relies on.",
        f"VENDOR_ID_FIELD = {_constant(plan.id_field.vendor_name)}",
        f"VENDOR_NEEDED_FIELD = {_constant(needed.vendor_name)}",
        f"VENDOR_MISTYPED_FIELD = {_constant(mistyped.vendor_name)}",
        "# Fields of the vendor's record that may carry personal data: a text and an email",
        "# address.",
        f"VENDOR_TEXT_FIELD = {_constant(text_field.vendor_name)}",
        f"VENDOR_EMAIL_FIELD: str | None = {_py(email.vendor_name if email else None)}",
        "",
        "",
        "def vendor_create(body: dict[str, Any]) -> dict[str, Any]:",
        '    """httpx\'s arguments that send `body` to the vendor as it takes a create: as',
        *(
            [
                '    a form (sandbox/new_record.py), nested fields in bracketed keys."""',
                '    return {"content": form_body(body)}',
            ]
            if media_type == FORM_MEDIA_TYPE
            else ['    JSON."""', '    return {"json": body}']
        ),
        "",
        "",
        "def vendor_answer(record_id: str) -> dict[str, Any]:",
        '    """The vendor\'s answer to a GET of a record: the sandbox\'s first record, under its',
        '    own id (the vendor\'s ids have a form of their own; `record_id` is any caller\'s)."""',
        "    del record_id",
        '    return answer("get", seed_record(1).to_json())',
        "",
    ]
    return "\n".join(lines)


def _py(value: Any) -> str:
    """A JSON value as a Python literal, as ruff format writes it (on one line)."""
    if value is None or isinstance(value, bool):
        return repr(value)
    if isinstance(value, dict):
        return (
            "{" + ", ".join(f"{_constant(key)}: {_py(item)}" for key, item in value.items()) + "}"
        )
    return _constant(value)


def _dict_lines(name: str, value: dict[str, Any], kind: str = "Any") -> list[str]:
    entries = [f"{_constant(key)}: {_py(item)}" for key, item in value.items()]
    return _wrapped(f"{name}: dict[str, {kind}] = {{", entries, "}")


def _free_text(spec: dict[str, Any], record: dict[str, Any]) -> set[str]:
    """The record's string fields that take any text (personal data can go there)."""
    found = set()
    for name, schema in (record.get("properties") or {}).items():
        resolved = merged(spec, schema)
        scalar = scalar_of(spec, resolved)
        short = int(resolved.get("maxLength", 1000)) < 40
        if scalar is None or scalar.json_type != "string" or scalar.enum or scalar.format:
            continue
        if "pattern" not in resolved and not short:
            found.add(name)
    return found


def _vendor_body(create: CreatePlan, new_record: dict[str, Any]) -> dict[str, Any]:
    """A create body as the vendor takes it: the vendor's names, in its envelope."""
    names = {item.canonical_name: item.vendor_name for item in create.fields}
    body = {names[name]: value for name, value in new_record.items()}
    return body if create.envelope is None else {create.envelope: body}


def _mistyped(plan: MappingPlan) -> MappedField:
    """A required field the mapping relies on, preferably not text (any value of another
    type breaks it), else the id."""
    return next(
        (
            field
            for field in plan.mapped[1:]
            if field.required and field.scalar.json_type != "string"
        ),
        plan.id_field,
    )


def _invalid(create: CreatePlan, text: str) -> tuple[str, Any]:
    """A create field and a value the canonical model refuses: a word for a number or a
    yes/no field, a number for a text field."""
    for item in create.fields:
        if item.scalar.json_type != "string" or item.scalar.enum:
            return item.canonical_name, "not-a-valid-value"
    return text, 12345


def _changed(item: MappedField, value: Any) -> list[Any]:
    """Other values of a create field than `value`: one of its type, and None if optional."""
    scalar = item.scalar
    if scalar.enum:
        others = [member for member in scalar.enum if member != value][:1]
    elif scalar.json_type == "boolean":
        others = [not value]
    elif scalar.json_type in ("integer", "number"):
        others = [value + 1]
    else:
        others = ["Changed value" if value != "Changed value" else "Another value"]
    return others + ([None] if not item.required else [])


def service_files(
    trimmed: dict[str, Any], id_parameter: str | None, models_text: str, record_name: str
) -> ServiceFiles:
    """The spec-shaped files of a project, from its trimmed spec and generated models."""
    plan = plan_mapping(trimmed, id_parameter)
    create = plan_create(trimmed, plan)
    record, _ = record_schema(trimmed)
    _, item_path, _ = tool.resource_of(trimmed)
    samples = sample_records(trimmed, plan, record, item_path, SAMPLES)
    # The sandbox numbers its records: the samples carry the ids it serves them under.
    prefix = _id_prefix(plan, samples[0])
    for number, sample in enumerate(samples, start=1):
        sample[plan.id_field.vendor_name] = number if prefix is None else f"{prefix}{number:04d}"
    names = list_names(trimmed)
    query = query_names(trimmed)
    media_type = _create_media_type(trimmed)
    listing = list_response(trimmed, plan, [], records_at(trimmed))
    list_fields = {
        key: value
        for key, value in (listing.items() if isinstance(listing, dict) else [])
        if key not in PAGINATION_KEYS and key != records_at(trimmed)
    }
    created_at = created_envelope(trimmed, plan)
    _, _, collection_path = tool.resource_of(trimmed)
    around = {
        "get": item_response(trimmed, plan, samples[0]),
        "create": answer_around(trimmed, plan, samples[0], (collection_path, "post"), created_at),
    }
    with _loaded(models_text) as models:
        record_class = _record_class(models, record_name, plan.envelope)
        fields = _fields(plan, record_class)
        first = _canonical_json(plan, models, record_name, [around["get"]])[0]
        types_ = canonical_types(plan, models, record_name)
        models_py = models_source(plan, create, fields)
        # The client takes the record out of its envelope: the mapping reads it bare.
        bare = replace(plan, envelope=None)
        normalize_py = normalize_source(bare, create, fields, models, record_class.__name__)
    upstream_py = upstream_models_source(
        record_class.__name__, create, (plan.envelope, created_at), media_type
    )
    ids = (str(samples[0][plan.id_field.vendor_name]), str(samples[1][plan.id_field.vendor_name]))
    new = {
        item.canonical_name: _example_value(item, samples[0])
        for item in create.fields
        if item.required
    }
    if not new and create.fields:
        # No field required: a body with one, so that a test can send a wrong value.
        new = {create.fields[0].canonical_name: _example_value(create.fields[0], samples[0])}
    # Another create body: its first field changed (or, with none required, one given).
    other = dict(new)
    for item in create.fields:
        if item.canonical_name in other or not new:
            value = _example_value(item, samples[0])
            other[item.canonical_name] = _changed(item, other.get(item.canonical_name, value))[0]
            break
    full = {item.canonical_name: _example_value(item, samples[0]) for item in create.fields}
    shape = {
        "id_field": plan.id_field.vendor_name,
        "id_prefix": prefix,
        "typed_field": _mistyped(plan).vendor_name,
        "records": samples,
        "list_fields": list_fields,
        # The names of the list answers' records and paging facts, by pagination style.
        "list_names": names,
        # The names of the query parameters the list requests take, by pagination style.
        "query_names": query,
        # Where the answers to a GET of a record and to a create keep it, with their other
        # fields (the sandbox answers in the same envelope).
        "answers": _answers(around, {"get": plan.envelope, "create": created_at}),
        "create_envelope": create.envelope,
        "create_fields": _create_fields(create),
        # The media type the vendor takes a create in (the sandbox reads a form as one).
        "create_media_type": media_type,
    }
    files = {
        NAMES_FILE: names_source(names, query),
        "src/{package}/models.py": models_py,
        "src/{package}/normalize.py": normalize_py,
        "src/{package}/upstream/models.py": upstream_py,
        SAMPLES_FILE: json.dumps(shape, indent=2, ensure_ascii=False) + "\n",
        SHAPE_FILE: shape_source(
            media_type,
            plan,
            create,
            ids,
            prefix,
            first,
            new,
            other,
            full,
            _free_text(trimmed, record),
        ),
    }
    edits = doc_edits(
        plan,
        fields,
        new,
        plan.id_field.vendor_name,
        _mistyped(plan).vendor_name,
        mapping_section(plan, types_),
    )
    return ServiceFiles({path: text.encode("utf-8") for path, text in files.items()}, edits)


def _create_media_type(trimmed: dict[str, Any]) -> str:
    """The media type of the create operation's request body (JSON without one)."""
    _, _, collection_path = tool.resource_of(trimmed)
    operation = tool._operation(trimmed, collection_path, "post") or {}
    body = tool._resolve(trimmed, operation.get("requestBody") or {})
    return request_media_type(body) or JSON_MEDIA_TYPE


def _answers(around: dict[str, Any], envelopes: dict[str, str | None]) -> dict[str, Any]:
    """By operation, where its answer keeps the record and the answer's other fields."""
    return {
        operation: {
            "envelope": envelope,
            "fields": {}
            if envelope is None
            else {key: value for key, value in around[operation].items() if key != envelope},
        }
        for operation, envelope in envelopes.items()
    }


PAGINATION_KEYS = frozenset(
    {"has_more", "next_cursor", "page", "per_page", "total_pages", "total", "offset", "limit"}
)
