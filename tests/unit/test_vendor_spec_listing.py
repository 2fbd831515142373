"""What a spec project takes from the vendor's answers besides the record: where the list
answer keeps its records and paging facts, for each pagination style; where the answers to
a GET and a create keep the record; and the create's media type."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

import pytest

from integration_template.vendor_spec import load_spec, model_schemas, plan_mapping, propose
from integration_template.vendor_spec._listing import CONSTANTS, list_names, names_source
from integration_template.vendor_spec._mapping import created_envelope
from integration_template.vendor_spec._service import _create_media_type
from tests.support import ROOT
from tests.unit.test_vendor_spec import CASES, SPECS


def trimmed(vendor: str) -> dict[str, Any]:
    """The vendor's spec as the project keeps it (trimmed to the resource's operations)."""
    case = next(case for case in CASES if case.vendor == vendor)
    spec = load_spec(SPECS / f"{vendor}.json")
    proposal = propose(spec, case.item, case.collection, case.given)
    answers = {**proposal.answers, **case.given}
    schemas = model_schemas(spec, replace(proposal, answers=answers))
    document: dict[str, Any] = json.loads(schemas.spec_text)
    return document


@pytest.mark.parametrize(
    ("vendor", "style", "expected"),
    [
        ("linode", "page_number", {"records": "data", "page": "page", "count": "pages"}),
        ("salesloft", "page_number", {"records": "", "page": None, "count": None}),
        ("mailchimp", "offset", {"records": "members", "start": None, "total": "total_items"}),
        ("square", "cursor", {"records": "customers", "has_more": None, "next": "cursor"}),
        (
            "slack",
            "cursor",
            {"records": "channels", "next": "response_metadata.next_cursor", "last": "omit"},
        ),
        ("stripe", "cursor", {"records": "data"}),
    ],
)
def test_the_list_names_are_the_specs(vendor: str, style: str, expected: dict[str, Any]) -> None:
    names = list_names(trimmed(vendor))[style]

    assert {key: names.get(key) for key in expected} == expected


def test_a_bare_array_has_no_cursor_names() -> None:
    assert "cursor" not in list_names(trimmed("github"))


def test_the_paginators_names_module_is_written_from_them() -> None:
    source = names_source(list_names(trimmed("linode")))

    assert 'PAGE_RECORDS = "data"' in source
    assert 'PAGE_COUNT: str | None = "pages"' in source
    assert "OFFSET_START: str | None = None" in source
    # Names the spec does not declare keep the template's (the sandbox's) own.
    assert 'CURSOR_HAS_MORE: str | None = "has_more"' in source


def test_the_template_names_module_has_every_constant_the_cli_writes() -> None:
    template = (
        ROOT
        / "{{cookiecutter.project_slug}}/src/{{cookiecutter.__package_name}}"
        / "upstream/pagination/names.py"
    ).read_text(encoding="utf-8")

    for constants in CONSTANTS.values():
        for _, constant, value in constants:
            assert f" = {json.dumps(value)}\n" in template.split(f"{constant}", 1)[1][:60]


@pytest.mark.parametrize(
    ("vendor", "item", "created"),
    [("asana", "data", "data"), ("square", "customer", "customer"), ("stripe", None, None)],
)
def test_the_answers_envelopes_are_the_specs(
    vendor: str, item: str | None, created: str | None
) -> None:
    spec = trimmed(vendor)
    plan = plan_mapping(spec, None)

    assert (plan.envelope, created_envelope(spec, plan)) == (item, created)


@pytest.mark.parametrize(
    ("vendor", "media_type"),
    [
        ("stripe", "application/x-www-form-urlencoded"),
        ("twilio", "application/x-www-form-urlencoded"),
        ("asana", "application/json"),
    ],
)
def test_the_create_media_type_is_the_specs(vendor: str, media_type: str) -> None:
    assert _create_media_type(trimmed(vendor)) == media_type
