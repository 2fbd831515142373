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
        # Cookiecutter offers the first choice as the default: put a proposed one first.
        options = [str(option) for option in raw]
        options.sort(key=lambda option: option != str(default))
        return prompt.read_user_choice(key, options, prompts, prefix)
    if isinstance(raw, bool):
        return bool(prompt.read_user_yes_no(key, bool(default), prompts, prefix))
    return str(prompt.read_user_variable(key, str(default), prompts, prefix))


def ask(
    template: Path,
    context: Mapping[str, Any],
    given: Answers,
    validator: Validator,
    proposed: Answers | None = None,
) -> Answers:
    """The given answers plus one for every other question.

    Proposed answers (from a vendor spec) are offered as the defaults of their questions.

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
            default = full_answers(template, context, {**(proposed or {}), **answers}).get(key)
            answers[key] = _ask_one(key, context[key], default, prompts, prefix)
            full = full_answers(template, context, {**(proposed or {}), **answers})
            found = problems(validator, context, answers, full)
            mine = [problem for problem in found if problem.field == key]
            if not mine:
                break
            for problem in mine:
                print(problem.render(), file=sys.stderr)
            del answers[key]
    return answers
