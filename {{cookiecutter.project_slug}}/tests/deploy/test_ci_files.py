"""The CI and dependency-update files validate against their published schemas, offline,
and the GitHub workflow keeps its hardening."""

from __future__ import annotations

import re

import pytest
import yaml

from tests.deploy.tools import ROOT, package_name, run, tool

SCHEMAS = {
    ".github/workflows/ci.yml": "vendor.github-workflows",
    ".github/dependabot.yml": "vendor.dependabot",
    ".gitlab-ci.yml": "vendor.gitlab-ci",
    "renovate.json": "vendor.renovate",
}
PRESENT = [path for path in SCHEMAS if (ROOT / path).is_file()]
PINNED_ACTION = re.compile(r"^[\w.-]+/[\w.-]+@[0-9a-f]{40}$")


def uses_redis() -> bool:
    return (ROOT / "src" / package_name() / "state" / "redis_store.py").is_file()


@pytest.mark.parametrize("path", PRESENT)
def test_the_file_follows_its_schema(path: str) -> None:
    run([tool("check-jsonschema"), "--builtin-schema", SCHEMAS[path], path])


@pytest.mark.parametrize(
    "path", [path for path in PRESENT if path.endswith("ci.yml") or path == ".gitlab-ci.yml"]
)
def test_ci_installs_lints_tests_and_builds_the_image(path: str) -> None:
    text = (ROOT / path).read_text(encoding="utf-8")
    for command in ("make install", "make lint", "make test", "docker build"):
        assert command in text, command
    assert ("redis-server" in text) == uses_redis()


def test_the_github_workflow_is_read_only_pinned_and_cancels_stale_runs() -> None:
    path = ROOT / ".github/workflows/ci.yml"
    if not path.is_file():
        pytest.skip("no GitHub workflow in this project")
    workflow = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert workflow["permissions"] == {"contents": "read"}
    assert workflow["concurrency"]["cancel-in-progress"] is True
    for job in workflow["jobs"].values():
        for step in job["steps"]:
            if "uses" in step:
                assert PINNED_ACTION.match(step["uses"]), f"not pinned by commit: {step['uses']}"
            if step.get("uses", "").startswith("actions/checkout@"):
                assert step["with"]["persist-credentials"] is False
    lines = path.read_text(encoding="utf-8").splitlines()
    for line in lines:
        if "uses:" in line:
            assert re.search(r"# v\d+\.\d+\.\d+$", line), f"no version comment: {line.strip()}"


def test_the_project_files_people_expect_are_there() -> None:
    for name in (".editorconfig", ".pre-commit-config.yaml", ".python-version", "CHANGELOG.md"):
        assert (ROOT / name).is_file(), name
    assert ".schemathesis/" in (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()
    python = (ROOT / ".python-version").read_text(encoding="utf-8").strip()
    for lock in ("dev.txt", "runtime.txt"):
        header = (ROOT / "requirements" / lock).read_text(encoding="utf-8").splitlines()[0]
        assert f"for Python {python}+" in header, (lock, header)
