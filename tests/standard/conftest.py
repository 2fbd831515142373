"""Every scenario here runs real git and renders real templates: keep cookiecutter's replay
files and the template clone cache out of the home folder, and import each template's
extension module anew."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.standard.repos import SLUG, commit_all, make_template_repo, new_project, require_git


def use_private_cookiecutter_config(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = folder / "cookiecutterrc.yaml"
    config.write_text(
        f"replay_dir: {folder / 'replay'}\ncookiecutters_dir: {folder / 'cookiecutters'}\n"
    )
    monkeypatch.setenv("COOKIECUTTER_CONFIG", str(config))


@pytest.fixture(scope="session")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """One template repository and one project committed from it, per test process."""
    require_git()
    folder = tmp_path_factory.mktemp("pristine")
    with pytest.MonkeyPatch.context() as monkeypatch:
        use_private_cookiecutter_config(folder, monkeypatch)
        saved = sys.modules.pop("template_extensions", None)
        template = make_template_repo(folder / "template")
        project = new_project(template, folder / "projects")
        sys.modules.pop("template_extensions", None)
        if saved is not None:
            sys.modules["template_extensions"] = saved
    return template, project


@pytest.fixture
def template(pristine: tuple[Path, Path], tmp_path: Path) -> Path:
    """A private copy of the pristine template repository (history included)."""
    return Path(shutil.copytree(pristine[0], tmp_path / "template", symlinks=True))


@pytest.fixture
def project(pristine: tuple[Path, Path], template: Path, tmp_path: Path) -> Path:
    """A private copy of the pristine project, its record pointing at the copied template
    (what a render from that folder records), committed."""
    project = Path(shutil.copytree(pristine[1], tmp_path / "projects" / SLUG, symlinks=True))
    record = project / ".cruft.json"
    record.write_text(record.read_text().replace(str(pristine[0]), str(template)))
    commit_all(project, "The template lives in another folder")
    return project


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    require_git()
    use_private_cookiecutter_config(tmp_path, monkeypatch)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    saved = sys.modules.pop("template_extensions", None)
    yield
    sys.modules.pop("template_extensions", None)
    if saved is not None:
        sys.modules["template_extensions"] = saved
