"""Same answers, same bytes and modes: whatever the clock, home, working directory or umask."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support import ROOT

# Another day, another year and another clock time for the second render: a date stamp,
# a timestamp or a year anywhere in the output would differ.
OTHER_CLOCK = "2031-02-03 23:59:30"

RENDER_SCRIPT = """
import json, os, sys
from cookiecutter.main import cookiecutter
from integration_template.generate import hook_scripts_removed
os.umask(int(sys.argv[3], 8))
with hook_scripts_removed():
    cookiecutter(sys.argv[1], no_input=True, output_dir=sys.argv[2],
                 extra_context={"_template_source": "cookiecutter-integration-service"})
"""


def faketime() -> str:
    """The faketime command (Debian package faketime); skipped outside CI when missing."""
    found = shutil.which("faketime")
    if found is None:
        message = "faketime is not installed: apt-get install -y faketime"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return found


def render_in_subprocess(
    output: Path, workdir: Path, home: Path, umask: str, tz: str, clock: list[str] | None = None
) -> Path:
    """Render the defaults in a fresh process; `clock` is a command prefix that fakes the time."""
    workdir.mkdir(parents=True, exist_ok=True)
    home.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "HOME": str(home), "TZ": tz}
    subprocess.run(
        [*(clock or []), sys.executable, "-c", RENDER_SCRIPT, str(ROOT), str(output), umask],
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
        tmp_path / "b",
        tmp_path / "deeper" / "wd2",
        tmp_path / "h2",
        "077",
        "Asia/Tokyo",
        clock=[faketime(), OTHER_CLOCK],
    )

    assert snapshot(first) == snapshot(second)
    cruft = json.loads((first / ".cruft.json").read_text())
    assert str(tmp_path) not in json.dumps(cruft)
    assert cruft["context"]["cookiecutter"]["project_slug"] == "acme-crm-integration"
