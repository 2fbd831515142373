"""Jinja extensions cookiecutter loads for this template (listed in cookiecutter.json).

- `features_manifest_json()`: the post_gen hook needs the manifest (features.yaml). Hooks run
  from a temporary copy in the new project's folder, where the template's files are out of
  reach, so the manifest is handed to the hook at render time, as JSON.
- `python_string`: an answer as a Python string literal (see the function).
- `dependency_names_json()`: the names a generated project must not take, because its own
  dependencies (runtime and dev, from the template's pyproject.toml) use them; handed to the
  pre_gen hook at render time like the manifest.
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

import yaml
from jinja2 import Environment
from jinja2.ext import Extension

MANIFEST_PATH = Path(__file__).resolve().parent / "features.yaml"
PROJECT_PYPROJECT_PATH = (
    Path(__file__).resolve().parent / "{{cookiecutter.project_slug}}" / "pyproject.toml"
)
_JINJA_STATEMENT = re.compile(r"^\s*\{%.*%\}\s*$", re.MULTILINE)
_JINJA_EXPRESSION = re.compile(r"\{\{.*?\}\}")
_REQUIREMENT_NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")


def features_manifest_json() -> str:
    return json.dumps(yaml.safe_load(MANIFEST_PATH.read_text(encoding="utf-8")), sort_keys=True)


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
        environment.globals["dependency_names_json"] = dependency_names_json
        environment.filters["python_string"] = python_string
        environment.filters["development_secret"] = development_secret
