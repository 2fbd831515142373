"""Versions of the standard: pyproject.toml's version, the CHANGELOG's sections."""

from __future__ import annotations

import pytest

from integration_template.cli import main
from integration_template.versions import (
    new_entries,
    released,
    template_version,
    versions_behind,
)
from tests.support import ROOT

CHANGELOG = """# Changelog

## Unreleased

- Next.

## 0.3.0 - 2027-01-10

### Upgrading
- Rename a thing.

## [0.2.0]

- First.
"""


def test_version_prints_the_template_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"integration-template {template_version(ROOT)}"


def test_the_current_version_is_a_released_changelog_section() -> None:
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert template_version(ROOT) in released(changelog)
    assert "### Upgrading" in changelog


def test_released_versions_and_versions_behind() -> None:
    assert released(CHANGELOG) == ["0.3.0", "0.2.0"]
    assert versions_behind(CHANGELOG, "0.2.0") == ["0.3.0"]
    assert versions_behind(CHANGELOG, "0.3.0") == []
    assert versions_behind(CHANGELOG, "unknown") == ["0.3.0", "0.2.0"]


def test_new_entries_are_the_sections_the_older_changelog_lacks() -> None:
    older = "# Changelog\n\n## Unreleased\n\n## [0.2.0]\n\n- First.\n"
    entries = new_entries(older, CHANGELOG)
    assert [entry.splitlines()[0] for entry in entries] == [
        "## Unreleased",
        "## 0.3.0 - 2027-01-10",
    ]
    assert new_entries(CHANGELOG, CHANGELOG) == []
