"""Tier 2: the full answer matrix, rendered only (no install, no tests of the project)."""

from __future__ import annotations

import itertools
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from tests.render.checks import leftover_markers, read_project, unparsable_files
from tests.render.in_process import render_in_process, template_analysis_reused
from tests.support import CHOICE_QUESTIONS, default_answers, expected_files, is_supported

BOOLEAN_QUESTIONS = {"vendor_idempotency_keys": [True, False]}
MATRIX_QUESTIONS = {**CHOICE_QUESTIONS, **BOOLEAN_QUESTIONS}
SHARDS = 8
MEMORY_FOLDER = Path("/dev/shm")


def all_combinations() -> list[dict[str, Any]]:
    keys = list(MATRIX_QUESTIONS)
    return [
        dict(zip(keys, values, strict=True))
        for values in itertools.product(*MATRIX_QUESTIONS.values())
    ]


COMBINATIONS = all_combinations()


def test_the_matrix_covers_every_choice() -> None:
    expected = 1
    for choices in MATRIX_QUESTIONS.values():
        expected *= len(choices)
    assert len(COMBINATIONS) == expected == 2880


@pytest.mark.render
@pytest.mark.parametrize("shard", range(SHARDS))
def test_every_supported_combination_renders_exactly_its_files(shard: int, tmp_path: Path) -> None:
    failures: list[str] = []
    with scratch_folder(tmp_path) as output, template_analysis_reused():
        for combination in COMBINATIONS[shard::SHARDS]:
            if is_supported(combination):
                failures += check_combination(combination, output)
    assert not failures, "\n".join(failures[:20])


@contextmanager
def scratch_folder(fallback: Path) -> Iterator[Path]:
    """A folder in memory (/dev/shm) where there is one: thousands of renders are written and
    deleted, and a disk makes that the slowest part of the tier."""
    if not MEMORY_FOLDER.is_dir() or not os.access(MEMORY_FOLDER, os.W_OK):
        yield fallback
        return
    folder = Path(tempfile.mkdtemp(prefix="render-matrix-", dir=MEMORY_FOLDER))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def check_combination(combination: dict[str, Any], output_dir: Path) -> list[str]:
    failures: list[str] = []
    answers = {**default_answers(), **combination}
    project = render_in_process(output_dir, combination)
    texts = read_project(project)
    produced = set(texts)
    wanted = expected_files(answers)
    if produced != wanted:
        extra, missing = sorted(produced - wanted), sorted(wanted - produced)
        failures.append(f"{combination}: extra {extra} missing {missing}")
    failures += [f"{combination}: {problem}" for problem in leftover_markers(texts)]
    failures += [f"{combination}: {problem}" for problem in unparsable_files(texts)]
    shutil.rmtree(project)
    return failures


@pytest.mark.render
def test_renders_with_the_reused_template_analysis_are_byte_identical(tmp_path: Path) -> None:
    # Six combinations spread over the matrix, each rendered with and without the reuse.
    sample = [combination for combination in COMBINATIONS[::293] if is_supported(combination)][:6]
    plain = [
        read_project(render_in_process(tmp_path / f"plain-{n}", c)) for n, c in enumerate(sample)
    ]
    with template_analysis_reused():
        reused = [
            read_project(render_in_process(tmp_path / f"reused-{n}", c))
            for n, c in enumerate(sample)
        ]
    assert len(sample) == 6
    for combination, expected, got in zip(sample, plain, reused, strict=True):
        assert got == expected, combination
