"""Tier 3 for `new --vendor-spec`: two real vendors' specs baked and run like the pairwise
set: the Makefile's targets, ruff, mypy --strict and the project's own tests (which include
tests/unit/test_spec_models.py), but for the tests of code the spec does not change.
Stripe: cursor pagination and a form-encoded create; GitHub: Link-header pagination, a
top-level array and parent path parameters. Every other corpus vendor is rendered and
linted in tests/render/test_vendor_specs.py."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from tests.baked.test_baked import (
    LIGHT_FUZZING,
    MAKE_TARGETS,
    SHARED_CODE_TESTS,
    TEMPLATE_ONLY_PLUGINS,
    interpreter_for,
    type_check,
)
from tests.render.vendor_specs import MODELLED, render_from_spec
from tests.support import run_checked

BAKED_VENDORS = ("stripe", "github")


@pytest.mark.baked
@pytest.mark.parametrize("vendor", BAKED_VENDORS)
def test_a_project_from_a_vendor_spec_passes_lint_types_and_its_tests(
    vendor: str, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory, worker_id: str
) -> None:
    case = next(case for case in MODELLED if case.vendor == vendor)
    project = render_from_spec(tmp_path, case)
    assert list(project.glob("src/*/upstream/spec_models.py"))
    run_checked(["make", "-n", *MAKE_TARGETS, "vendor-models"], project)
    python = sys.executable
    run_checked([python, "-m", "ruff", "check", "--no-cache", "."], project)
    run_checked([python, "-m", "ruff", "format", "--check", "--no-cache", "."], project)
    basetemp = tmp_path_factory.getbasetemp()
    session_folder = basetemp if worker_id == "master" else basetemp.parent
    record = json.loads((project / ".cruft.json").read_text(encoding="utf-8"))
    python_version = str(record["context"]["cookiecutter"]["python_version"])
    type_check(project, python_version, session_folder)
    plugins_off = [
        argument
        for plugin in ("cacheprovider", *TEMPLATE_ONLY_PLUGINS)
        for argument in ("-p", f"no:{plugin}")
    ]
    # Tests of code the spec does not change run in the pairwise set, which covers every
    # value of the answers that code depends on (SHARED_CODE_TESTS).
    shared = [f"--ignore={path}" for path in SHARED_CODE_TESTS]
    python = interpreter_for(python_version, session_folder)
    pytest_command = [python, "-m", "pytest", "-q", "-x", *plugins_off, *shared]
    run_checked(pytest_command, project, LIGHT_FUZZING)
