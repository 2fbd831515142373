"""The pre_gen hook's validator: every invalid answer reported at once, clearly."""

from __future__ import annotations

import json
from typing import Any

import pytest
from syrupy.assertion import SnapshotAssertion

from template_extensions import choice_lists_json
from tests.support import CHOICE_QUESTIONS, default_answers, load_hook

pre_gen = load_hook("pre_gen_project")


def errors_for(**changes: Any) -> list[Any]:
    answers = default_answers()
    answers.update(changes)
    return list(pre_gen.validate(answers))


def fields_of(errors: list[Any]) -> list[str]:
    return [error.field for error in errors]


def test_defaults_are_valid() -> None:
    assert errors_for() == []


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("customer_name", ""),
        ("customer_name", "   "),
        ("vendor_name", "x" * 81),
        ("integration_name", "two\nlines"),
        ("integration_name", "tab\there"),
        ("customer_name", "{{ 7 * 7 }}"),
        ("customer_name", "{% if %}"),
        ("customer_name", "Emoji \U0001f600 Inc"),
        ("project_slug", "../evil"),
        ("project_slug", "Acme"),
        ("project_slug", "acme--crm"),
        ("project_slug", "acme_crm"),
        ("project_slug", "1acme"),
        ("project_slug", "a" * 51),
        ("project_slug", "/etc/passwd"),
        ("project_slug", "acme-crm\n"),
        ("__package_name", "class"),
        ("__package_name", "match"),
        ("__package_name", "acme-crm"),
        ("__package_name", "json"),
        ("__package_name", "sandbox"),
        ("__package_name", "1abc"),
        ("__package_name", "acme_crm\n"),
        ("vendor_base_url", "ftp://api.vendor.example"),
        ("vendor_base_url", "api.vendor.example"),
        ("vendor_base_url", "https://user:pw@api.vendor.example"),
        ("vendor_base_url", "https://api.vendor.example/v2?key=1"),
        ("vendor_base_url", "https://api.vendor.example/v2#top"),
        ("vendor_base_url", "https://api.vendor.example/ v2"),
        ("vendor_base_url", "https://"),
        ("vendor_base_url", "https://api.vendor.example:99999"),
        ("resource_name", "Contact"),
        ("resource_name", "class"),
        ("resource_name", "contact-person"),
        ("resource_name", ""),
        ("resource_name", "contact\n"),
        ("__resource_plural", "people!"),
        ("__resource_plural", "contacts\n"),
        ("vendor_rate_limit", "ten per second"),
        ("vendor_rate_limit", "10/fortnight"),
        ("vendor_rate_limit", "0/second"),
        ("vendor_rate_limit", ""),
        ("vendor_rate_limit", "10/second\n"),
        ("vendor_rate_limit", "10\tper second"),
        ("vendor_auth", "basic"),
        ("vendor_pagination", "scroll"),
        ("vendor_idempotency_keys", "maybe"),
        ("inbound_auth", "mtls"),
        ("data_classification", "public"),
        ("state_backend", "postgres"),
        ("ci_provider", "jenkins"),
        ("python_version", "3.10"),
    ],
)
def test_each_invalid_answer_is_reported(field: str, value: Any) -> None:
    errors = errors_for(**{field: value})

    assert field.lstrip("_") in fields_of(errors)
    for error in errors:
        assert error.reason and error.example


@pytest.mark.parametrize(
    "value", ["10/second", "600/minute", "10 per second", "100 per 15 minutes", "5000/day"]
)
def test_rate_limit_forms_that_parse(value: str) -> None:
    assert errors_for(vendor_rate_limit=value) == []


@pytest.mark.parametrize(
    "value",
    ["O'Brien & Sons", 'Quote "Co"', "Back\\slash", "Zürich Straße AG", "'; import os; #"],
)
def test_hostile_but_printable_names_are_accepted(value: str) -> None:
    assert errors_for(customer_name=value, vendor_name=value) == []


def test_unsupported_combinations_are_reported() -> None:
    no_vendor_auth = errors_for(data_classification="confidential_pii", vendor_auth="none")
    plain_http = errors_for(
        data_classification="confidential_pii", vendor_base_url="http://api.vendor.example"
    )
    loopback_http = errors_for(
        data_classification="confidential_pii", vendor_base_url="http://127.0.0.1:9000"
    )
    same_plural = errors_for(resource_name="sheep", __resource_plural="sheep")

    assert fields_of(no_vendor_auth) == ["vendor_auth"]
    assert "confidential_pii" in no_vendor_auth[0].reason
    assert fields_of(plain_http) == ["vendor_base_url"]
    assert loopback_http == []
    assert fields_of(same_plural) == ["resource_plural"]


def test_every_problem_is_reported_at_once() -> None:
    errors = errors_for(
        customer_name="",
        project_slug="../x",
        vendor_base_url="ftp://x",
        vendor_rate_limit="lots",
        vendor_auth="basic",
    )

    assert fields_of(errors) == [
        "customer_name",
        "project_slug",
        "vendor_base_url",
        "vendor_rate_limit",
        "vendor_auth",
    ]


def test_error_report_snapshot(snapshot: SnapshotAssertion) -> None:
    errors = errors_for(
        customer_name="",
        integration_name="two\nlines",
        project_slug="../evil",
        __package_name="class",
        vendor_base_url="https://user:secret@api.vendor.example/v2?x=1",
        resource_name="Contact",
        vendor_rate_limit="ten per second",
        vendor_auth="none",
        data_classification="confidential_pii",
        python_version="2.7",
    )

    assert pre_gen.format_errors(errors) == snapshot


def test_single_error_report_snapshot(snapshot: SnapshotAssertion) -> None:
    assert pre_gen.format_errors(errors_for(project_slug="Acme CRM")) == snapshot


def test_url_passwords_are_not_repeated_in_the_report() -> None:
    report = pre_gen.format_errors(errors_for(vendor_base_url="https://bot:hunter2@vendor.test/"))

    assert "hunter2" not in report
    assert "bot:***@vendor.test" in report


def test_long_values_are_shortened_in_the_report() -> None:
    report = pre_gen.format_errors(errors_for(customer_name="x" * 500))

    assert "x" * 100 not in report
    assert "..." in report


DEPENDENCY_NAMES = [
    "fastapi",
    "pydantic",
    "httpx",
    "starlette",
    "structlog",
    "limits",
    "tenacity",
    "anyio",
    "uvicorn",
    "jwt",
    "pytest",
    "prometheus_client",
]


@pytest.mark.parametrize("name", DEPENDENCY_NAMES)
def test_names_of_the_projects_dependencies_are_refused(name: str) -> None:
    slug = name.replace("_", "-")

    errors = errors_for(project_slug=slug, __package_name=name)

    assert "package_name" in fields_of(errors)
    assert all("dependency of the generated project" in error.reason for error in errors)


def test_the_dependency_names_come_from_the_generated_pyproject() -> None:
    names = pre_gen.dependency_names()

    for requirement in ("fastapi", "pydantic-settings", "redis", "ruff", "schemathesis"):
        assert requirement in names  # runtime under any answer, and dev
    assert "pydantic_settings" in names  # the import spelling
    assert "acme_crm_integration" not in names


def test_the_hook_allows_exactly_the_questionnaires_choices() -> None:
    # cookiecutter.json is the questionnaire (and docs/questionnaire.md is made from it): the
    # hook reads it when loaded by path, and receives it as JSON when cookiecutter renders it.
    assert {key: list(values) for key, values in pre_gen.choice_lists().items()} == CHOICE_QUESTIONS
    assert json.loads(choice_lists_json()) == CHOICE_QUESTIONS
