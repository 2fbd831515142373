"""The full answers, with every default rendered by cookiecutter's own machinery.

Cookiecutter renders each default of cookiecutter.json in order (integration_name from
vendor_name, project_slug from integration_name, and so on). The hook validator needs
those rendered values, so this module asks cookiecutter for them instead of repeating the
derivation. Only values cookiecutter can take safely are handed to it: text without
template markers (cookiecutter would evaluate them), a listed choice, a boolean. Every
other value is laid over the rendered result as given, for the validator to report.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from cookiecutter.exceptions import CookiecutterException
from cookiecutter.generate import generate_context
from cookiecutter.prompt import prompt_for_config
from jinja2 import TemplateError as JinjaError

from .answers import DERIVED_KEYS, Answers, question_keys
from .template import CONTEXT_FILE, TemplateError
from .validation import Validator, load_validator


def is_safe(key: str, value: object, context: Mapping[str, Any], validator: Validator) -> bool:
    """Whether cookiecutter can take the value as an override without error or evaluation."""
    default = context.get(key)
    if isinstance(default, list):
        return value in default
    if isinstance(default, bool):
        return isinstance(value, bool)
    return isinstance(value, str) and not validator.has_marker(value)


@contextmanager
def template_on_path(template: Path) -> Iterator[None]:
    """Let cookiecutter import the template's Jinja extensions, as its own main() does."""
    saved = list(sys.path)
    sys.path.append(str(template))
    try:
        yield
    finally:
        sys.path[:] = saved


def answer_keys(context: Mapping[str, Any]) -> list[str]:
    """The keys of a full answers dict: the questions, then the derived values."""
    return question_keys(context) + list(DERIVED_KEYS.values())


def full_answers(
    template: Path, context: Mapping[str, Any], given: Mapping[str, object]
) -> Answers:
    """Every answer: the given ones, and cookiecutter's rendered defaults for the rest."""
    validator = load_validator(template)
    safe = {key: value for key, value in given.items() if is_safe(key, value, context, validator)}
    try:
        rendered_context = generate_context(
            context_file=str(template / CONTEXT_FILE), extra_context=safe
        )
        with template_on_path(template):
            rendered: Mapping[str, object] = prompt_for_config(rendered_context, no_input=True)
    except (CookiecutterException, JinjaError, ValueError) as error:
        raise TemplateError(f"cannot render the defaults of {CONTEXT_FILE}: {error}") from None
    answers: Answers = {key: rendered[key] for key in answer_keys(context) if key in rendered}
    answers.update(given)
    return answers
