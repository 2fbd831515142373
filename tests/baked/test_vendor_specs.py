"""Tier 3 for `new --vendor-spec`: two real vendors' specs baked and run like the pairwise
set: the Makefile's targets, ruff, mypy --strict and the project's own tests (which include
tests/unit/test_spec_models.py and the sandbox's contract test against the vendor's spec),
but for the tests of code the spec does not change. The sandbox, the fault matrix and the
scenario tests run: they exercise the spec-shaped records.
Stripe: cursor pagination and a form-encoded create; GitHub: Link-header pagination, a
top-level array and parent path parameters. Every other corpus vendor is rendered and
linted in tests/render/test_vendor_specs.py."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.baked.test_baked import (
    LIGHT_FUZZING,
    MAKE_TARGETS,
    SHARED_CODE_TESTS,
    lint_types_and_tests,
    session_folder,
)
from tests.render.vendor_specs import MODELLED, render_from_spec
from tests.support import run_checked

BAKED_VENDORS = ("stripe", "github")
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


@pytest.mark.baked
@pytest.mark.parametrize("vendor", BAKED_VENDORS)
def test_a_project_from_a_vendor_spec_passes_lint_types_and_its_tests(
    vendor: str, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory, worker_id: str
) -> None:
    case = next(case for case in MODELLED if case.vendor == vendor)
    project = render_from_spec(tmp_path, case)
    assert list(project.glob("src/*/upstream/spec_models.py"))
    assert (project / "sandbox/sample_records.json").is_file()
    run_checked(["make", "-n", *MAKE_TARGETS, "vendor-models"], project)
    record = json.loads((project / ".cruft.json").read_text(encoding="utf-8"))
    python_version = str(record["context"]["cookiecutter"]["python_version"])
    # Tests of code the spec does not change run in the pairwise set, which covers every
    # value of the answers that code depends on (SHARED_CODE_TESTS).
    shared = [f"--ignore={path}" for path in SHARED_CODE_TESTS if path not in SHAPE_DEPENDENT]
    folder = session_folder(tmp_path_factory, worker_id)
    lint_types_and_tests(project, python_version, folder, shared, LIGHT_FUZZING)
