"""`integration-template update` keeps a --vendor-spec project's spec files: the tool and its
test merge like the template's own files, the models are rebuilt from the project's spec,
and the new record lists them, so `make check` stays conformant."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from integration_template.cli import main
from tests.standard.repos import commit_all, edit, git, template_path
from tests.support import run_checked
from tests.unit.test_vendor_spec import CASES
from tests.unit.test_vendor_spec_cli import vendor_options

STRIPE = next(case for case in CASES if case.vendor == "stripe")
MODELS = "src/stripe_integration/upstream/spec_models.py"
TOOL = "tools/vendor_models.py"


def test_an_update_keeps_the_spec_files_and_the_record(
    template: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "spec-projects"
    options = ["new", "--no-input", "--template", str(template), "-o", str(out)]
    assert main([*options, *vendor_options(STRIPE)]) == 0
    project = out / "stripe-integration"
    git(project, "init", "-q", "-b", "main")
    commit_all(project, "Generated")
    edit(template_path(template, "Makefile"), "# Development tasks.", "# Development tasks (0.3).")
    commit_all(template, "Standard 0.3")

    code = main(["update", "--project", str(project)])

    assert code == 0, capsys.readouterr()
    assert "(0.3)" in (project / "Makefile").read_text()
    record = json.loads((project / ".integration-standard.json").read_text())["files"]
    assert record[MODELS]["zone"] == "generated"
    assert record[TOOL]["zone"] == "standard"
    checked = run_checked([sys.executable, "tools/check_standard.py"], project)
    assert "Result: conformant" in checked
    assert "Generated files: 2 fresh" in checked
