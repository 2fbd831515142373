"""The day-one mapping and the sandbox records of a vendor spec, on the real corpus: the id
and the required simple fields mapped with their types, the rest listed as not mapped yet;
records that validate against the spec's record schema, the same bytes every time (a
project's sandbox serves them: sandbox/sample_records.json)."""

from __future__ import annotations

import json
import sys
from functools import cache
from typing import Any

import jsonschema
import pytest

from integration_template.vendor_spec import load_spec, model_schemas, propose
from integration_template.vendor_spec._mapping import (
    MappingError,
    canonical_name,
    create_schema,
    merged,
    plan_create,
    plan_mapping,
    record_schema,
    resolve,
    scalar_of,
)
from integration_template.vendor_spec._samples import (
    fits,
    item_response,
    list_response,
    sample_records,
)
from integration_template.vendor_spec.project.vendor_models import resource_of
from tests.support import ROOT, run_checked
from tests.unit.test_vendor_spec import CASES, SPECS, Case

# Trello describes no record; Slack's conversation is an array-of-anyOf schema and Vimeo's
# album has no id field (only its `uri`): those keep the engineer's own mapping.
UNMAPPABLE = {"trello", "slack", "vimeo"}
MAPPED = [case for case in CASES if case.vendor not in UNMAPPABLE]
IDS = {
    "stripe": ("id", "str"),
    "asana": ("gid", "str"),
    "github": ("number", "int"),
    "twilio": ("sid", "str"),
    "square": ("id", "str"),
    "launchdarkly": ("key", "str"),
    "sendgrid": ("id", "str"),
    "salesloft": ("id", "int"),
    "mailchimp": ("id", "str"),
    "linode": ("id", "int"),
}
COUNT = 25


@cache
def trimmed(vendor: str) -> tuple[dict[str, Any], str | None, str]:
    case = next(case for case in CASES if case.vendor == vendor)
    spec = load_spec(SPECS / f"{vendor}.json")
    proposal = propose(spec, case.item, case.collection, case.given)
    text = model_schemas(spec, proposal).spec_text
    facts = proposal.facts
    return json.loads(text), facts.item_id_parameter, facts.item_path


def openapi_to_json_schema(value: Any) -> Any:
    """OpenAPI 3.0's `nullable: true` as JSON Schema's null type, for the validator."""
    if isinstance(value, list):
        return [openapi_to_json_schema(item) for item in value]
    if not isinstance(value, dict):
        return value
    converted = {key: openapi_to_json_schema(item) for key, item in value.items()}
    if converted.get("nullable") is True:
        declared = converted.get("type")
        if isinstance(declared, str):
            converted["type"] = [declared, "null"]
        elif "enum" in converted:
            converted["enum"] = [*converted["enum"], None]
        else:
            converted = {"anyOf": [converted, {"type": "null"}]}
    return converted


def validator(spec: dict[str, Any], schema: dict[str, Any]) -> jsonschema.protocols.Validator:
    root = openapi_to_json_schema({**schema, "components": spec.get("components") or {}})
    if str(spec.get("openapi", "")).startswith("3.0"):
        return jsonschema.Draft4Validator(root)
    return jsonschema.Draft202012Validator(root)


@pytest.mark.parametrize("case", MAPPED, ids=[case.vendor for case in MAPPED])
def test_the_id_and_the_required_scalars_are_mapped_with_their_types(case: Case) -> None:
    spec, parameter, _ = trimmed(case.vendor)
    plan = plan_mapping(spec, parameter)
    record, _ = record_schema(spec)
    assert (plan.id_field.vendor_name, plan.id_field.annotation) == IDS[case.vendor]
    assert plan.mapped[0] == plan.id_field
    assert plan.id_field.canonical_name == "id"
    names = [field.vendor_name for field in plan.mapped]
    required_scalars = [
        name
        for name, schema in record["properties"].items()
        if name in (record.get("required") or [])
        and scalar_of(spec, schema) is not None
        and not merged(spec, schema).get("deprecated")
    ]
    assert set(required_scalars) <= set(names)
    assert len([field for field in plan.mapped if not field.required]) <= 5
    canonical = [field.canonical_name for field in plan.mapped]
    assert len(set(canonical)) == len(canonical)
    assert all(name.isidentifier() and name == name.lower() for name in canonical)
    unmapped = {field.vendor_name for field in plan.unmapped}
    assert unmapped.isdisjoint(names)
    # Nothing dropped silently: each field of the record is mapped or listed with a reason.
    assert unmapped | set(names) == set(record["properties"])


def test_types_are_carried_over() -> None:
    spec, parameter, _ = trimmed("github")
    plan = {field.vendor_name: field for field in plan_mapping(spec, parameter).mapped}
    assert plan["created_at"].annotation == "datetime"
    assert plan["closed_at"].annotation == "datetime | None"
    assert plan["locked"].annotation == "bool"
    assert plan["comments"].annotation == "int"
    assert plan["author_association"].annotation.startswith("Literal['COLLABORATOR'")
    # The vendor's own `id` is kept beside the canonical id (the issue number).
    assert plan["id"].canonical_name == "vendor_id"
    reasons = {field.vendor_name: field.reason for field in plan_mapping(spec, parameter).unmapped}
    assert reasons["labels"] == "a list"
    assert reasons["milestone"] == "a nested object"


def test_deprecated_fields_are_not_mapped() -> None:
    spec, parameter, _ = trimmed("linode")
    reasons = {field.vendor_name: field.reason for field in plan_mapping(spec, parameter).unmapped}
    assert reasons["group"] == "deprecated by the vendor"


def test_an_envelope_around_the_record_is_unwrapped() -> None:
    spec, parameter, _ = trimmed("asana")
    assert plan_mapping(spec, parameter).envelope == "data"


@pytest.mark.parametrize("vendor", ["slack", "vimeo"])
def test_a_record_without_an_id_field_is_refused_with_what_was_looked_for(vendor: str) -> None:
    spec, parameter, _ = trimmed(vendor)
    with pytest.raises(MappingError, match="no string or integer id field"):
        plan_mapping(spec, parameter)


def test_canonical_names_are_python_identifiers_and_unique() -> None:
    taken = {"id"}
    assert canonical_name("createdAt", taken) == "created_at"
    assert canonical_name("from", taken) == "from_"
    assert canonical_name("id", taken) == "vendor_id"
    assert canonical_name("2fa", taken) == "field_2fa"
    assert canonical_name("created_at", taken) == "vendor_created_at"
    assert canonical_name("createdAt", taken) == "vendor_created_at_2"
    assert canonical_name("model_config", taken) == "model_config_"


@pytest.mark.parametrize("case", MAPPED, ids=[case.vendor for case in MAPPED])
def test_sample_records_validate_against_the_record_schema(case: Case) -> None:
    spec, parameter, item_path = trimmed(case.vendor)
    plan = plan_mapping(spec, parameter)
    record, _ = record_schema(spec)
    samples = sample_records(spec, plan, record, item_path, COUNT)
    check = validator(spec, record)
    for sample in samples:
        errors = [f"{list(error.path)}: {error.message}" for error in check.iter_errors(sample)]
        assert not errors, errors[:5]
        assert {field.vendor_name for field in plan.mapped} <= set(sample)
    ids = [sample[plan.id_field.vendor_name] for sample in samples]
    assert len(set(ids)) == COUNT
    again = sample_records(spec, plan, record, item_path, COUNT)
    assert json.dumps(again).encode() == json.dumps(samples).encode()


def test_examples_that_fit_are_used_and_others_are_not() -> None:
    spec, parameter, item_path = trimmed("stripe")
    assert fits(spec, {"type": "string", "format": "date-time"}, "2024-01-01T00:00:00Z")
    assert not fits(spec, {"type": "string", "format": "date-time"}, "yesterday")
    assert not fits(spec, {"type": "string", "format": "date-time"}, "2024-01-01T00:00:00")
    assert not fits(spec, {"type": "string", "format": "uuid"}, "3a3ddd59d9a78bb8de04139107")
    assert not fits(spec, {"type": "string", "format": "uri"}, "not a uri")
    assert not fits(spec, {"type": "integer", "maximum": 3}, 4)
    assert not fits(spec, {"type": "integer"}, True)
    assert not fits(spec, {"type": "string", "enum": ["a"]}, "b")
    assert fits(spec, {"type": "string", "nullable": True}, None)
    assert not fits(spec, {"type": "object"}, {})
    github, parameter, item_path = trimmed("github")
    plan = plan_mapping(github, parameter)
    record, _ = record_schema(github)
    first = sample_records(github, plan, record, item_path, 1)[0]
    # GitHub's issue schema gives examples, e.g. its url.
    example = record["properties"]["url"].get("example")
    assert example is not None
    assert first["url"] == example


def test_sample_records_are_the_same_bytes_in_another_process() -> None:
    """No hash seed, clock or randomness reaches the records: a second interpreter with
    another PYTHONHASHSEED writes the same bytes."""
    code = (
        "import json, sys\n"
        "from tests.unit.test_vendor_mapping import trimmed\n"
        "from integration_template.vendor_spec._mapping import plan_mapping, record_schema\n"
        "from integration_template.vendor_spec._samples import sample_records\n"
        "spec, parameter, item = trimmed('twilio')\n"
        "plan = plan_mapping(spec, parameter)\n"
        "records = sample_records(spec, plan, record_schema(spec)[0], item, 25)\n"
        "sys.stdout.write(json.dumps(records))\n"
    )
    outputs = {
        run_checked([sys.executable, "-c", code], ROOT, env={"PYTHONHASHSEED": seed})
        for seed in ("1", "2")
    }
    spec, parameter, item_path = trimmed("twilio")
    plan = plan_mapping(spec, parameter)
    here = sample_records(spec, plan, record_schema(spec)[0], item_path, COUNT)
    assert outputs == {json.dumps(here)}


def response_schema(spec: dict[str, Any], path: str) -> dict[str, Any]:
    operation = spec["paths"][path]["get"]
    response = next(iter(operation["responses"].values()))
    response = resolve(spec, response)
    return next(iter(response["content"].values()))["schema"]  # type: ignore[no-any-return]


@pytest.mark.parametrize("case", MAPPED, ids=[case.vendor for case in MAPPED])
def test_item_and_list_answers_validate_against_the_response_schemas(case: Case) -> None:
    spec, parameter, item_path = trimmed(case.vendor)
    plan = plan_mapping(spec, parameter)
    records = sample_records(spec, plan, record_schema(spec)[0], item_path, 3)
    _, _, collection_path = resource_of(spec)
    item = item_response(spec, plan, records[0])
    errors = validator(spec, response_schema(spec, item_path)).iter_errors(item)
    assert not [f"{list(error.path)}: {error.message}" for error in errors]
    listing = list_response(spec, plan, records, case.records)
    errors = validator(spec, response_schema(spec, collection_path)).iter_errors(listing)
    assert not [f"{list(error.path)}: {error.message}" for error in errors][:5]
    assert (listing[case.records] if case.records else listing) == records


CREATES = {
    "stripe": (None, {"name": True, "active": False, "description": False}),
    "asana": ("data", {"name": False, "resource_subtype": False}),
    "github": (None, {"title": True, "body": False}),
    "twilio": (None, {"To": True}),
    "mailchimp": (None, {"email_address": True, "status": True, "email_type": False}),
    "linode": (None, {"type": True, "region": True, "image": False}),
}


@pytest.mark.parametrize("vendor", sorted(CREATES))
def test_the_create_plan_asks_for_the_required_fields_and_the_mapped_ones(vendor: str) -> None:
    spec, parameter, _ = trimmed(vendor)
    plan = plan_mapping(spec, parameter)
    create = plan_create(spec, plan)
    envelope, expected = CREATES[vendor]
    assert create.envelope == envelope
    given = {field.vendor_name: field.required for field in create.fields}
    assert {name: given.get(name) for name in expected} == expected
    record = {field.vendor_name: field.canonical_name for field in plan.mapped}
    for field in create.fields:
        if field.vendor_name in record:
            assert field.canonical_name == record[field.vendor_name]
        else:
            assert field.required
            assert field.canonical_name not in record.values()
    body = create_schema(spec)
    if envelope:
        body = merged(spec, body["properties"][envelope])
    listed = {field.vendor_name for field in create.fields} | {
        field.vendor_name for field in create.unmapped
    }
    assert listed == set(body["properties"])


def test_a_create_body_that_requires_a_nested_field_is_refused() -> None:
    spec, parameter, _ = trimmed("github")
    plan = plan_mapping(spec, parameter)
    nested = json.loads(json.dumps(spec))
    body = create_schema(nested)
    body.setdefault("required", []).append("labels")
    collection = resource_of(nested)[2]
    content = nested["paths"][collection]["post"]["requestBody"]["content"]
    next(iter(content.values()))["schema"] = body
    with pytest.raises(MappingError, match="the create body requires 'labels', a list"):
        plan_create(nested, plan)
