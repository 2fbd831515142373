"""`make mutation` in a generated project, narrowed to one small module and its tests.

The whole run takes many minutes (docs/testing.md of a generated project), so the suite
proves the target works on `resilience/deadline.py` only: mutmut really mutates it, runs
the project's own tests against each mutant, and the tests kill them.

The project's `.venv` is a real virtual environment that sees this test environment's
packages (a .pth file) instead of installing the pinned set again; `make mutation` itself
then installs mutmut, pinned, as it does for anyone.
"""

from __future__ import annotations

import json
import re
import site
import subprocess
import sys
from pathlib import Path

import pytest

from integration_template.demo import environment_uv
from tests.support import render, run_checked

MODULE = "resilience/deadline.py"
MODULE_TESTS = "tests/resilience/test_deadline.py"
MUTATION_TIMEOUT_SECONDS = 600


def narrow_mutation_config(project: Path, package: str) -> None:
    """Point [tool.mutmut] at one module and the tests written for it."""
    pyproject = project / "pyproject.toml"
    text = pyproject.read_text(encoding="utf-8")
    narrowed, count = re.subn(
        r"^only_mutate = \[\n(?:    .*\n)+\]\n",
        f'only_mutate = ["src/{package}/{MODULE}"]\n'
        f'pytest_add_cli_args_test_selection = ["{MODULE_TESTS}"]\n',
        text,
        flags=re.MULTILINE,
    )
    assert count == 1, "the generated pyproject.toml has no only_mutate list to narrow"
    pyproject.write_text(narrowed, encoding="utf-8")


def environment_seeing_ours(project: Path) -> None:
    """A .venv whose Python also imports this environment's packages, marked installed."""
    venv = project / ".venv"
    run_checked([sys.executable, "-m", "venv", str(venv)], project)
    python = venv / "bin" / "python"
    site_packages = run_checked(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], project
    ).strip()
    ours = "\n".join(site.getsitepackages())
    (Path(site_packages) / "template-test-environment.pth").write_text(ours + "\n")
    (venv / ".installed").touch()  # newer than pyproject.toml and the lock: no reinstall


def mutant_exit_codes(project: Path, package: str) -> dict[str, int | None]:
    meta = project / "mutants" / "src" / package / f"{MODULE}.meta"
    codes: dict[str, int | None] = json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"]
    return codes


@pytest.mark.slow
def test_make_mutation_kills_the_mutants_of_a_small_module(tmp_path: Path) -> None:
    project = render(tmp_path, {})
    package = next(path.name for path in (project / "src").iterdir() if path.is_dir())
    narrow_mutation_config(project, package)
    environment_seeing_ours(project)
    # This environment's uv installs mutmut in seconds, where pip takes about 13 s of CPU.
    uv = environment_uv()
    assert uv, "uv is a test dependency of the template"

    result = subprocess.run(
        ["make", "mutation", f"PYTHON={sys.executable}", "MUTATION_CHILDREN=1", f"UV={uv}"],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=MUTATION_TIMEOUT_SECONDS,
        check=False,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    codes = mutant_exit_codes(project, package)
    assert len(codes) >= 5, codes  # mutmut really mutated the module
    survivors = sorted(key for key, code in codes.items() if code == 0)
    not_run = sorted(key for key, code in codes.items() if code is None)
    assert not not_run, not_run
    assert not survivors, f"mutants the tests let live: {survivors}\n{result.stdout}"
