"""Same answers, same bytes and modes: whatever the clock, home, working directory or umask."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.support import ROOT

RENDER_SCRIPT = """
import json, os, sys
from cookiecutter.main import cookiecutter
os.umask(int(sys.argv[3], 8))
cookiecutter(sys.argv[1], no_input=True, output_dir=sys.argv[2],
             extra_context={"_template_source": "cookiecutter-integration-service"})
"""


def render_in_subprocess(output: Path, workdir: Path, home: Path, umask: str, tz: str) -> Path:
    workdir.mkdir(parents=True, exist_ok=True)
    home.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "HOME": str(home), "TZ": tz}
    subprocess.run(
        [sys.executable, "-c", RENDER_SCRIPT, str(ROOT), str(output), umask],
        cwd=workdir,
        env=env,
        check=True,
        capture_output=True,
    )
    (project,) = output.iterdir()
    return project


def snapshot(project: Path) -> dict[str, tuple[int, bytes]]:
    return {
        path.relative_to(project).as_posix(): (
            path.stat().st_mode & 0o777,
            path.read_bytes() if path.is_file() else b"",
        )
        for path in sorted(project.rglob("*"))
    }


def test_two_renders_are_byte_and_mode_identical(tmp_path: Path) -> None:
    first = render_in_subprocess(tmp_path / "a", tmp_path / "wd1", tmp_path / "h1", "022", "UTC")
    second = render_in_subprocess(
        tmp_path / "b", tmp_path / "deeper" / "wd2", tmp_path / "h2", "077", "Asia/Tokyo"
    )

    assert snapshot(first) == snapshot(second)
    cruft = json.loads((first / ".cruft.json").read_text())
    assert str(tmp_path) not in json.dumps(cruft)
    assert cruft["context"]["cookiecutter"]["project_slug"] == "acme-crm-integration"
