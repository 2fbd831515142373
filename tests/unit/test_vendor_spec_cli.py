"""`integration-template new --vendor-spec`: answers proposed, overridden, recorded; bad specs
refused with exit code 2 and nothing written."""

# The command-line tests' fixtures are imported by name, and pytest passes them as arguments.
# ruff: noqa: F811

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from integration_template.cli import EXIT_USAGE
from tests.unit.test_cli import (  # noqa: F401
    PROJECT_FOLDER,
    cruft_answers,
    isolated,
    run,
    small_template,
)
from tests.unit.test_vendor_spec import CASES, SPECS, Case, minimal, write


def vendor_options(case: Case) -> list[str]:
    options = ["--vendor-spec", str(SPECS / f"{case.vendor}.json"), "--vendor-resource", case.item]
    if case.collection:
        options += ["--vendor-collection", case.collection]
    for key, value in case.given.items():
        options += ["--set", f"{key}={value}"]
    return options


@pytest.mark.parametrize("case", CASES, ids=[case.vendor for case in CASES])
def test_the_rendered_project_records_the_proposed_answers(
    case: Case, small_template: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    code = run("new", "--no-input", "--template", small_template, "-o", out, *vendor_options(case))
    captured = capsys.readouterr()
    assert code == 0, captured.err
    (project,) = out.iterdir()
    answers = cruft_answers(project)
    expected = {**case.answers, **case.given}
    assert {key: answers[key] for key in expected} == expected
    assert f"Answers from the vendor spec {case.vendor}.json" in captured.out


def test_the_real_template_renders_from_a_spec(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    stripe = next(case for case in CASES if case.vendor == "stripe")
    code = run("new", "--no-input", "-o", tmp_path, *vendor_options(stripe))
    captured = capsys.readouterr()
    assert code == 0, captured.err
    project = tmp_path / "stripe-integration"
    constants = next(project.glob("src/*/constants.py")).read_text()
    assert 'VENDOR_BASE_URL = "https://api.stripe.com/v1"' in constants
    assert 'RESOURCE_PLURAL = "products"' in constants
    assert (next(project.glob("src/*/upstream/auth")) / "bearer_token.py").is_file()
    assert "vendor_auth              bearer_token" in captured.out


def test_set_wins_over_the_spec(
    small_template: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    stripe = next(case for case in CASES if case.vendor == "stripe")
    code = run(
        "new", "--no-input", "--template", small_template, "-o", tmp_path,
        *vendor_options(stripe),
        "--set", "vendor_pagination=offset", "--set", "vendor_name=Stripe Payments",
    )  # fmt: skip
    captured = capsys.readouterr()
    assert code == 0, captured.err
    answers = cruft_answers(tmp_path / "stripe-payments-integration")
    assert answers["vendor_pagination"] == "offset"
    assert answers["integration_name"] == "Stripe Payments integration"
    assert answers["vendor_auth"] == "bearer_token"
    assert "given (the spec proposed cursor)" in captured.out


def test_the_questionnaire_offers_the_proposals_as_defaults(
    small_template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Enter on every question accepts what the spec proposed, choices included."""
    monkeypatch.setattr("sys.stdin", io.StringIO("\n" * 40))
    vimeo = next(case for case in CASES if case.vendor == "vimeo")
    code = run("new", "--template", small_template, "-o", tmp_path, *vendor_options(vimeo))
    assert code == 0
    answers = cruft_answers(tmp_path / "vimeo-integration")
    # Neither oauth2_client_credentials nor page_number is its question's first choice.
    assert {key: answers[key] for key in vimeo.answers} == vimeo.answers


BAD = [
    ("not-openapi.json", {"info": {}, "paths": {}}, [], "no `openapi` field"),
    ("swagger.json", {"swagger": "2.0", "paths": {}}, [], "swagger2openapi"),
    ("no-servers.json", minimal(servers=[]), [], "names no server"),
    ("relative.json", minimal(servers=[{"url": "v2"}]), [], "is relative"),
    (
        "query-key.json",
        minimal(
            components={"securitySchemes": {"key": {"type": "apiKey", "in": "query", "name": "k"}}}
        ),
        [],
        "--set vendor_auth=",
    ),
    ("no-path.json", minimal(), ["--vendor-resource", "/bills/{id}"], "is not a path"),
    ("no-get.json", minimal(paths={"/x": {"post": {}}, "/x/{id}": {"get": {}}}), [], "no GET"),
]


@pytest.mark.parametrize(
    ("name", "document", "options", "reason"), BAD, ids=[name for name, *_ in BAD]
)
def test_a_bad_spec_is_a_usage_error_and_writes_nothing(
    name: str,
    document: object,
    options: list[str],
    reason: str,
    small_template: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    spec = write(tmp_path, name, document)
    resource = "/x/{id}" if name == "no-get.json" else "/invoices/{id}"
    options = options or ["--vendor-resource", resource]
    out = tmp_path / "out"
    code = run(
        "new", "--no-input", "--template", small_template, "-o", out, "--vendor-spec", spec,
        *options,
    )  # fmt: skip
    err = capsys.readouterr().err
    assert code == EXIT_USAGE
    assert err.startswith(f"integration-template new: error: the vendor spec {name} cannot")
    assert "nothing was generated" in err
    assert reason in err
    assert not out.exists()


def test_vendor_options_need_each_other(small_template: Path, tmp_path: Path) -> None:
    spec = write(tmp_path, "spec.json", minimal())
    assert run("new", "--no-input", "--template", small_template, "--vendor-spec", spec) == 2
    assert run("new", "--no-input", "--template", small_template, "--vendor-resource", "/x") == 2
    assert not (tmp_path / PROJECT_FOLDER).exists()


def test_a_proposal_the_validator_refuses_is_reported_with_the_others(
    small_template: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    document = minimal()
    document["info"]["title"] = "Initech " + "{" + "{ cookiecutter.x }" + "}"
    spec = write(tmp_path, "spec.json", document)
    code = run(
        "new", "--no-input", "--template", small_template, "-o", tmp_path / "out",
        "--vendor-spec", spec, "--vendor-resource", "/invoices/{id}",
    )  # fmt: skip
    err = capsys.readouterr().err
    assert code == 1
    assert "vendor_name" in err
    assert "nothing was generated" in err
    assert not (tmp_path / "out").exists()
    assert json.dumps(document)  # the document itself stays untouched
