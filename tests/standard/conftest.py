"""Every scenario here runs real git and renders real templates: keep cookiecutter's replay
files and the template clone cache out of the home folder, and import each template's
extension module anew."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.standard.repos import require_git


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    require_git()
    config = tmp_path / "cookiecutterrc.yaml"
    config.write_text(
        f"replay_dir: {tmp_path / 'replay'}\ncookiecutters_dir: {tmp_path / 'cookiecutters'}\n"
    )
    monkeypatch.setenv("COOKIECUTTER_CONFIG", str(config))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    saved = sys.modules.pop("template_extensions", None)
    yield
    sys.modules.pop("template_extensions", None)
    if saved is not None:
        sys.modules["template_extensions"] = saved
