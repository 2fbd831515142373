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
- `dependency_names_json()`: the names a generated project must not take, because its own
  dependencies (runtime and dev, from the template's pyproject.toml) use them; handed to the
  pre_gen hook at render time like the manifest.
- `choice_lists_json()`: each choice question's allowed answers, from cookiecutter.json (the
  questionnaire), handed to the pre_gen hook at render time so it has no copy of its own.
- `development_secret`: a development-only secret of this project's own, derived from the
  answers (see the function).
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import json
import re
import tomllib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import yaml
from jinja2 import Environment
from jinja2.ext import Extension

MANIFEST_PATH = Path(__file__).resolve().parent / "features.yaml"
ZONES_PATH = MANIFEST_PATH.with_name("zones.yaml")
PYPROJECT_PATH = MANIFEST_PATH.with_name("pyproject.toml")
QUESTIONNAIRE_PATH = MANIFEST_PATH.with_name("cookiecutter.json")
PROJECT_PYPROJECT_PATH = (
    Path(__file__).resolve().parent / "{{cookiecutter.project_slug}}" / "pyproject.toml"
)
_JINJA_STATEMENT = re.compile(r"^\s*\{%.*%\}\s*$", re.MULTILINE)
_JINJA_EXPRESSION = re.compile(r"\{\{.*?\}\}")
_REQUIREMENT_NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")


# libyaml's loader where PyYAML has it (its wheels do): the same documents, parsed faster.
YAML_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(path: Path) -> Any:
    """A YAML file of the template, parsed once per process while it is unchanged (every
    render asks for zones.yaml twice, and the test matrix renders thousands)."""
    status = path.stat()
    return _parsed_yaml(path, status.st_mtime_ns, status.st_size)


@functools.lru_cache(maxsize=8)
def _parsed_yaml(path: Path, mtime_ns: int, size: int) -> Any:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=YAML_LOADER)


def features_manifest_json() -> str:
    return json.dumps(load_yaml(MANIFEST_PATH), sort_keys=True)


def template_version() -> str:
    """The version of the standard: the template's own package version."""
    project = tomllib.loads(PYPROJECT_PATH.read_text(encoding="utf-8"))["project"]
    return str(project["version"])


def standard_manifest_json() -> str:
    zones = load_yaml(ZONES_PATH)
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
    zones = load_yaml(ZONES_PATH)
    rows = ["| Zone | Files | Whose |", "| --- | --- | --- |"]
    for zone in ("generated", "seeded", "standard"):  # the order patterns are tried in
        paths = (
            str(entry["path"]).replace("{package}", package)
            for entry in zones["zones"][zone]
            if "only" not in entry  # not in every project (see zones.yaml)
        )
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


def development_secret(answers: Mapping[str, object], purpose: str) -> str:
    """`sandbox-<purpose>-<hash of the answers>`: each project's own development secret.

    Derived, not random, so the same answers render the same bytes; the public answers only
    (keys starting with "_" hold paths and template internals). Its "sandbox-" prefix makes
    production refuse it, so the secret need not be secret, only different per project: a
    cursor of one generated service is then not authentic in another.
    """
    public = {key: value for key, value in answers.items() if not key.startswith("_")}
    seed = json.dumps([purpose, public], sort_keys=True, default=str)
    return f"sandbox-{purpose}-{hashlib.sha256(seed.encode()).hexdigest()[:32]}"


def project_requirements() -> list[str]:
    """Every requirement of the generated pyproject.toml, runtime and optional (dev), under
    any answer: its Jinja lines removed and its expressions replaced by a placeholder. A
    template without one (a cut-down copy in tests) has none."""
    if not PROJECT_PYPROJECT_PATH.is_file():
        return []
    text = PROJECT_PYPROJECT_PATH.read_text(encoding="utf-8")
    text = _JINJA_EXPRESSION.sub("0", _JINJA_STATEMENT.sub("", text))
    project = tomllib.loads(text)["project"]
    extras: dict[str, list[str]] = project.get("optional-dependencies", {})
    return [*project.get("dependencies", []), *(req for reqs in extras.values() for req in reqs)]


def normalise(name: str) -> str:
    """A distribution name as PEP 503 compares them."""
    return re.sub(r"[-_.]+", "-", name).lower()


@functools.cache  # 0.3 s to work out; the matrix renders thousands of projects per process
def dependency_names() -> tuple[str, ...]:
    """Names a project may not take: each dependency's distribution name and import name
    (dashes as underscores), plus, for those installed here, their real top-level modules
    (PyJWT gives `jwt`) and, recursively, their own requirements (fastapi gives starlette)."""
    pending = [_requirement_name(requirement) for requirement in project_requirements()]
    seen: set[str] = set()
    names: set[str] = set()
    modules = importlib.metadata.packages_distributions()
    while pending:
        distribution = normalise(pending.pop())
        if distribution in seen:
            continue
        seen.add(distribution)
        names |= {distribution, distribution.replace("-", "_")}
        names |= {module.lower() for module in _modules_of(distribution, modules)}
        pending.extend(_installed_requirements(distribution))
    return tuple(sorted(names))


def dependency_names_json() -> str:
    return json.dumps(dependency_names())


def choice_lists() -> dict[str, list[str]]:
    """Each choice question's allowed answers, the first being the default."""
    questionnaire = json.loads(QUESTIONNAIRE_PATH.read_text(encoding="utf-8"))
    return {
        key: value
        for key, value in questionnaire.items()
        if isinstance(value, list) and not key.startswith("_")
    }


def choice_lists_json() -> str:
    return json.dumps(choice_lists())


def _requirement_name(requirement: str) -> str:
    match = _REQUIREMENT_NAME.match(requirement)
    return match.group(1) if match else requirement


def _modules_of(distribution: str, modules: Mapping[str, list[str]]) -> Iterable[str]:
    return (
        module
        for module, owners in modules.items()
        if distribution in {normalise(owner) for owner in owners} and module.isidentifier()
    )


def _installed_requirements(distribution: str) -> list[str]:
    """What an installed distribution requires unconditionally (no extras, no markers)."""
    try:
        requirements = importlib.metadata.requires(distribution) or []
    except importlib.metadata.PackageNotFoundError:
        return []
    return [_requirement_name(req) for req in requirements if ";" not in req]


class TemplateHelpers(Extension):
    def __init__(self, environment: Environment) -> None:
        super().__init__(environment)
        environment.globals["features_manifest_json"] = features_manifest_json
        environment.globals["standard_manifest_json"] = standard_manifest_json
        environment.globals["template_checkout_json"] = template_checkout_json
        environment.globals["zones_table"] = zones_table
        environment.globals["dependency_names_json"] = dependency_names_json
        environment.globals["choice_lists_json"] = choice_lists_json
        environment.filters["python_string"] = python_string
        environment.filters["development_secret"] = development_secret
