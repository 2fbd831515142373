"""Validate answers with the template's own pre-generation hook, before anything is written.

The hook file (hooks/pre_gen_project.py) is loaded by path, so the command-line tool and
cookiecutter share one validator. This module adds one check the hook cannot make for
every field: a value with a template marker in it is refused before cookiecutter sees it.
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any, Protocol, cast

from .answers import Answers, user_name
from .template import TemplateError

HOOK_PATH = Path("hooks") / "pre_gen_project.py"
HOOK_MODULE = "_integration_template_pre_gen_project"
MARKER_REASON = "must not contain template markers (double braces or brace-percent)"


class Problem(Protocol):
    """One invalid answer, as the hook's AnswerError describes it."""

    @property
    def field(self) -> str: ...

    def render(self) -> str: ...


@dataclass(frozen=True)
class Validator:
    """The hook's validate, format_errors and AnswerError, typed."""

    validate: Callable[[Mapping[str, object]], list[Problem]]
    format_errors: Callable[[Sequence[Problem]], str]
    make_error: Callable[[str, object, str, str], Problem]
    template_markers: tuple[str, ...]

    def has_marker(self, value: object) -> bool:
        """Whether `value` is text holding a template marker (cookiecutter would evaluate it)."""
        return isinstance(value, str) and any(marker in value for marker in self.template_markers)


def load_validator(template: Path) -> Validator:
    """Import hooks/pre_gen_project.py of the template by path."""
    path = template / HOOK_PATH
    spec = importlib.util.spec_from_file_location(HOOK_MODULE, path)
    if spec is None or spec.loader is None or not path.is_file():
        raise TemplateError(f"validator hook not found at {path}")
    module: ModuleType = importlib.util.module_from_spec(spec)
    # Registered first: dataclasses look their module up in sys.modules.
    sys.modules[spec.name] = module
    try:
        spec.loader.exec_module(module)
    except Exception as error:
        del sys.modules[spec.name]
        raise TemplateError(f"cannot load the validator hook {path}: {error}") from error
    hook: Any = module
    return Validator(
        validate=cast(Callable[[Mapping[str, object]], list[Problem]], hook.validate),
        format_errors=cast(Callable[[Sequence[Problem]], str], hook.format_errors),
        make_error=cast(Callable[[str, object, str, str], Problem], hook.AnswerError),
        template_markers=tuple(hook.TEMPLATE_MARKERS),
    )


def _example(validator: Validator, default: object) -> str:
    if isinstance(default, str) and not validator.has_marker(default):
        return default
    return "plain text"


def marker_problems(
    validator: Validator, context: Mapping[str, Any], given: Answers
) -> list[Problem]:
    """A problem for each given value holding a template marker."""
    return [
        validator.make_error(
            user_name(key), value, MARKER_REASON, _example(validator, context.get(key))
        )
        for key, value in given.items()
        if validator.has_marker(value)
    ]


def problems(
    validator: Validator, context: Mapping[str, Any], given: Answers, answers: Answers
) -> list[Problem]:
    """Every problem with the full answers: the hook's, then markers the hook missed."""
    found = list(validator.validate(answers))
    reported = {problem.field for problem in found}
    found += [
        problem
        for problem in marker_problems(validator, context, given)
        if problem.field not in reported
    ]
    return found
