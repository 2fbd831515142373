"""Tier 3 for `new --vendor-spec`: every corpus vendor whose record the mapping can use (ten
of them) is rendered from its spec and runs its own tests on the vendor's record shape.

Two of them run like the pairwise set: the Makefile's targets, ruff, mypy --strict and the
project's own tests but for the tests of code the spec does not change (Stripe: cursor
pagination and a form-encoded create; GitHub: Link-header pagination, a top-level array and
parent path parameters). The other eight run only the tests whose outcome the record's shape
decides (SHAPE_TESTS): the spec's lint and types are already checked for every vendor in
tests/render/test_vendor_specs.py (ruff of the spec-shaped modules, mypy of the models) and
below (mypy --strict of the spec-shaped modules), and the rest of each project is the same
code the pairwise set checks for the same answers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.baked.test_baked import (
    LIGHT_FUZZING,
    MAKE_TARGETS,
    SHARED_CODE_TESTS,
    lint_types_and_tests,
    run_project_tests,
    session_folder,
)
from tests.render.test_vendor_specs import UNMAPPED
from tests.render.vendor_specs import MODELLED, render_from_spec
from tests.support import run_checked

FULL_VENDORS = ("stripe", "github")
SHAPED_VENDORS = tuple(
    case.vendor
    for case in MODELLED
    if case.vendor not in UNMAPPED and case.vendor not in FULL_VENDORS
)
# Shared-code tests that read the record's shape (tests/support/records.py): a spec project
# runs them on the vendor's shape.
SHAPE_DEPENDENT = (
    "tests/sandbox",
    "tests/flow/test_fault_matrix.py",
    "tests/docs/test_codes_reachable.py",
    "tests/observability/test_documented_telemetry.py",
    "tests/flow/test_exactly_once_create.py",
    "tests/flow/test_schemathesis.py",
)
# The tests whose outcome the record's shape decides: the sandbox's records, answers,
# envelopes, list names and create media type against the spec (contract test included);
# the mapping; every route through the service to the sandbox and back, with its faults and
# fuzzing; the README's create example; personal data kept out of the logs; the vendor auth
# schemes against the sandbox's records.
SHAPE_TESTS = (
    "tests/sandbox",
    "tests/unit/test_normalize.py",
    "tests/unit/test_spec_models.py",
    "tests/unit/test_forms.py",
    "tests/unit/test_vendor_error_mapping.py",
    "tests/flow/test_get.py",
    "tests/flow/test_list.py",
    "tests/flow/test_create.py",
    "tests/flow/test_fault_matrix.py",
    "tests/flow/test_schemathesis.py",
    "tests/docs/test_readme.py",
    "tests/observability/test_no_secrets_in_logs.py",
    "tests/vendor_auth",
)
# The pytest plugin a generated project's tests use (anyio's, through httpx), loaded by name
# with the automatic loading of every installed plugin off: this environment's others (and
# their imports) cost a few seconds of CPU per run and no generated project has them; the
# project's own addopts leave out hypothesis' and schemathesis' (schemathesis runs as a
# command). A test that needs a plugin left out fails (an unknown marker, under
# --strict-markers, or a missing fixture).
PROJECT_PLUGINS = ("anyio.pytest_plugin",)
PLUGINS = ["-p", "no:cacheprovider", *(f"-p{plugin}" for plugin in PROJECT_PLUGINS)]


def test_ten_corpus_vendors_are_baked() -> None:
    assert len(FULL_VENDORS) + len(SHAPED_VENDORS) >= 10


def _rendered(tmp_path: Path, vendor: str) -> tuple[Path, str]:
    """The project rendered from the vendor's spec, checked for its spec files and its
    Makefile's targets, and the Python version it was generated for."""
    case = next(case for case in MODELLED if case.vendor == vendor)
    project = render_from_spec(tmp_path, case)
    assert list(project.glob("src/*/upstream/spec_models.py"))
    assert (project / "sandbox/sample_records.json").is_file()
    run_checked(["make", "-n", *MAKE_TARGETS, "vendor-models"], project)
    record = json.loads((project / ".cruft.json").read_text(encoding="utf-8"))
    return project, str(record["context"]["cookiecutter"]["python_version"])


@pytest.mark.baked
@pytest.mark.parametrize("vendor", FULL_VENDORS)
def test_a_project_from_a_vendor_spec_passes_lint_types_and_its_tests(
    vendor: str, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory, worker_id: str
) -> None:
    project, python_version = _rendered(tmp_path, vendor)
    # Tests of code the spec does not change run in the pairwise set, which covers every
    # value of the answers that code depends on (SHARED_CODE_TESTS).
    shared = [f"--ignore={path}" for path in SHARED_CODE_TESTS if path not in SHAPE_DEPENDENT]
    folder = session_folder(tmp_path_factory, worker_id)
    lint_types_and_tests(project, python_version, folder, shared, LIGHT_FUZZING)


@pytest.mark.baked
@pytest.mark.parametrize("vendor", SHAPED_VENDORS)
def test_a_project_from_a_vendor_spec_passes_its_tests_of_the_record_shape(
    vendor: str, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory, worker_id: str
) -> None:
    project, python_version = _rendered(tmp_path, vendor)
    # A path missing from the project fails the run (pytest: "file or directory not found").
    folder = session_folder(tmp_path_factory, worker_id)
    environment = {**LIGHT_FUZZING, "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"}
    arguments = [*PLUGINS, *SHAPE_TESTS]
    run_project_tests(python_version, arguments, project, environment, folder)
