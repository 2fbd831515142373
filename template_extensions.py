"""Jinja extensions cookiecutter loads for this template (listed in cookiecutter.json).

- `features_manifest_json()`: the post_gen hook needs the manifest (features.yaml). Hooks run
  from a temporary copy in the new project's folder, where the template's files are out of
  reach, so the manifest is handed to the hook at render time, as JSON.
- `python_string`: an answer as a Python string literal (see the function).
- `development_secret`: a development-only secret of this project's own, derived from the
  answers (see the function).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from pathlib import Path

import yaml
from jinja2 import Environment
from jinja2.ext import Extension

MANIFEST_PATH = Path(__file__).resolve().parent / "features.yaml"


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


class TemplateHelpers(Extension):
    def __init__(self, environment: Environment) -> None:
        super().__init__(environment)
        environment.globals["features_manifest_json"] = features_manifest_json
        environment.filters["python_string"] = python_string
        environment.filters["development_secret"] = development_secret
