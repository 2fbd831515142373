"""Versions of the standard: the template's package version and its CHANGELOG entries.

Git tags may not travel with a copy of the template (a fresh clone of one branch, an
archive), so nothing here needs them: the version is pyproject.toml's, and the released
versions are the CHANGELOG's headings.
"""

from __future__ import annotations

import importlib.metadata
import re
import tomllib
from pathlib import Path

DISTRIBUTION = "cookiecutter-integration-service"
CHANGELOG = "CHANGELOG.md"
# "## 0.2.0 - 2026-11-30", "## [0.2.0]", "## Unreleased"
SECTION_HEADING = re.compile(r"^## +\[?([^\]\s]+)\]?.*$", re.MULTILINE)
VERSION = re.compile(r"^(\d+)\.(\d+)\.(\d+)$")


def template_version(template: Path | None = None) -> str:
    """pyproject.toml's version in the template folder, else the installed package's."""
    if template is not None and (template / "pyproject.toml").is_file():
        data = tomllib.loads((template / "pyproject.toml").read_text(encoding="utf-8"))
        return str(data["project"]["version"])
    try:
        return importlib.metadata.version(DISTRIBUTION)
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def version_key(version: str) -> tuple[int, int, int] | None:
    match = VERSION.match(version)
    return None if match is None else (int(match[1]), int(match[2]), int(match[3]))


def sections(changelog: str) -> list[tuple[str, str]]:
    """(name, text) of every "## " section, in file order; name is the version or title."""
    found = list(SECTION_HEADING.finditer(changelog))
    return [
        (match[1], changelog[match.start() : ends.start() if ends else len(changelog)].rstrip())
        for match, ends in zip(found, [*found[1:], None], strict=True)
    ]


def released(changelog: str) -> list[str]:
    """The released versions the CHANGELOG lists, newest first as written."""
    return [name for name, _ in sections(changelog) if version_key(name) is not None]


def versions_behind(changelog: str, project_version: str) -> list[str]:
    """Released versions newer than the project's."""
    current = version_key(project_version)
    if current is None:
        return released(changelog)
    return [name for name in released(changelog) if (version_key(name) or current) > current]


def new_entries(old_changelog: str, new_changelog: str) -> list[str]:
    """The sections of the newer CHANGELOG that the older one does not hold as they are."""
    old = {text for _, text in sections(old_changelog)}
    return [text for _, text in sections(new_changelog) if text not in old]
