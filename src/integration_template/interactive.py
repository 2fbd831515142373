"""Ask the questions not answered yet, with cookiecutter's own prompt helpers."""

from __future__ import annotations

import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from cookiecutter import prompt

from .answers import Answers, question_keys
from .context import full_answers
from .validation import Validator, problems


def _ask_one(
    key: str, raw: object, default: object, prompts: Mapping[str, Any], prefix: str
) -> object:
    if isinstance(raw, list):
        return prompt.read_user_choice(key, [str(option) for option in raw], prompts, prefix)
    if isinstance(raw, bool):
        return bool(prompt.read_user_yes_no(key, bool(default), prompts, prefix))
    return str(prompt.read_user_variable(key, str(default), prompts, prefix))


def ask(
    template: Path, context: Mapping[str, Any], given: Answers, validator: Validator
) -> Answers:
    """The given answers plus one for every other question.

    An answer the validator refuses is reported and asked again; checks that span several
    answers may only fail later, and the caller validates everything once more.
    """
    answers = dict(given)
    prompts: Mapping[str, Any] = context.get("__prompts__", {})
    keys = question_keys(context)
    for number, key in enumerate(keys, 1):
        if key in answers:
            continue
        prefix = f"  [dim][{number}/{len(keys)}][/] "
        while True:
            default = full_answers(template, context, answers).get(key)
            answers[key] = _ask_one(key, context[key], default, prompts, prefix)
            found = problems(validator, context, answers, full_answers(template, context, answers))
            mine = [problem for problem in found if problem.field == key]
            if not mine:
                break
            for problem in mine:
                print(problem.render(), file=sys.stderr)
            del answers[key]
    return answers
