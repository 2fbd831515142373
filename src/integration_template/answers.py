"""Answers given on the command line or in a file, keyed as cookiecutter.json keys them.

Users name the questions by their cookiecutter.json keys, and the two derived values
(rendered by cookiecutter, never asked) as package_name and resource_plural; those are
stored as __package_name and __resource_plural. Any other key is a usage error.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import yaml

DERIVED_KEYS: dict[str, str] = {
    "package_name": "__package_name",
    "resource_plural": "__resource_plural",
}
TRUE_WORDS = frozenset({"yes", "y", "true", "1"})
FALSE_WORDS = frozenset({"no", "n", "false", "0"})

Answers = dict[str, object]


class UsageError(Exception):
    """The command line or the answers file is malformed (exit code 2)."""


def question_keys(context: Mapping[str, Any]) -> list[str]:
    """The questionnaire keys: cookiecutter.json keys without a leading underscore."""
    return [key for key in context if not key.startswith("_")]


def user_keys(context: Mapping[str, Any]) -> list[str]:
    """Every key a user may set: the questions, then the derived values."""
    return question_keys(context) + list(DERIVED_KEYS)


def user_name(context_key: str) -> str:
    """How users name a cookiecutter.json key (package_name for __package_name)."""
    return context_key[2:] if context_key in DERIVED_KEYS.values() else context_key


def context_key(key: str, context: Mapping[str, Any], origin: str) -> str:
    """The cookiecutter.json key for a user key; unknown keys are a usage error."""
    if key in DERIVED_KEYS:
        return DERIVED_KEYS[key]
    if key in question_keys(context):
        return key
    valid = user_keys(context)
    close = difflib.get_close_matches(key, valid, n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    raise UsageError(f"{origin}: unknown key {key!r}{hint}; valid keys are: {', '.join(valid)}")


def parse_bool(text: str) -> bool | None:
    """yes/no/true/false/1/0/y/n in any case; None when the text is none of them."""
    word = text.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    return None


def coerce(key: str, value: object, context: Mapping[str, Any], origin: str) -> object:
    """A value as cookiecutter expects it: bool for yes/no questions, text otherwise.

    A value that cannot be a boolean is kept as given, so the validator reports it with
    the other invalid answers.
    """
    if isinstance(context.get(key), bool):
        if isinstance(value, bool):
            return value
        if isinstance(value, int | str):
            parsed = parse_bool(str(value))
            return value if parsed is None else parsed
        raise UsageError(f"{origin} must be yes or no, not {value!r}")
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    raise UsageError(
        f"{origin} must be text, not {type(value).__name__} {value!r} (quote it in YAML)"
    )


def parse_set(items: Iterable[str], context: Mapping[str, Any]) -> Answers:
    """--set key=value options; a later option for the same key wins."""
    answers: Answers = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise UsageError(f"--set {item!r}: expected key=value")
        name = context_key(key.strip(), context, "--set")
        answers[name] = coerce(name, value, context, f"--set {key.strip()}")
    return answers


def _read_mapping(path: Path) -> object:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise UsageError(f"--answers-file: cannot read {path}: {error.strerror}") from error
    suffix = path.suffix.lower()
    try:
        if suffix == ".json":
            return json.loads(text)
        if suffix in (".yaml", ".yml"):
            return yaml.safe_load(text)
    except (ValueError, yaml.YAMLError) as error:
        detail = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise UsageError(f"--answers-file: {path} is not valid {suffix[1:]}: {detail}") from error
    raise UsageError(f"--answers-file: {path} must end in .json, .yaml or .yml")


def _cruft_answers(data: Mapping[str, Any]) -> dict[str, Any] | None:
    """The recorded answers of a .cruft.json file, without its private keys; else None."""
    recorded = data.get("context")
    if not isinstance(recorded, dict) or not isinstance(recorded.get("cookiecutter"), dict):
        return None
    answers: dict[str, Any] = {}
    for key, value in recorded["cookiecutter"].items():
        if key in DERIVED_KEYS.values():
            answers[user_name(key)] = value
        elif not str(key).startswith("_"):
            answers[key] = value
    return answers


def load_answers_file(path: Path, context: Mapping[str, Any]) -> Answers:
    """A flat YAML or JSON mapping of answers, or the answers recorded in a .cruft.json."""
    data = _read_mapping(path)
    if not isinstance(data, dict):
        raise UsageError(
            f"--answers-file: {path} must hold a mapping of key: value at the top level"
        )
    given = _cruft_answers(data)
    if given is None:
        given = data
    answers: Answers = {}
    for key, value in given.items():
        origin = f"--answers-file {path.name}"
        name = context_key(str(key), context, origin)
        answers[name] = coerce(name, value, context, f"{origin}: {key}")
    return answers
