"""Tier 3: bake the pairwise set, then run each project's ruff, mypy --strict and pytest.

All projects share this test environment (it holds every generated dependency) instead of
installing each one, and one mypy cache, so third-party code is analysed once per Python
version rather than once per project.
"""

from __future__ import annotations

import os
import subprocess
import sys
from itertools import combinations
from pathlib import Path
from typing import Any

import pytest

from tests.baked.combinations import PAIRWISE_QUESTIONS, baked_set, pairwise
from tests.support import render

BAKED = baked_set()
COMMAND_TIMEOUT_SECONDS = 240
# Schemathesis' coverage phase runs in full for these; the rest of the set fuzzes with the
# examples and fuzzing phases, which keeps the whole suite within its time budget.
FULL_FUZZING = frozenset({"defaults", "all-on", "all-off"})
LIGHT_FUZZING = {"SCHEMATHESIS_PHASES": "examples,fuzzing", "SCHEMATHESIS_MAX_EXAMPLES": "5"}
# Copied byte for byte into every project (no Jinja, no answer-dependent code): their tests
# run once, in the defaults project, not in each of the others.
ANSWER_INDEPENDENT_TESTS = ("tests/sandbox", "tests/resilience")
# The fault matrix exercises the vendor client and the resilience pipeline, which differ
# between projects only by the vendor auth scheme: it runs once per scheme.
FAULT_MATRIX = "tests/flow/test_fault_matrix.py"


def fault_matrix_projects() -> frozenset[str]:
    first_per_scheme: dict[str, str] = {}
    for name, answers in BAKED.items():
        first_per_scheme.setdefault(answers.get("vendor_auth", "api_key_header"), name)
    return frozenset(first_per_scheme.values())


def run(command: list[str], project: Path, env: dict[str, str] | None = None) -> None:
    result = subprocess.run(
        command,
        cwd=project,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=COMMAND_TIMEOUT_SECONDS,
        check=False,
    )
    assert result.returncode == 0, f"{' '.join(command)} failed:\n{result.stdout}\n{result.stderr}"


def test_the_fault_matrix_runs_for_every_vendor_auth_scheme() -> None:
    schemes = {BAKED[name].get("vendor_auth", "api_key_header") for name in fault_matrix_projects()}
    assert schemes == set(PAIRWISE_QUESTIONS["vendor_auth"])


def test_pairwise_set_covers_every_pair() -> None:
    rows = pairwise()
    names = list(PAIRWISE_QUESTIONS)
    for first, second in combinations(names, 2):
        for a in PAIRWISE_QUESTIONS[first]:
            for b in PAIRWISE_QUESTIONS[second]:
                if {first: a, second: b} == {
                    "data_classification": "confidential_pii",
                    "vendor_auth": "none",
                }:
                    continue
                assert any(row[first] == a and row[second] == b for row in rows), (
                    first,
                    a,
                    second,
                    b,
                )


@pytest.mark.baked
@pytest.mark.parametrize("name", list(BAKED))
def test_baked_project_passes_lint_types_and_its_tests(
    name: str, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    answers: dict[str, Any] = {"integration_name": f"Baked {name}", **BAKED[name]}
    project = render(tmp_path, answers)
    mypy_cache = Path(os.environ.get("BAKED_MYPY_CACHE", tmp_path_factory.getbasetemp().parent))
    python = sys.executable

    run([python, "-m", "ruff", "check", "--no-cache", "."], project)
    run([python, "-m", "ruff", "format", "--check", "--no-cache", "."], project)
    # One cache for every worker. The file cache (not the default SQLite one) writes each
    # entry atomically with a rename, so concurrent runs are safe; an entry counts only for
    # the file it was made from, so projects never take each other's results.
    mypy = [python, "-m", "mypy", "--no-sqlite-cache", "--cache-dir", str(mypy_cache / "mypy")]
    run(mypy, project)
    phases = {} if name in FULL_FUZZING else LIGHT_FUZZING
    skipped = (
        [] if name == "defaults" else [f"--ignore={path}" for path in ANSWER_INDEPENDENT_TESTS]
    )
    pytest = [python, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-x", *skipped]
    run(pytest, project, env=phases)
