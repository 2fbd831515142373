"""cruft itself, run against a real git template repository, keeps working on a generated
project: check, diff --exit-code and update."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.standard.repos import (
    SLUG,
    append,
    commit_all,
    git,
    make_template_repo,
    new_project,
    template_path,
)

pytestmark = pytest.mark.slow

CRUFT = str(Path(sys.executable).parent / "cruft")


@pytest.fixture(autouse=True)
def temporary_folder_of_the_test(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """cruft and plain cookiecutter leave each rendered hook in the temporary folder
    (cookiecutter#886); in these tests, that is a folder of the test's own."""
    folder = tmp_path / "temporary"
    folder.mkdir()
    monkeypatch.setenv("TMPDIR", str(folder))


def cruft(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [CRUFT, *args],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


def test_cruft_check_diff_and_update_on_a_fresh_render(tmp_path: Path) -> None:
    template = make_template_repo(tmp_path / "template")
    project = new_project(template, tmp_path / "projects", "state_backend=redis")

    assert cruft(project, "check").returncode == 0
    diff = cruft(project, "diff", "--exit-code")
    assert diff.returncode == 0, diff.stdout + diff.stderr

    append(template_path(template, "Makefile"), "# newer standard")
    commit_all(template, "Newer standard")
    assert cruft(project, "check").returncode == 1
    updated = cruft(project, "update", "--skip-apply-ask")
    assert updated.returncode == 0, updated.stdout + updated.stderr

    assert (project / "Makefile").read_text().endswith("# newer standard\n")
    assert (project / f"src/{SLUG.replace('-', '_')}/state/redis_store.py").is_file()
    assert cruft(project, "check").returncode == 0
    assert cruft(project, "diff", "--exit-code").returncode == 0


def test_plain_cookiecutter_records_a_source_and_commit_cruft_can_use(tmp_path: Path) -> None:
    template = make_template_repo(tmp_path / "template")
    commit = git(template, "rev-parse", "HEAD")
    # A relative path, as a person types it, from the folder next to the template.
    command = [str(Path(sys.executable).parent / "cookiecutter"), "--no-input", "template"]
    subprocess.run([*command, "-o", "out"], cwd=tmp_path, check=True, timeout=120)

    project = tmp_path / "out" / SLUG
    record = json.loads((project / ".cruft.json").read_text())
    assert record["template"] == str(template)
    assert record["commit"] == commit
    diff = cruft(project, "diff", "--exit-code")
    assert diff.returncode == 0, diff.stdout + diff.stderr
