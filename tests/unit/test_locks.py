"""The generated projects' pinned dependency sets: present, and current with the ranges."""

from __future__ import annotations

import shutil
from pathlib import Path

from integration_template import locks
from tests.support import ROOT, render

PROJECT = ROOT / locks.PROJECT_FOLDER


def test_every_lock_is_current_with_its_pyproject_ranges() -> None:
    assert locks.stale_locks(ROOT) == [], "run `make lock`"


def test_the_template_holds_exactly_the_locks_of_the_variants() -> None:
    shipped = {path.relative_to(ROOT).as_posix() for path in (ROOT / locks.LOCK_FOLDER).iterdir()}
    assert shipped == {variant.path for variant in locks.VARIANTS}


def test_a_project_includes_the_locks_of_its_answers(tmp_path: Path) -> None:
    answers = {"python_version": "3.12", "state_backend": "redis", "inbound_auth": "jwt"}
    project = render(tmp_path, answers)
    for kind, variant in (
        ("dev", locks.LockVariant("dev", "3.12", "redis")),
        ("runtime", locks.LockVariant("runtime", "3.12", "redis", "jwt")),
    ):
        included = (project / "requirements" / f"{kind}.txt").read_text(encoding="utf-8")
        assert included == (ROOT / variant.path).read_text(encoding="utf-8")


def copy_of_template(tmp_path: Path) -> Path:
    template = tmp_path / "template"
    (template / locks.PROJECT_FOLDER).mkdir(parents=True)
    shutil.copy(ROOT / "cookiecutter.json", template)
    shutil.copy(PROJECT / "pyproject.toml", template / locks.PROJECT_FOLDER)
    shutil.copytree(ROOT / locks.LOCK_FOLDER, template / locks.LOCK_FOLDER)
    return template


def test_a_changed_range_makes_the_locks_stale(tmp_path: Path) -> None:
    template = copy_of_template(tmp_path)
    pyproject = template / locks.PROJECT_FOLDER / "pyproject.toml"
    text = pyproject.read_text(encoding="utf-8")
    pyproject.write_text(text.replace('"httpx>=0.27,<1"', '"httpx>=0.27,<0.28"'), encoding="utf-8")

    problems = locks.stale_locks(template)

    assert len([problem for problem in problems if "other requirements" in problem]) == len(
        locks.VARIANTS
    )
    assert any("httpx<0.28,>=0.27 is pinned at" in problem for problem in problems)


def test_a_missing_lock_is_reported(tmp_path: Path) -> None:
    template = copy_of_template(tmp_path)
    (template / locks.VARIANTS[0].path).unlink()

    assert locks.stale_locks(template) == [f"{locks.VARIANTS[0].path}: missing (run `make lock`)"]


def test_pins_are_read_from_hashed_lines() -> None:
    text = "# header\nfoo-bar==1.2.3 ; python_full_version >= '3.12' \\\n    --hash=sha256:00\n"
    assert locks.pins(text) == {"foo-bar": "1.2.3"}
