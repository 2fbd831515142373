"""Where the template lives and where it came from (for the .cruft.json record)."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

CONTEXT_FILE = "cookiecutter.json"
DEFAULT_SOURCE_KEY = "_template_source"
# Where a wheel carries the template, inside this package (pyproject.toml's force-include).
PACKAGED_FOLDER = "bundled_template"


class TemplateError(Exception):
    """The template folder is missing or unreadable."""


def find_template(explicit: Path | None = None, start: Path | None = None) -> Path:
    """The explicit folder; else the copy packaged with an installed wheel; else, in a source
    checkout or an editable install, the nearest folder above this package with
    cookiecutter.json."""
    if explicit is not None:
        folder = explicit.expanduser().resolve()
        if not (folder / CONTEXT_FILE).is_file():
            raise TemplateError(f"{folder} is not a template folder (no {CONTEXT_FILE} in it)")
        return folder
    here = (start or Path(__file__)).resolve()
    packaged = here.parent / PACKAGED_FOLDER
    if (packaged / CONTEXT_FILE).is_file():
        return packaged
    for folder in here.parents:
        if (folder / CONTEXT_FILE).is_file():
            return folder
    raise TemplateError(f"no template folder ({CONTEXT_FILE}) above {here}; pass --template DIR")


def load_context(template: Path) -> dict[str, Any]:
    """cookiecutter.json as a dict, in file order."""
    path = template / CONTEXT_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise TemplateError(f"cannot read {path}: {error}") from error
    if not isinstance(data, dict):
        raise TemplateError(f"{path} must hold a JSON object")
    return data


def _git(template: Path, *args: str) -> str | None:
    """git's answer about the template folder as a checkout of its own. The ceiling stops
    git at the folder: a template merely inside some work tree (a wheel's copy in a virtual
    environment within a project) must not report that project's origin and commit."""
    ceiling = {"GIT_CEILING_DIRECTORIES": str(template.resolve().parent)}
    try:
        result = subprocess.run(
            ["git", "-C", str(template), *args],
            env={**os.environ, **ceiling},
            capture_output=True,
            text=True,
            check=False,
            timeout=10,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    output = result.stdout.strip()
    return output if result.returncode == 0 and output else None


def public_url(url: str) -> str | None:
    """The remote URL without credentials; None when it names a local path."""
    if "://" not in url:
        # scp-like "git@host:owner/repo.git" is remote; "/path" or "C:\path" is local.
        is_scp = ":" in url and not url.startswith(("/", ".", "~")) and "\\" not in url
        return url if is_scp and len(url.split(":", 1)[0]) > 1 else None
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    if parts.scheme == "file" or not parts.hostname:
        return None
    host = parts.hostname + (f":{port}" if port else "")
    return urlunsplit((parts.scheme, host, parts.path, "", ""))


def recordable_source(text: str) -> str | None:
    """A URL (without credentials), or an existing local folder as an absolute path: a
    source git can clone again. None for anything else (a bare name nothing can find)."""
    url = public_url(text) if text else None
    if url is not None:
        return url
    folder = Path(text.removeprefix("file://")).expanduser() if text else None
    return str(folder.resolve()) if folder is not None and folder.is_dir() else None


def template_source(template: Path, context: dict[str, Any]) -> str:
    """The origin remote of the template checkout, else the template folder itself (an
    absolute path: teams often keep the template next to their projects)."""
    remote = _git(template, "remote", "get-url", "origin")
    public = public_url(remote) if remote else None
    return public or str(context.get(DEFAULT_SOURCE_KEY) or "") or str(template.resolve())


def template_commit(template: Path) -> str:
    """The commit the template is checked out at, or "" when it is not a git checkout."""
    return _git(template, "rev-parse", "HEAD") or ""
