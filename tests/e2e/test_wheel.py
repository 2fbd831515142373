"""The package installed from a wheel, not from a checkout: the template travels with it."""

from __future__ import annotations

import json
import sys
import zipfile
from pathlib import Path

import pytest

from integration_template.template import PACKAGED_FOLDER
from tests.support import PACKAGE_DIR_NAME, ROOT, TEMPLATE_DIR, run_checked, template_files

PACKAGED = f"integration_template/{PACKAGED_FOLDER}/"
TEMPLATE_ROOT_FILES = (
    "cookiecutter.json",
    "features.yaml",
    "zones.yaml",
    "pyproject.toml",
    "template_extensions.py",
)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    wheels = tmp_path_factory.mktemp("wheels")
    pip_wheel = [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps"]
    run_checked([*pip_wheel, "--no-build-isolation", "--wheel-dir", str(wheels), str(ROOT)], ROOT)
    (built,) = wheels.glob("*.whl")
    return built


@pytest.mark.slow
def test_the_wheel_carries_exactly_the_template(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
    packaged = {name.removeprefix(PACKAGED) for name in names if name.startswith(PACKAGED)}
    hooks = {f"hooks/{path.name}" for path in (ROOT / "hooks").glob("*.py")}
    project = {f"{TEMPLATE_DIR.name}/{name}" for name in template_files(PACKAGE_DIR_NAME)}
    locks = {path.relative_to(ROOT).as_posix() for path in (ROOT / "templates").rglob("*.txt")}
    assert packaged == {*TEMPLATE_ROOT_FILES, *hooks, *project, *locks}


@pytest.mark.slow
def test_an_installed_wheel_renders_its_own_template(wheel: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    pip_install = [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-index"]
    run_checked([*pip_install, "--target", str(site), str(wheel)], tmp_path)
    # The wheel's package comes before this checkout's editable install on the path.
    env = {"PYTHONPATH": str(site)}
    where = [sys.executable, "-c", "import integration_template as p; print(p.__file__)"]
    assert Path(run_checked(where, tmp_path, env).strip()).is_relative_to(site)

    command = [str(site / "bin" / "integration-template"), "new", "--no-input", "-o", "out"]
    run_checked([*command, "--set", "integration_name=Wheel check"], tmp_path, env)

    project = tmp_path / "out" / "wheel-check"
    assert (project / "src" / "wheel_check" / "app.py").is_file()
    # The pinned sets come from the wheel's templates/ folder.
    assert (project / "requirements" / "dev.txt").read_text(encoding="utf-8").startswith("# Pinned")
    record = json.loads((project / ".cruft.json").read_text(encoding="utf-8"))
    # A wheel is no git checkout: the source is the template folder it carries.
    assert record["template"] == str((site / "integration_template" / PACKAGED_FOLDER).resolve())
    assert record["commit"] is None
    assert str(tmp_path / "out") not in json.dumps(record)
