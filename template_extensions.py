"""Jinja extensions cookiecutter loads for this template (listed in cookiecutter.json).

- `features_manifest_json()`: the post_gen hook needs the manifest (features.yaml). Hooks run
  from a temporary copy in the new project's folder, where the template's files are out of
  reach, so the manifest is handed to the hook at render time, as JSON.
- `standard_manifest_json()`: the same for the ownership zones (zones.yaml) and the
  template's version (pyproject.toml), from which the hook writes .integration-standard.json.
- `template_checkout_json()`: where this template folder is (absolute) and the commit its
  git checkout is at, read from the .git files (no git process), so a render by plain
  cookiecutter from a relative path still records a source and commit that can be found
  again.
- `zones_table(package)`: the generated README's table of which files are whose, built
  from zones.yaml so it cannot drift from what `make check` enforces.
- `python_string`: an answer as a Python string literal (see the function).
"""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import yaml
from jinja2 import Environment
from jinja2.ext import Extension

MANIFEST_PATH = Path(__file__).resolve().parent / "features.yaml"
ZONES_PATH = MANIFEST_PATH.with_name("zones.yaml")
PYPROJECT_PATH = MANIFEST_PATH.with_name("pyproject.toml")


def features_manifest_json() -> str:
    return json.dumps(yaml.safe_load(MANIFEST_PATH.read_text(encoding="utf-8")), sort_keys=True)


def template_version() -> str:
    """The version of the standard: the template's own package version."""
    project = tomllib.loads(PYPROJECT_PATH.read_text(encoding="utf-8"))["project"]
    return str(project["version"])


def standard_manifest_json() -> str:
    zones = yaml.safe_load(ZONES_PATH.read_text(encoding="utf-8"))
    manifest = {
        "version": template_version(),
        "zones": zones["zones"],
        "open_folders": zones.get("open_folders") or [],
    }
    return json.dumps(manifest, sort_keys=True)


def _git_dir(folder: Path) -> Path | None:
    dot_git = folder / ".git"
    if dot_git.is_file():  # a linked worktree: "gitdir: <path>"
        text = dot_git.read_text(encoding="utf-8").strip()
        return (folder / text.removeprefix("gitdir:").strip()).resolve()
    return dot_git if dot_git.is_dir() else None


def _resolve_ref(git_dir: Path, ref: str) -> str:
    common = git_dir
    if (git_dir / "commondir").is_file():
        common = (git_dir / (git_dir / "commondir").read_text(encoding="utf-8").strip()).resolve()
    for base in (git_dir, common):
        if (base / ref).is_file():
            return (base / ref).read_text(encoding="utf-8").strip()
    packed = common / "packed-refs"
    if packed.is_file():
        for line in packed.read_text(encoding="utf-8").splitlines():
            sha, _, name = line.partition(" ")
            if name == ref:
                return sha
    return ""


def checkout_commit(folder: Path) -> str:
    """The commit HEAD names in the git checkout at `folder`; "" when it is none."""
    try:
        git_dir = _git_dir(folder)
        if git_dir is None:
            return ""
        head = (git_dir / "HEAD").read_text(encoding="utf-8").strip()
        return (
            _resolve_ref(git_dir, head.removeprefix("ref:").strip())
            if head.startswith("ref:")
            else head
        )
    except OSError:
        return ""


def template_checkout_json() -> str:
    folder = MANIFEST_PATH.parent
    return json.dumps({"folder": str(folder), "commit": checkout_commit(folder)})


def zones_table(package: str) -> str:
    """A Markdown table: one row per zone, its path patterns and what it means."""
    zones = yaml.safe_load(ZONES_PATH.read_text(encoding="utf-8"))
    rows = ["| Zone | Files | Whose |", "| --- | --- | --- |"]
    for zone in ("generated", "seeded", "standard"):  # the order patterns are tried in
        paths = (str(entry["path"]).replace("{package}", package) for entry in zones["zones"][zone])
        listed = ", ".join(f"`{path}`" for path in paths)
        rows.append(f"| {zone} | {listed} | {zones['about'][zone]} |")
    return "\n".join(rows)


def python_string(value: object) -> str:
    """A double-quoted Python string literal for `value`, which ruff format leaves as it is.

    JSON string syntax is valid Python (ASCII only, so nothing can break the file's
    encoding); the double quote is spelled \\u0022 so the formatter has no escaped quote
    that would make it switch to single quotes.
    """
    escaped = ("\\u0022" if char == '"' else json.dumps(char)[1:-1] for char in str(value))
    return '"' + "".join(escaped) + '"'


class TemplateHelpers(Extension):
    def __init__(self, environment: Environment) -> None:
        super().__init__(environment)
        environment.globals["features_manifest_json"] = features_manifest_json
        environment.globals["standard_manifest_json"] = standard_manifest_json
        environment.globals["template_checkout_json"] = template_checkout_json
        environment.globals["zones_table"] = zones_table
        environment.filters["python_string"] = python_string
