"""What a spec project takes from the vendor's answers besides the record: where the list
answer keeps its records and paging facts, and the query parameters its requests send, for
each pagination style; where the answers to
a GET and a create keep the record; and the create's media type."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

import pytest

from integration_template.vendor_spec import load_spec, model_schemas, plan_mapping, propose
from integration_template.vendor_spec._listing import (
    CONSTANTS,
    QUERY_CONSTANTS,
    list_names,
    names_source,
    query_names,
)
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
    spec = trimmed("linode")
    source = names_source(list_names(spec), query_names(spec))

    assert 'PAGE_RECORDS = "data"' in source
    assert 'PAGE_COUNT: str | None = "pages"' in source
    assert "OFFSET_START: str | None = None" in source
    # Names the spec does not declare keep the template's (the sandbox's) own.
    assert 'CURSOR_HAS_MORE: str | None = "has_more"' in source
    # The requests send Linode's own query parameters.
    assert 'PAGE_PARAM = "page"' in source
    assert 'PAGE_SIZE_PARAM: str | None = "page_size"' in source
    assert 'LINK_PAGE_SIZE_PARAM: str | None = "page_size"' in source


@pytest.mark.parametrize(
    ("vendor", "style", "expected"),
    [
        ("linode", "page_number", {"page": "page", "size": "page_size"}),
        ("sendgrid", "cursor", {"after": "page_token", "limit": "page_size"}),
        ("twilio", "cursor", {"after": "PageToken", "limit": "PageSize"}),
        ("twilio", "page_number", {"page": "Page", "size": "PageSize"}),
        ("mailchimp", "offset", {"offset": "offset", "limit": "count"}),
        ("square", "cursor", {"after": "cursor", "limit": "limit"}),
        # Asana's `offset` is a string: an opaque cursor, not a number to add to.
        ("asana", "cursor", {"after": "offset", "limit": "limit"}),
        ("asana", "offset", {"offset": None, "limit": "limit"}),
        # Stripe's `ending_before` pages backwards: the next page is `starting_after`.
        ("stripe", "cursor", {"after": "starting_after", "limit": "limit"}),
        ("github", "link_header", {"page": "page", "size": "per_page"}),
        ("salesloft", "page_number", {"page": "page", "size": "per_page"}),
    ],
)
def test_the_query_parameters_are_the_specs(
    vendor: str, style: str, expected: dict[str, Any]
) -> None:
    names = query_names(trimmed(vendor))[style]

    assert {key: names.get(key) for key in expected} == expected


def test_a_spec_without_a_page_size_parameter_sends_none() -> None:
    spec = trimmed("linode")
    operation = spec["paths"]["/linode/instances"]["get"]
    # Linode's parameters are components: `pageSize` is its `page_size`.
    operation["parameters"] = [
        parameter for parameter in operation["parameters"] if "pageSize" not in str(parameter)
    ]

    names = query_names(spec)
    source = names_source(list_names(spec), names)

    assert names["page_number"] == {"page": "page", "size": None}
    assert "PAGE_SIZE_PARAM: str | None = None" in source
    # A position the spec does not declare keeps the template's name.
    assert 'CURSOR_AFTER_PARAM = "starting_after"' in source


def test_a_spec_without_paging_parameters_keeps_the_template_names() -> None:
    spec = trimmed("launchdarkly")

    assert query_names(spec) == {}
    assert 'CURSOR_LIMIT_PARAM: str | None = "limit"' in names_source(list_names(spec), {})


def test_the_template_names_module_has_every_constant_the_cli_writes() -> None:
    template = (
        ROOT
        / "{{cookiecutter.project_slug}}/src/{{cookiecutter.__package_name}}"
        / "upstream/pagination/names.py"
    ).read_text(encoding="utf-8")

    for constants in (*CONSTANTS.values(), *QUERY_CONSTANTS.values()):
        for _, constant, value in constants:
            assert f" = {json.dumps(value)}\n" in template.split(f"\n{constant}", 1)[1][:60]


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
