"""The error catalog's codes are a type: mypy --strict refuses a code that is not in it."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from typing import get_args

import pytest

from {{ cookiecutter.__package_name }}.errors import (
    CATALOG_ENTRIES,
    ERROR_CODES,
    ErrorCode,
)

PACKAGE = type(CATALOG_ENTRIES[0]).__module__.partition(".")[0]  # the package under test
SNIPPET = (
    f"from {PACKAGE}.errors import ErrorCode, ServiceError\n"
    "\n"
    'ServiceError("UPSTREAM_TIMEOUT")\n'
    'ServiceError("UPSTREAM_TIMEOUT_TYPO")\n'
    'SLOW_CODES: frozenset[ErrorCode] = frozenset(["UPSTREAM_TIMEOUT", "UPSTREAM_UNAVAILBLE"])\n'
)


def test_the_code_type_and_the_catalog_name_the_same_codes() -> None:
    assert get_args(ErrorCode) == ERROR_CODES
    assert [entry.code for entry in CATALOG_ENTRIES] == list(ERROR_CODES)


def test_mypy_strict_refuses_a_misspelt_error_code(tmp_path: Path) -> None:
    if shutil.which("mypy", path=str(Path(sys.executable).parent)) is None:
        pytest.fail("mypy is missing from this environment: run make install")
    fixture = tmp_path / "misspelt_code.py"
    fixture.write_text(SNIPPET)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--no-incremental",
            "--cache-dir",
            str(tmp_path / "cache"),
            str(fixture),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        cwd=Path(__file__).resolve().parents[2],
    )
    errors = [line for line in result.stdout.splitlines() if ": error:" in line]
    assert result.returncode == 1, result.stdout + result.stderr
    assert len(errors) == 2, result.stdout
    assert f"{fixture.name}:4:" in errors[0] and "UPSTREAM_TIMEOUT_TYPO" in errors[0]
    assert f"{fixture.name}:5:" in errors[1] and "UPSTREAM_UNAVAILBLE" in errors[1]
