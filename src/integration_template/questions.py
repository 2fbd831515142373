"""The questionnaire: every question, its choices, its default and what it changes."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .answers import DERIVED_KEYS, Answers, question_keys, user_name
from .vendor_spec import PROPOSED_FROM

MANIFEST_NAME = "features.yaml"
PACKAGE_PLACEHOLDER = "{package}"

# What each answer changes in the generated project; `<package>` is the package name.
WHAT_IT_CHANGES: dict[str, str] = {
    "customer_name": (
        "The customer named in README.md, in the pyproject.toml description and as "
        "CUSTOMER_NAME in `src/<package>/constants.py`."
    ),
    "vendor_name": (
        "The vendor named in README.md and .env.example and as VENDOR_NAME in constants.py; "
        "the default of integration_name is built from it."
    ),
    "integration_name": (
        "The README.md title, the pyproject.toml description and INTEGRATION_NAME in "
        "constants.py; the default of project_slug is built from it."
    ),
    "project_slug": (
        "The project folder name, the distribution name in pyproject.toml, PROJECT_SLUG, "
        "the problem-type URNs and the development JWT audience; the default of "
        "package_name is built from it."
    ),
    "vendor_base_url": (
        "VENDOR_BASE_URL in constants.py, the production default of the vendor URL setting "
        "(.env.example points development at the bundled sandbox instead)."
    ),
    "resource_name": (
        "The resource the service exposes: RESOURCE_NAME and the title of its model; the "
        "default of resource_plural is built from it."
    ),
    "vendor_auth": (
        "Which vendor auth module (`src/<package>/upstream/auth/<scheme>.py`) and its tests "
        "the project keeps, the sandbox's --auth-scheme in the Makefile and the vendor "
        "credentials in .env.example."
    ),
    "vendor_pagination": (
        "Which vendor paginator (`src/<package>/upstream/pagination/<style>.py`) the project "
        "keeps and the sandbox's --pagination in the Makefile."
    ),
    "vendor_idempotency_keys": (
        "VENDOR_HONOURS_IDEMPOTENCY_KEYS, the default of the setting that decides whether "
        "creates sent to the vendor carry an Idempotency-Key header."
    ),
    "vendor_rate_limit": (
        "VENDOR_RATE_LIMIT in constants.py and README.md: the budget for calls to the vendor."
    ),
    "inbound_auth": (
        "How callers authenticate: which module (`src/<package>/api/auth/<scheme>_auth.py`) "
        "and test support file the project keeps, the JWT dependency in pyproject.toml, and "
        "the `API_KEYS` or `JWT_*` settings in .env.example."
    ),
    "data_classification": (
        "DATA_CLASSIFICATION in constants.py and README.md; confidential_pii also makes "
        "the validator require vendor authentication and an https vendor URL."
    ),
    "state_backend": (
        "Where rate-limit and idempotency state is kept (in the process, or in Redis "
        "shared by several replicas): the state module choices.py imports, and the Redis "
        "dependency and `REDIS_URL` setting for redis."
    ),
    "ci_provider": (
        "Which CI configuration the project keeps: .github/ (GitHub Actions), "
        ".gitlab-ci.yml (GitLab CI) or none."
    ),
    "python_version": (
        "requires-python, the ruff and mypy target versions in pyproject.toml, the CI "
        "Python image and README.md."
    ),
    "package_name": (
        "The import package `src/<package>/`, the imports in the tests and PACKAGE in the Makefile."
    ),
    "resource_plural": (
        "The collection route `/v1/<plural>`, the `<plural>:read` and `<plural>:write` "
        "scopes and RESOURCE_PLURAL."
    ),
}

# How cookiecutter.json derives a default from earlier answers.
DERIVATIONS: dict[str, str] = {
    "integration_name": "vendor_name followed by ' integration'",
    "project_slug": "integration_name, lowercased, spaces and underscores as dashes",
    "package_name": "project_slug with dashes as underscores",
    "resource_plural": "resource_name followed by 's'",
}

DERIVED_PROMPTS: dict[str, str] = {
    "package_name": "Python package name (import name under src/)",
    "resource_plural": "Plural of resource_name, used in routes and scopes",
}


@dataclass(frozen=True)
class Choice:
    value: str
    meaning: str
    owned_paths: tuple[str, ...] = ()


@dataclass(frozen=True)
class Question:
    key: str
    prompt: str
    default: object
    changes: str
    derived: bool = False
    derivation: str = ""
    choices: tuple[Choice, ...] = field(default_factory=tuple)
    from_spec: str = ""


def load_manifest(template: Path) -> dict[str, dict[str, list[str]]]:
    """features.yaml's owned_paths: question -> choice -> paths; empty when absent."""
    path = template / MANIFEST_NAME
    if not path.is_file():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    owned = data.get("owned_paths") if isinstance(data, dict) else None
    if not isinstance(owned, dict):
        return {}
    return {
        str(question): {
            str(choice): [str(path) for path in paths or []] for choice, paths in owners.items()
        }
        for question, owners in owned.items()
        if isinstance(owners, dict)
    }


def _prompt_text(prompts: Mapping[str, Any], key: str) -> str:
    prompt = prompts.get(key, key)
    if isinstance(prompt, dict):
        return str(prompt.get("__prompt__", key))
    return str(prompt)


def _choices(
    key: str, options: list[Any], prompts: Mapping[str, Any], manifest: Mapping[str, Any]
) -> tuple[Choice, ...]:
    meanings = prompts.get(key, {})
    owners = manifest.get(key, {})
    return tuple(
        Choice(
            value=str(option),
            meaning=str(meanings.get(option, "")) if isinstance(meanings, dict) else "",
            owned_paths=tuple(
                path.replace(PACKAGE_PLACEHOLDER, "<package>") for path in owners.get(option, [])
            ),
        )
        for option in options
    )


def load_questions(
    context: Mapping[str, Any], defaults: Answers, manifest: Mapping[str, Any]
) -> list[Question]:
    """Every question in questionnaire order, then the derived values."""
    prompts: Mapping[str, Any] = context.get("__prompts__", {})
    questions = []
    for key in question_keys(context):
        raw = context[key]
        questions.append(
            Question(
                key=key,
                prompt=_prompt_text(prompts, key),
                default=defaults.get(key),
                changes=WHAT_IT_CHANGES.get(key, ""),
                derivation=DERIVATIONS.get(key, ""),
                choices=_choices(key, raw, prompts, manifest) if isinstance(raw, list) else (),
                from_spec=PROPOSED_FROM.get(key, ""),
            )
        )
    for stored in DERIVED_KEYS.values():
        key = user_name(stored)
        questions.append(
            Question(
                key=key,
                prompt=DERIVED_PROMPTS.get(key, key),
                default=defaults.get(stored),
                changes=WHAT_IT_CHANGES.get(key, ""),
                derived=True,
                derivation=DERIVATIONS.get(key, ""),
                from_spec=PROPOSED_FROM.get(key, ""),
            )
        )
    return questions
