"""Throwaway template repositories and generated projects with real git, for the update,
check and cruft scenarios. Nothing here depends on this repository's own history."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from integration_template.cli import main
from tests.support import ROOT, TEMPLATE_DIR

TEMPLATE_FILES = (
    "cookiecutter.json",
    "features.yaml",
    "zones.yaml",
    "pyproject.toml",
    "template_extensions.py",
    "CHANGELOG.md",
)
PROJECT = TEMPLATE_DIR.name
SLUG = "acme-crm-integration"
PACKAGE = "acme_crm_integration"
IDENTITY = ("-c", "user.name=Test", "-c", "user.email=test@example.com")


def require_git() -> None:
    if shutil.which("git") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("git is required: apt-get install -y git")
        pytest.skip("git is not installed: apt-get install -y git")


def git(folder: Path, *args: str) -> str:
    result = subprocess.run(
        ["git", "-C", str(folder), *IDENTITY, *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 0, f"git {' '.join(args)}: {result.stderr}"
    return result.stdout.strip()


def commit_all(folder: Path, message: str) -> str:
    git(folder, "add", "-A")
    git(folder, "commit", "-q", "--allow-empty", "-m", message)
    return git(folder, "rev-parse", "HEAD")


def make_template_repo(folder: Path) -> Path:
    """A copy of this template in a git repository of its own, with one commit."""
    folder.mkdir(parents=True)
    for name in TEMPLATE_FILES:
        shutil.copy(ROOT / name, folder / name)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    shutil.copytree(ROOT / "hooks", folder / "hooks", ignore=ignore)
    shutil.copytree(ROOT / "templates", folder / "templates", ignore=ignore)
    shutil.copytree(TEMPLATE_DIR, folder / PROJECT, ignore=ignore)
    git(folder, "init", "-q", "-b", "main")
    commit_all(folder, "The standard as released")
    return folder


def template_path(template: Path, relative: str) -> Path:
    """A generated path (package folder named) inside the template's project folder."""
    return template / PROJECT / relative.replace(PACKAGE, "{{cookiecutter.__package_name}}")


def new_project(template: Path, output: Path, *sets: str) -> Path:
    """Render with the CLI, then commit the project as a team would."""
    options = [item for value in sets for item in ("--set", value)]
    code = main(["new", "--no-input", "--template", str(template), "-o", str(output), *options])
    assert code == 0
    project = output / SLUG
    git(project, "init", "-q", "-b", "main")
    commit_all(project, "Generated")
    return project


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def append(path: Path, line: str) -> None:
    with path.open("a", encoding="utf-8") as file:
        file.write(line + "\n")
