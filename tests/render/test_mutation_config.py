"""`make mutation` runs the project's tests in mutmut's copy of the project (mutants/): every
top-level file and folder a render can have must be copied there, or the tests that read it
fail before a single mutant is tried."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest

from tests.support import render

# What mutmut copies by itself (source_paths and its defaults), and what is no input.
COPIED_BY_MUTMUT = {"src", "tests", "pyproject.toml"}
NOT_INPUTS = {".git", ".venv", "mutants"}
ANSWER_SETS: dict[str, dict[str, Any]] = {
    "defaults": {},
    "gitlab-redis-jwt": {"ci_provider": "gitlab", "state_backend": "redis", "inbound_auth": "jwt"},
    "no-ci": {"ci_provider": "none", "data_classification": "confidential_pii"},
}


def top_level_entries(project: Path) -> set[str]:
    return {path.name for path in project.iterdir()} - NOT_INPUTS


@pytest.mark.parametrize("answers", ANSWER_SETS.values(), ids=list(ANSWER_SETS))
def test_mutmut_copies_every_top_level_entry_of_the_project(
    answers: dict[str, Any], tmp_path: Path
) -> None:
    project = render(tmp_path, answers)
    config = tomllib.loads((project / "pyproject.toml").read_text(encoding="utf-8"))
    also_copy = {entry.rstrip("/") for entry in config["tool"]["mutmut"]["also_copy"]}

    missing = top_level_entries(project) - COPIED_BY_MUTMUT - also_copy
    assert not missing, f"add to [tool.mutmut] also_copy: {sorted(missing)}"
