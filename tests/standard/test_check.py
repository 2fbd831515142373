"""`integration-template check` and the project's own `make check`: drift from the standard,
offline from .integration-standard.json, with and without the template at hand."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from integration_template.cli import main
from tests.standard.repos import (
    PACKAGE,
    append,
    commit_all,
    edit,
    git,
    template_path,
)

pytestmark = pytest.mark.slow

RETRY = f"src/{PACKAGE}/resilience/retry.py"


def check(project: Path, capsys: pytest.CaptureFixture[str], *options: str) -> tuple[int, str]:
    code = main(["check", "--project", str(project), *options])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def own_check(project: Path, *options: str) -> subprocess.CompletedProcess[str]:
    """What `make check` runs: the project's own checker, without the template."""
    return subprocess.run(
        [sys.executable, "tools/check_standard.py", *options],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def test_fresh_then_edited_then_reverted(
    template: Path, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = check(project, capsys, "--template", str(template))
    assert code == 0, out
    assert "Result: conformant" in out
    assert "Answers (today's validator): valid" in out
    assert "docs/troubleshooting.md" not in out  # fresh, so not listed

    edit(project / RETRY, '"""', '"""Tuned.\n')
    append(project / RETRY, "# one more")
    code, out = check(project, capsys, "--template", str(template))
    assert code == 1
    assert f"{RETRY}: modified (+3 -1)" in out

    git(project, "checkout", "--", RETRY)
    assert check(project, capsys, "--template", str(template))[0] == 0


def test_the_project_checks_itself_without_the_template(
    template: Path, project: Path, tmp_path: Path
) -> None:
    shutil.rmtree(template)
    assert own_check(project).returncode == 0

    (project / "Makefile").unlink()
    (project / f"src/{PACKAGE}/resilience/hedging.py").write_text("x = 1\n")
    append(project / "docs/troubleshooting.md", "Edited by hand.")
    result = own_check(project, "--format", "markdown")

    assert result.returncode == 1
    assert "| Result | drift |" in result.stdout
    assert "- `Makefile`: missing" in result.stdout
    assert f"- `src/{PACKAGE}/resilience/hedging.py`: not part of the standard" in result.stdout
    assert "- `docs/troubleshooting.md`: stale" in result.stdout

    report = json.loads(own_check(project, "--format", "json").stdout)
    assert report["conformant"] is False
    assert {"path": "Makefile", "state": "missing", "added": None, "removed": None} in report[
        "standard"
    ]
    assert f"src/{PACKAGE}/normalize.py" in report["seeded_present"]


def test_new_files_where_the_team_works_are_not_drift(project: Path) -> None:
    record = json.loads((project / ".integration-standard.json").read_text(encoding="utf-8"))
    seeded = [path for path, entry in record["files"].items() if entry["zone"] == "seeded"]
    assert "docs/onboarding-checklist.md" in seeded
    (project / f"src/{PACKAGE}/reports.py").write_text("x = 1\n")
    (project / "tests/test_reports.py").write_text("def test_x() -> None: ...\n")
    (project / "tests/unit/test_reports.py").write_text("def test_x() -> None: ...\n")
    edit(project / f"src/{PACKAGE}/normalize.py", '"""', '"""Ours now.\n')
    (project / "docs/onboarding-checklist.md").unlink()

    result = own_check(project)

    assert result.returncode == 0, result.stdout
    present = len(seeded) - 1  # new files are not counted: they were never seeded
    assert f"Seeded files (the team's): {present} present, 1 removed" in result.stdout


def test_cannot_check_exits_2(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert check(project, capsys, "--template", str(tmp_path / "nowhere"))[0] == 2
    (project / ".integration-standard.json").unlink()
    assert own_check(project).returncode == 2
    code, out = check(project, capsys, "--no-template")
    assert code == 2
    assert "cannot check" in out


def test_the_template_at_hand_reports_versions_behind_and_invalid_answers(
    template: Path, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    version = re.search(r'^version = "(.+)"', (template / "pyproject.toml").read_text(), re.M)
    assert version is not None
    edit(template / "pyproject.toml", f'version = "{version[1]}"', 'version = "98.0.0"')
    edit(template / "CHANGELOG.md", "## Unreleased\n", "## Unreleased\n\n## 98.0.0\n\n- Big.\n")
    commit_all(template, "Release 98.0.0")

    code, out = check(project, capsys, "--template", str(template))
    assert code == 0, out
    assert "Template at hand: 98.0.0; 1 released version behind (98.0.0), 1 commit" in out

    record = json.loads((project / ".cruft.json").read_text())
    record["context"]["cookiecutter"]["vendor_rate_limit"] = "fast"
    (project / ".cruft.json").write_text(json.dumps(record))
    code, out = check(project, capsys, "--template", str(template), "--format", "markdown")
    assert code == 1
    assert "| Answers (today's validator) | 1 invalid (vendor_rate_limit) |" in out


def test_make_check_runs_in_the_generated_makefile_and_ci(project: Path) -> None:
    result = subprocess.run(
        ["make", "--no-print-directory", "check", f"PYTHON={sys.executable}"],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Result: conformant" in result.stdout
    assert "- run: make check" in (project / ".github/workflows/ci.yml").read_text()


def test_a_template_change_to_a_standard_file_is_in_the_new_record(
    template: Path, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    append(template_path(template, RETRY), "# standard")
    commit_all(template, "Standard change")
    assert main(["update", "--project", str(project)]) == 0
    capsys.readouterr()

    assert own_check(project).returncode == 0
    commit_all(project, "Update")
    append(project / RETRY, "# ours")
    result = own_check(project)
    assert result.returncode == 1
    # The new render's text went into the project's git objects: line counts still work.
    assert f"{RETRY}: modified (+1 -0)" in result.stdout
