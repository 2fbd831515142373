"""The CI and dependency-update files validate against their published schemas, offline,
and the GitHub workflow keeps its hardening."""

from __future__ import annotations

import re
import tomllib

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

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
    assert (ROOT / ".python-version").read_text(encoding="utf-8").strip()


@pytest.mark.parametrize(("lock", "extras"), [("dev.txt", ["dev"]), ("runtime.txt", [])])
def test_the_pinned_sets_pin_every_range_of_pyproject_with_hashes(
    lock: str, extras: list[str]
) -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = [Requirement(line) for line in project["dependencies"]]
    for extra in extras:
        wanted += [Requirement(line) for line in project["optional-dependencies"][extra]]
    text = (ROOT / "requirements" / lock).read_text(encoding="utf-8")
    pinned = dict(re.findall(r"^([A-Za-z0-9._-]+)(?:\[[^\]]*\])?==([^\s;]+)", text, re.MULTILINE))
    pinned = {canonicalize_name(name): version for name, version in pinned.items()}
    assert "--hash=sha256:" in text
    for requirement in wanted:
        version = pinned.get(canonicalize_name(requirement.name))
        assert version is not None, f"{requirement.name} is not pinned in {lock}: make lock"
        assert requirement.specifier.contains(version, prereleases=True), (
            f"{lock} pins {requirement.name} {version} outside {requirement.specifier}: make lock"
        )
