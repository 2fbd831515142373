"""Unit tests of the command-line tool's answer handling: --set, answers files, defaults."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from integration_template.answers import (
    UsageError,
    coerce,
    load_answers_file,
    parse_bool,
    parse_set,
    user_keys,
)
from integration_template.context import full_answers
from integration_template.template import (
    TemplateError,
    find_template,
    load_context,
    public_url,
    recordable_source,
)
from integration_template.validation import load_validator, problems
from tests.support import TEMPLATE_MARKERS

ROOT = Path(__file__).resolve().parents[2]
OPEN, CLOSE = "{" + "{", "}" + "}"
QUESTIONS = [
    "customer_name",
    "vendor_name",
    "integration_name",
    "project_slug",
    "vendor_base_url",
    "resource_name",
    "vendor_auth",
    "vendor_pagination",
    "vendor_idempotency_keys",
    "vendor_rate_limit",
    "inbound_auth",
    "data_classification",
    "state_backend",
    "ci_provider",
    "python_version",
]


@pytest.fixture(scope="module")
def context() -> dict[str, Any]:
    return load_context(ROOT)


@pytest.fixture(autouse=True)
def fresh_extensions() -> Iterator[None]:
    """The template's Jinja extension module reads features.yaml beside it; import it anew."""
    saved = sys.modules.pop("template_extensions", None)
    yield
    sys.modules.pop("template_extensions", None)
    if saved is not None:
        sys.modules["template_extensions"] = saved


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_user_keys_are_the_questions_then_the_derived_values(context: dict[str, Any]) -> None:
    assert user_keys(context) == [*QUESTIONS, "package_name", "resource_plural"]


def test_set_maps_derived_names_to_their_stored_keys(context: dict[str, Any]) -> None:
    given = parse_set(
        ["package_name=billing", "resource_plural=people", "customer_name=Initech"], context
    )
    assert given == {
        "__package_name": "billing",
        "__resource_plural": "people",
        "customer_name": "Initech",
    }


def test_set_keeps_everything_after_the_first_equals_and_later_wins(
    context: dict[str, Any],
) -> None:
    given = parse_set(["customer_name=a=b", "vendor_name=X", "vendor_name= Y "], context)
    assert given == {"customer_name": "a=b", "vendor_name": " Y "}


@pytest.mark.parametrize("item", ["customer_name", "=value", ""])
def test_set_without_key_and_value_is_a_usage_error(context: dict[str, Any], item: str) -> None:
    with pytest.raises(UsageError, match="expected key=value"):
        parse_set([item], context)


@pytest.mark.parametrize(
    "key",
    ["vendor_nam", "_template_source", "_template_commit", "__package_name", "__prompts__"],
)
def test_unknown_and_private_keys_are_usage_errors(context: dict[str, Any], key: str) -> None:
    with pytest.raises(UsageError, match="unknown key") as error:
        parse_set([f"{key}=x"], context)
    assert "valid keys are: customer_name" in str(error.value)


def test_unknown_key_suggests_the_closest_key(context: dict[str, Any]) -> None:
    with pytest.raises(UsageError, match="did you mean 'vendor_name'"):
        parse_set(["vendor_nam=x"], context)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("yes", True),
        ("Y", True),
        ("TRUE", True),
        ("1", True),
        ("no", False),
        ("n", False),
        ("False", False),
        ("0", False),
        ("maybe", None),
        ("", None),
        ("2", None),
    ],
)
def test_parse_bool(text: str, expected: bool | None) -> None:
    assert parse_bool(text) is expected


def test_set_converts_yes_no_answers(context: dict[str, Any]) -> None:
    assert parse_set(["vendor_idempotency_keys=No"], context) == {"vendor_idempotency_keys": False}


def test_a_word_that_is_not_yes_or_no_is_left_for_the_validator(context: dict[str, Any]) -> None:
    given = parse_set(["vendor_idempotency_keys=maybe"], context)
    assert given == {"vendor_idempotency_keys": "maybe"}
    answers = full_answers(ROOT, context, given)
    found = problems(load_validator(ROOT), context, given, answers)
    assert [problem.field for problem in found] == ["vendor_idempotency_keys"]


def test_coerce_turns_numbers_into_text_and_refuses_other_types(context: dict[str, Any]) -> None:
    assert coerce("python_version", 3.12, context, "file") == "3.12"
    assert coerce("vendor_idempotency_keys", 0, context, "file") is False
    with pytest.raises(UsageError, match="must be text"):
        coerce("vendor_name", True, context, "file: vendor_name")
    with pytest.raises(UsageError, match="must be text"):
        coerce("vendor_name", None, context, "file: vendor_name")
    with pytest.raises(UsageError, match="must be yes or no"):
        coerce("vendor_idempotency_keys", [True], context, "file: vendor_idempotency_keys")


def test_yaml_answers_file(context: dict[str, Any], tmp_path: Path) -> None:
    path = write(
        tmp_path / "answers.yaml",
        "customer_name: Initech\n"
        "vendor_idempotency_keys: no\n"
        "python_version: 3.12\n"
        "package_name: initech_crm\n",
    )
    assert load_answers_file(path, context) == {
        "customer_name": "Initech",
        "vendor_idempotency_keys": False,
        "python_version": "3.12",
        "__package_name": "initech_crm",
    }


def test_json_answers_file_accepts_yes_no_strings(context: dict[str, Any], tmp_path: Path) -> None:
    path = write(
        tmp_path / "answers.json", '{"vendor_idempotency_keys": "yes", "ci_provider": "none"}'
    )
    assert load_answers_file(path, context) == {
        "vendor_idempotency_keys": True,
        "ci_provider": "none",
    }


def test_cruft_record_gives_its_answers_without_private_keys(
    context: dict[str, Any], tmp_path: Path
) -> None:
    record = {
        "template": "cookiecutter-integration-service",
        "commit": None,
        "context": {
            "cookiecutter": {
                "customer_name": "Initech",
                "__package_name": "initech",
                "__resource_plural": "people",
                "_template": "cookiecutter-integration-service",
                "_template_source": "cookiecutter-integration-service",
                "_template_commit": "",
                "_commit": None,
                "_extensions": ["template_extensions.TemplateHelpers"],
            }
        },
    }
    path = write(tmp_path / ".cruft.json", json.dumps(record))
    assert load_answers_file(path, context) == {
        "customer_name": "Initech",
        "__package_name": "initech",
        "__resource_plural": "people",
    }


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("bad.yaml", "customer_name: [unclosed\n", "not valid yaml"),
        ("bad.json", "{'single': 'quotes'}", "not valid json"),
        ("list.yaml", "- customer_name\n", "must hold a mapping"),
        ("empty.yml", "", "must hold a mapping"),
        ("answers.toml", "customer_name = 'x'\n", "must end in .json, .yaml or .yml"),
        ("typo.yaml", "custmer_name: Initech\n", "unknown key 'custmer_name'"),
        ("private.json", '{"_template_source": "x"}', "unknown key '_template_source'"),
        ("null.yaml", "customer_name:\n", "must be text"),
    ],
)
def test_bad_answers_files_are_usage_errors(
    context: dict[str, Any], tmp_path: Path, name: str, text: str, message: str
) -> None:
    with pytest.raises(UsageError, match=message):
        load_answers_file(write(tmp_path / name, text), context)


def test_missing_answers_file_is_a_usage_error(context: dict[str, Any], tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="cannot read"):
        load_answers_file(tmp_path / "absent.yaml", context)


def test_defaults_are_rendered_by_cookiecutter(context: dict[str, Any]) -> None:
    answers = full_answers(ROOT, context, {})
    assert list(answers) == [*QUESTIONS, "__package_name", "__resource_plural"]
    assert answers["integration_name"] == "Acme CRM integration"
    assert answers["project_slug"] == "acme-crm-integration"
    assert answers["__package_name"] == "acme_crm_integration"
    assert answers["__resource_plural"] == "contacts"
    assert answers["vendor_auth"] == "api_key_header"
    assert answers["vendor_idempotency_keys"] is True


def test_derived_defaults_follow_earlier_answers(context: dict[str, Any]) -> None:
    answers = full_answers(
        ROOT, context, {"vendor_name": "Initech Billing", "resource_name": "invoice"}
    )
    assert answers["integration_name"] == "Initech Billing integration"
    assert answers["project_slug"] == "initech-billing-integration"
    assert answers["__package_name"] == "initech_billing_integration"
    assert answers["__resource_plural"] == "invoices"


def test_given_derived_values_win_over_the_derivation(context: dict[str, Any]) -> None:
    given = {"project_slug": "billing", "__package_name": "billing_core", "vendor_auth": "jwt"}
    answers = full_answers(ROOT, context, given)
    assert answers["__package_name"] == "billing_core"
    # A value that is not a choice is passed through for the validator to report.
    assert answers["vendor_auth"] == "jwt"


def test_template_markers_are_never_rendered(context: dict[str, Any]) -> None:
    given: dict[str, object] = {"integration_name": f"{OPEN} 7*7 {CLOSE}"}
    answers = full_answers(ROOT, context, given)
    assert answers["integration_name"] == given["integration_name"]
    assert "49" not in json.dumps(answers)
    assert answers["project_slug"] == "acme-crm-integration"
    found = problems(load_validator(ROOT), context, given, answers)
    assert [problem.field for problem in found] == ["integration_name"]
    assert "template markers" in found[0].render()


@pytest.mark.parametrize("marker", TEMPLATE_MARKERS)
def test_markers_in_any_text_answer_are_reported(context: dict[str, Any], marker: str) -> None:
    given: dict[str, object] = {"vendor_base_url": f"https://api.example/{marker}x"}
    validator = load_validator(ROOT)
    assert validator.has_marker(given["vendor_base_url"])
    found = problems(validator, context, given, full_answers(ROOT, context, given))
    assert [problem.field for problem in found] == ["vendor_base_url"]


def test_every_invalid_answer_is_reported(context: dict[str, Any]) -> None:
    given: dict[str, object] = {
        "project_slug": "Bad Slug",
        "vendor_auth": "nope",
        "vendor_rate_limit": "fast",
        "__resource_plural": "contact",
    }
    found = problems(load_validator(ROOT), context, given, full_answers(ROOT, context, given))
    fields = {problem.field for problem in found}
    assert {"project_slug", "vendor_auth", "vendor_rate_limit", "resource_plural"} <= fields


def test_find_template_walks_up_from_the_package() -> None:
    assert find_template() == ROOT


def test_find_template_refuses_a_folder_without_cookiecutter_json(tmp_path: Path) -> None:
    with pytest.raises(TemplateError, match="not a template folder"):
        find_template(tmp_path)
    with pytest.raises(TemplateError, match="pass --template"):
        find_template(start=tmp_path / "x.py")


@pytest.mark.parametrize(
    ("remote", "expected"),
    [
        ("https://github.com/acme/template.git", "https://github.com/acme/template.git"),
        ("https://user:token@github.com/acme/t.git", "https://github.com/acme/t.git"),
        ("git@github.com:acme/template.git", "git@github.com:acme/template.git"),
        ("/home/me/template", None),
        ("../template", None),
        ("file:///home/me/template", None),
        ("C:\\work\\template", None),
    ],
)
def test_only_public_remotes_are_recorded(remote: str, expected: str | None) -> None:
    assert public_url(remote) == expected


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("cookiecutter-integration-service", None),
        ("gh:acme/template", "gh:acme/template"),
        ("https://t:secret@git.example/t.git", "https://git.example/t.git"),
        ("/srv/templates/integration", None),
        ("./template", None),
        ("~/template", None),
        ("", None),
    ],
)
def test_recordable_sources_are_urls_or_existing_folders(source: str, expected: str | None) -> None:
    assert recordable_source(source) == expected


def test_an_existing_local_folder_is_recorded_as_an_absolute_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "template").mkdir()
    monkeypatch.chdir(tmp_path)
    assert recordable_source("./template") == str(tmp_path.resolve() / "template")
    assert recordable_source(f"file://{tmp_path}/template") == str(tmp_path / "template")
