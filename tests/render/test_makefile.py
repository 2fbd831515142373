"""The generated Makefile installs with uv when there is one, pip otherwise. `make demo` and
`make mutation` run with uv in the suite (tests/e2e/); the pip commands are checked here
with `make -n`."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support import render, run_checked

LOCKED_SET = "--require-hashes -r requirements/dev.txt"


@pytest.mark.render
def test_make_install_uses_uv_when_there_is_one_and_pip_otherwise(tmp_path: Path) -> None:
    project = render(tmp_path)

    with_pip = run_checked(["make", "-n", "install", "UV="], project)
    assert f".venv/bin/python -m pip install --quiet {LOCKED_SET}" in with_pip
    assert ".venv/bin/python -m pip install --quiet --no-deps -e ." in with_pip
    assert "uv pip" not in with_pip

    uv = "/opt/uv/bin/uv"
    with_uv = run_checked(["make", "-n", "install", f"UV={uv}"], project)
    assert f"{uv} pip install --quiet --python .venv/bin/python {LOCKED_SET}" in with_uv
    assert f"{uv} pip install --quiet --python .venv/bin/python --no-deps -e ." in with_uv
    assert "-m pip" not in with_uv


@pytest.mark.render
def test_make_mutation_installs_mutmut_with_uv_when_there_is_one(tmp_path: Path) -> None:
    project = render(tmp_path)
    extras = "-e '.[dev,mutation]'"

    with_pip = run_checked(["make", "-n", "mutation", "UV="], project)
    assert f".venv/bin/python -m pip install --quiet {extras}" in with_pip

    uv = "/opt/uv/bin/uv"
    with_uv = run_checked(["make", "-n", "mutation", f"UV={uv}"], project)
    assert f"{uv} pip install --quiet --python .venv/bin/python {extras}" in with_uv
    assert "-m pip" not in with_uv
