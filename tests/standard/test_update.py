"""`integration-template update`: a project rendered at one template commit, with customer
edits committed in all three zones, merged up to a later commit. Real git, real renders."""

from __future__ import annotations

import json
import re
import shutil
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

MAKEFILE_HEAD = "# Development tasks."
NORMALIZE = f"src/{PACKAGE}/normalize.py"
RETRY = f"src/{PACKAGE}/resilience/retry.py"


def update(project: Path, capsys: pytest.CaptureFixture[str], *options: str) -> tuple[int, str]:
    code = main(["update", "--project", str(project), *options])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def recorded(project: Path) -> dict[str, object]:
    record: dict[str, object] = json.loads((project / ".cruft.json").read_text())
    return record


def customer_edits(project: Path) -> None:
    """One committed edit per zone: standard, seeded and generated."""
    append(project / RETRY, "# customer: tuned for the vendor's slow nights")
    edit(
        project / NORMALIZE,
        '"""',
        '"""Customer mapping notes.\n',
    )
    append(project / "docs/troubleshooting.md", "Customer runbook link.")
    commit_all(project, "Customer edits")


def test_non_overlapping_edits_merge_and_the_record_moves_on(
    template: Path, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    customer_edits(project)
    edit(template_path(template, RETRY), '"""', '"""Standard 0.3: retries documented.\n')
    edit(template_path(template, "Makefile"), MAKEFILE_HEAD, f"{MAKEFILE_HEAD} (standard 0.3)")
    edit(template / "CHANGELOG.md", "## Unreleased\n", "## Unreleased\n\n- Standard 0.3 notes.\n")
    new_commit = commit_all(template, "Standard 0.3")

    code, out = update(project, capsys)

    assert code == 0, out
    retry = (project / RETRY).read_text()
    assert retry.startswith('"""Standard 0.3: retries documented.')
    assert "# customer: tuned for the vendor's slow nights" in retry
    assert "Customer mapping notes." in (project / NORMALIZE).read_text()
    assert "Customer runbook link." in (project / "docs/troubleshooting.md").read_text()
    assert "(standard 0.3)" in (project / "Makefile").read_text()
    assert recorded(project)["commit"] == new_commit
    assert "- Standard 0.3 notes." in out  # the CHANGELOG entry between the two commits
    assert f"Merged:\n  {RETRY}" in out


def test_overlapping_edits_conflict_with_markers_and_a_list(
    template: Path, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edit(project / "Makefile", MAKEFILE_HEAD, "# Customer tasks.")
    commit_all(project, "Customer Makefile")
    edit(template_path(template, "Makefile"), MAKEFILE_HEAD, "# Standard tasks.")
    new_commit = commit_all(template, "Standard Makefile")

    code, out = update(project, capsys)

    assert code == 1
    makefile = (project / "Makefile").read_text()
    assert "<<<<<<< project\n# Customer tasks." in makefile
    assert "\n=======\n# Standard tasks." in makefile
    assert "\n>>>>>>> standard " in makefile
    assert "CONFLICTS (1)" in out
    assert "  Makefile: edited in the project and the standard" in out
    assert recorded(project)["commit"] == new_commit  # resolving and committing finishes it

    # Resolved toward the standard (a standard file), the project conforms again.
    taken = re.sub(
        r"<<<<<<< project\n.*?=======\n(.*?)>>>>>>> standard [^\n]*\n", r"\1", makefile, flags=re.S
    )
    (project / "Makefile").write_text(taken)
    commit_all(project, "Resolved")
    assert main(["check", "--project", str(project), "--no-template"]) == 0


def test_files_the_standard_adds_removes_and_renames(
    template: Path, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    added = f"src/{PACKAGE}/resilience/hedging.py"
    template_path(template, added).write_text('"""Hedged requests."""\n')
    template_path(template, "tests/unit/test_cursors.py").unlink()
    architecture = template_path(template, "docs/architecture.md")
    architecture.rename(architecture.with_name("design.md"))
    template_path(template, "build/notes.txt").parent.mkdir()
    template_path(template, "build/notes.txt").write_text("ignored by the project\n")
    git(template, "add", "--force", str(template_path(template, "build/notes.txt")))
    commit_all(template, "Add, remove, rename")

    code, out = update(project, capsys)

    assert code == 0, out
    assert (project / added).read_text() == '"""Hedged requests."""\n'
    assert not (project / "tests/unit/test_cursors.py").exists()
    assert not (project / "docs/architecture.md").exists()
    assert (project / "docs/design.md").is_file()
    assert not (project / "build").exists()  # build/ is ignored by the project's .gitignore
    assert "  build/notes.txt (ignored by git)" in out


def test_a_removed_file_the_customer_edited_is_a_conflict_and_stays(
    template: Path, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    append(project / "docs/engineering-guide.md", "Our team's notes.")
    commit_all(project, "Customer notes")
    template_path(template, "docs/engineering-guide.md").unlink()
    commit_all(template, "Guide moved elsewhere")

    code, out = update(project, capsys)

    assert code == 1
    assert "Our team's notes." in (project / "docs/engineering-guide.md").read_text()
    assert "docs/engineering-guide.md: removed by the standard, edited in the project" in out


def test_files_the_project_deleted_stay_deleted_unless_the_standard_changed_them(
    template: Path, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "docs/onboarding-checklist.md").unlink()
    (project / "docs/fault-matrix.md").unlink()
    commit_all(project, "We keep these elsewhere")
    append(template_path(template, "docs/fault-matrix.md"), "A new fault row.")
    commit_all(template, "Fault matrix grows")

    code, out = update(project, capsys)

    assert code == 1
    assert not (project / "docs/onboarding-checklist.md").exists()
    assert "A new fault row." in (project / "docs/fault-matrix.md").read_text()
    assert "docs/fault-matrix.md: deleted in the project, changed by the standard" in out


def test_an_answer_change_merges_optional_parts_in_and_out(
    template: Path, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    customer_edits(project)
    memory = project / f"src/{PACKAGE}/state/memory_store.py"
    assert memory.is_file()

    code, out = update(project, capsys, "--set", "state_backend=redis")

    assert code == 0, out
    assert not memory.exists()
    assert (project / f"src/{PACKAGE}/state/redis_store.py").is_file()
    assert "Customer mapping notes." in (project / NORMALIZE).read_text()
    assert "# customer: tuned" in (project / RETRY).read_text()
    assert "from .state.redis_store import" in (project / f"src/{PACKAGE}/choices.py").read_text()
    answers = recorded(project)["context"]
    assert isinstance(answers, dict)
    assert answers["cookiecutter"]["state_backend"] == "redis"


def test_modes_git_and_venv_are_kept(
    template: Path, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    script = project / "tools/check_standard.py"
    script.chmod(0o755)
    commit_all(project, "Runnable checker")
    venv_tool = project / ".venv/bin/tool"
    venv_tool.parent.mkdir(parents=True)
    venv_tool.write_text("#!/bin/sh\n")
    venv_tool.chmod(0o755)
    hook = project / ".git/hooks/pre-commit"
    hook.write_text("#!/bin/sh\nexit 0\n")
    hook.chmod(0o755)
    append(template_path(template, "tools/check_standard.py"), "# standard change")
    commit_all(template, "Checker change")

    code, out = update(project, capsys)

    assert code == 0, out
    assert script.read_text().endswith("# standard change\n")
    assert script.stat().st_mode & 0o777 == 0o755
    assert venv_tool.stat().st_mode & 0o777 == 0o755
    assert hook.read_text() == "#!/bin/sh\nexit 0\n"
    assert hook.stat().st_mode & 0o777 == 0o755


def test_a_dirty_tree_is_refused_unless_allowed(
    template: Path, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    append(project / "README.md", "Uncommitted.")
    append(template_path(template, "Makefile"), "# newer")
    commit_all(template, "Newer")
    before = recorded(project)

    code, out = update(project, capsys)

    assert code == 2
    assert "uncommitted changes" in out
    assert recorded(project) == before
    assert "# newer" not in (project / "Makefile").read_text()

    code, out = update(project, capsys, "--allow-dirty")
    assert code == 0, out
    assert (project / "README.md").read_text().endswith("Uncommitted.\n")
    assert (project / "Makefile").read_text().endswith("# newer\n")


def test_update_to_a_named_ref_and_usage_errors(
    template: Path, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    append(template_path(template, "Makefile"), "# first")
    first = commit_all(template, "First")
    git(template, "tag", "v9.9.9")
    append(template_path(template, "Makefile"), "# second")
    commit_all(template, "Second")

    assert update(project, capsys, "--to", "nope")[0] == 2
    assert update(project, capsys, "--set", "state_backend=nope")[0] == 2
    code, out = update(project, capsys, "--to", "v9.9.9")

    assert code == 0, out
    assert recorded(project)["commit"] == first
    assert "- First" in out
    assert "# second" not in (project / "Makefile").read_text()


def test_a_template_url_is_cloned_once_into_the_cache(
    template: Path, project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert recorded(project)["template"] == str(template)
    # A URL (here file://, so the test needs no network) is cloned into the cache.
    served = tmp_path / "served.git"
    git(tmp_path, "clone", "-q", "--bare", str(template), str(served))
    record = recorded(project)
    record["template"] = f"file://{served}"
    (project / ".cruft.json").write_text(json.dumps(record, indent=2) + "\n")
    commit_all(project, "Record the served template")
    append(template_path(template, "Makefile"), "# served")
    commit_all(template, "Served change")
    git(template, "push", "-q", str(served), "main")

    code, out = update(project, capsys)

    assert code == 0, out
    assert (project / "Makefile").read_text().endswith("# served\n")
    shutil.rmtree(served)  # offline: the cached clone is enough for a second update
    commit_all(project, "Updated")
    assert update(project, capsys)[0] == 0


def test_a_project_from_before_zones_and_a_findable_source_is_upgraded(
    template: Path, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    record = recorded(project)
    record["template"] = "cookiecutter-integration-service"
    (project / ".cruft.json").write_text(json.dumps(record, indent=2) + "\n")
    (project / ".integration-standard.json").unlink()
    commit_all(project, "As generated by 0.1.0")

    assert update(project, capsys)[0] == 2  # nothing can clone that name
    code, out = update(project, capsys, "--template", str(template))

    assert code == 0, out
    assert recorded(project)["template"] == str(template)
    assert (project / ".integration-standard.json").is_file()
