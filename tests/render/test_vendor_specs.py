"""Real vendors' specs (tests/vendor_specs/, all that describe a record) render projects whose
spec, generated models, tool and freshness test are in place and pass the projects' own ruff
and mypy --strict, and so do the spec-shaped canonical models, normalizer, sandbox records and
test facts of every vendor whose record has an id to map. The baked tier runs the ten of them
(tests/baked/test_vendor_specs.py)."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from integration_template.vendor_spec.project import vendor_models as tool
from tests.render.in_process import template_analysis_reused
from tests.render.vendor_specs import MODELLED, render_from_spec
from tests.support import run_checked, stamp_by_content

SPEC_PROJECT_FILES = ("tools/vendor_models.py", "tests/unit/test_spec_models.py")
# Written from the spec's day-one mapping; different in every project.
WIRED_FILES = (
    "src/{package}/models.py",
    "src/{package}/normalize.py",
    "src/{package}/upstream/models.py",
    "src/{package}/upstream/pagination/names.py",
    "sandbox/records.py",
    "sandbox/new_record.py",
    "tests/support/records.py",
    "tests/unit/test_normalize.py",
    "tests/sandbox/test_records.py",
    "tests/sandbox/test_create.py",
    "tests/sandbox/test_contract.py",
)
# Vendors whose record has no id field the mapping can use: their projects keep the
# template's placeholder mapping (with a note).
UNMAPPED = {"slack", "vimeo"}


@pytest.mark.render
def test_corpus_vendors_render_with_models_that_pass_lint_and_types(tmp_path: Path) -> None:
    assert len(MODELLED) >= 10
    with template_analysis_reused():
        projects = {case.vendor: render_from_spec(tmp_path / "out", case) for case in MODELLED}
    models_folder = tmp_path / "models"
    models_folder.mkdir()
    for vendor, project in projects.items():
        assert tool.main(["--check", "--project", str(project)]) == 0, vendor
        (models,) = project.glob("src/*/upstream/spec_models.py")
        files = [str(models.relative_to(project)), *SPEC_PROJECT_FILES]
        assert (project / "sandbox/sample_records.json").is_file() != (vendor in UNMAPPED)
        if vendor not in UNMAPPED:
            package = models.parents[1].name
            files += [path.replace("{package}", package) for path in WIRED_FILES]
        python = sys.executable
        run_checked([python, "-m", "ruff", "check", "--no-cache", *files], project)
        run_checked([python, "-m", "ruff", "format", "--check", "--no-cache", *files], project)
        shutil.copy(models, models_folder / f"{vendor}_spec_models.py")
    # One mypy run over every vendor's models, with a project's own configuration (strict,
    # the pydantic plugin); the tool and its test are the same bytes in every project.
    first = next(iter(projects.values()))
    config = ["--config-file", str(first / "pyproject.toml"), "--no-incremental"]
    run_checked([sys.executable, "-m", "mypy", *config, str(models_folder)], first)
    run_checked([sys.executable, "-m", "mypy", *config, *SPEC_PROJECT_FILES], first)


@pytest.mark.baked
def test_corpus_vendors_spec_shaped_modules_pass_mypy(tmp_path: Path) -> None:
    """The spec-shaped modules import the project's own package and sandbox, so each
    project is type-checked on its own (the baked tier's cost, not the render tier's)."""
    with template_analysis_reused():
        projects = {
            case.vendor: render_from_spec(tmp_path / "out", case)
            for case in MODELLED
            if case.vendor not in UNMAPPED
        }
    # One cache for all, one project after another: the standard library and third-party
    # packages are analysed once, and the files stamped by content (as the baked tier does)
    # so that same-named modules of two projects are never mistaken for each other.
    cache = tmp_path / "mypy-cache"
    for project in projects.values():
        (package,) = (path.name for path in (project / "src").iterdir() if path.is_dir())
        wired = [path.replace("{package}", package) for path in WIRED_FILES]
        stamp_by_content(project)
        config = ["--config-file", str(project / "pyproject.toml"), "--cache-dir", str(cache)]
        run_checked([sys.executable, "-m", "mypy", "--sqlite-cache", *config, *wired], project)
