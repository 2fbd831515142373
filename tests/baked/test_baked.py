"""Tier 3: bake the pairwise set, then run each project's ruff, mypy --strict and pytest.

All projects share this test environment (it holds every generated dependency) instead of
installing each one, and one mypy cache, so third-party code is analysed once per Python
version rather than once per project.
"""

from __future__ import annotations

import os
import sys
from itertools import combinations
from pathlib import Path
from typing import Any

import pytest

from tests.baked.combinations import PAIRWISE_QUESTIONS, baked_set, pairwise
from tests.support import TEMPLATE_DIR, default_answers, expected_files, render, run_checked

BAKED = baked_set()
COMMAND_TIMEOUT_SECONDS = 240
# Schemathesis' coverage phase runs in full for these; the rest of the set fuzzes with the
# examples and fuzzing phases, which keeps the whole suite within its time budget.
FULL_FUZZING = frozenset({"defaults", "all-on", "all-off"})
LIGHT_FUZZING = {"SCHEMATHESIS_PHASES": "examples,fuzzing", "SCHEMATHESIS_MAX_EXAMPLES": "5"}
# Some tests check code that many baked projects share byte for byte; each runs in the
# first project of every group sharing that code, not in all of them. By path, the answers
# the code under test depends on:
RUN_ONCE_PER: dict[str, tuple[str, ...]] = {
    # Copied into every project unchanged (no Jinja, no answer-dependent code).
    "tests/sandbox": (),
    "tests/resilience": (),
    # The vendor client and the resilience pipeline: they differ only by vendor auth scheme.
    "tests/flow/test_fault_matrix.py": ("vendor_auth",),
    # Two replicas sharing the vendor rate limit through Redis (redis projects only).
    "tests/flow/test_shared_rate_limit.py": ("state_backend",),
}
# Plugins of the template's own test environment, which no generated project installs.
TEMPLATE_ONLY_PLUGINS = ("cookies", "syrupy", "xdist", "xdist.looponfail")


def answers_of(name: str) -> dict[str, Any]:
    return {**default_answers(), **BAKED[name]}


def runs_here(path: str, name: str) -> bool:
    """Whether `name` is the first baked project with the answers `path` depends on."""
    questions = RUN_ONCE_PER[path]

    def key(project: str) -> tuple[Any, ...]:
        return tuple(answers_of(project)[question] for question in questions)

    return next(project for project in BAKED if key(project) == key(name)) == name


def has_path(name: str, path: str) -> bool:
    files = expected_files(answers_of(name))
    return path in files or any(file.startswith(f"{path}/") for file in files)


def run(command: list[str], project: Path, env: dict[str, str] | None = None) -> None:
    run_checked(command, project, COMMAND_TIMEOUT_SECONDS, env)


@pytest.mark.parametrize("path", list(RUN_ONCE_PER))
def test_each_run_once_test_runs_for_every_answer_it_depends_on(path: str) -> None:
    # pytest ignores a missing --ignore path silently: a renamed test must fail here.
    assert (TEMPLATE_DIR / path).exists(), f"{path} is not in the template"
    having = [name for name in BAKED if has_path(name, path)]
    assert having, f"no baked project has {path}"
    questions = RUN_ONCE_PER[path]
    wanted = {tuple(answers_of(name)[q] for q in questions) for name in having}
    running = [name for name in having if runs_here(path, name)]
    covered = [tuple(answers_of(name)[q] for q in questions) for name in running]
    assert sorted(covered, key=repr) == sorted(wanted, key=repr)  # each value once


def test_the_fault_matrix_runs_for_every_vendor_auth_scheme() -> None:
    fault_matrix = "tests/flow/test_fault_matrix.py"
    schemes = {answers_of(name)["vendor_auth"] for name in BAKED if runs_here(fault_matrix, name)}
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
    left_to_others = [f"--ignore={path}" for path in RUN_ONCE_PER if not runs_here(path, name)]
    plugins_off = [
        argument
        for plugin in ("cacheprovider", *TEMPLATE_ONLY_PLUGINS)
        for argument in ("-p", f"no:{plugin}")
    ]
    pytest = [python, "-m", "pytest", "-q", "-x", *plugins_off, *left_to_others]
    run(pytest, project, env=phases)
