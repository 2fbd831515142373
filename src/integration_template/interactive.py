"""Ask the questions not answered yet, then show every answer and confirm before writing.

Choice questions show their values by name and accept the name, an unambiguous prefix of
it, or its number: the spelling every doc and `--set` use works here too. Text and yes/no
questions use cookiecutter's own prompt helpers. Input is read through `input()`, so the
questionnaire runs from a terminal, a pipe or a test alike.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from cookiecutter import prompt

from .answers import Answers, question_keys
from .context import full_answers
from .validation import Validator, problems

Reader = Callable[[str], str]
CONFIRM = "Generate the project with these answers? [Y]es, [n]o, or a number to change it: "


class Aborted(Exception):
    """The person declined the summary; nothing is generated."""


def match_choice(typed: str, options: Sequence[str]) -> tuple[str | None, str]:
    """The option `typed` names (a number, a name or a unique prefix), else why not."""
    text = typed.strip()
    if text.isdigit():
        number = int(text)
        if 1 <= number <= len(options):
            return options[number - 1], ""
        return None, f"{text} is not a number from 1 to {len(options)}"
    lowered = text.lower()
    exact = [option for option in options if option.lower() == lowered]
    if exact:
        return exact[0], ""
    starting = [option for option in options if option.lower().startswith(lowered)]
    if len(starting) == 1:
        return starting[0], ""
    if starting:
        return None, f"{text!r} could be {', '.join(starting)}: type more of the name"
    return None, f"{text!r} is not one of {', '.join(options)}"


def read_choice(
    key: str,
    options: Sequence[str],
    default: str,
    prompts: Mapping[str, Any],
    prefix: str,
    read: Reader = input,
) -> str:
    """Show the options by number and name; ask until one is chosen."""
    found = prompts.get(key)
    described: Mapping[str, Any] = found if isinstance(found, dict) else {}
    print(f"{prefix}{described.get('__prompt__', key)} ({key})")
    for number, option in enumerate(options, 1):
        meaning = described.get(option, "")
        print(f"    {number} - {option}" + (f": {meaning}" if meaning else ""))
    while True:
        typed = read(f"  Choose a number or a name [{default}]: ")
        if not typed.strip():
            return default
        chosen, reason = match_choice(typed, options)
        if chosen is not None:
            return chosen
        print(f"  {reason}", file=sys.stderr)


def _ask_one(
    key: str,
    raw: object,
    default: object,
    prompts: Mapping[str, Any],
    prefix: str,
    read: Reader,
) -> object:
    if isinstance(raw, list):
        options = [str(option) for option in raw]
        chosen = str(default) if str(default) in options else options[0]
        plain_prefix = prefix.replace("[dim]", "").replace("[/]", "")  # rich markup, unused
        return read_choice(key, options, chosen, prompts, plain_prefix, read)
    if isinstance(raw, bool):
        return bool(prompt.read_user_yes_no(key, bool(default), prompts, prefix))
    return str(prompt.read_user_variable(key, str(default), prompts, prefix))


def ask_until_valid(
    template: Path,
    context: Mapping[str, Any],
    answers: Answers,
    validator: Validator,
    key: str,
    prefix: str,
    read: Reader,
    proposed: Answers | None = None,
) -> None:
    """Ask `key` (again) until the validator accepts the answer on its own; `proposed`
    answers (from a vendor spec) are the defaults where the person has given none."""
    prompts: Mapping[str, Any] = context.get("__prompts__", {})
    while True:
        default = answers.pop(key, None)
        if default is None:
            default = full_answers(template, context, {**(proposed or {}), **answers}).get(key)
        answers[key] = _ask_one(key, context[key], default, prompts, prefix, read)
        found = problems(validator, context, answers, full_answers(template, context, answers))
        mine = [problem for problem in found if problem.field == key]
        if not mine:
            return
        for problem in mine:
            print(problem.render(), file=sys.stderr)
        del answers[key]


def ask(
    template: Path,
    context: Mapping[str, Any],
    given: Answers,
    validator: Validator,
    proposed: Answers | None = None,
    read: Reader = input,
) -> Answers:
    """The given answers plus one for every other question.

    Proposed answers (from a vendor spec) are offered as the defaults of their questions.

    An answer the validator refuses is reported and asked again; checks that span several
    answers may only fail later, and the caller validates everything once more.
    """
    answers = dict(given)
    keys = question_keys(context)
    for number, key in enumerate(keys, 1):
        if key not in answers:
            prefix = f"  [dim][{number}/{len(keys)}][/] "
            ask_until_valid(
                template, context, answers, validator, key, prefix, read, proposed or {}
            )
    return answers


def shown(value: object) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def summary(answers: Mapping[str, Any], keys: Sequence[str]) -> str:
    width = max(len(key) for key in keys)
    lines = ["", "Your answers:"]
    lines += [
        f"  {number:>2}. {key:<{width}}  {shown(answers.get(key))}"
        for number, key in enumerate(keys, 1)
    ]
    return "\n".join(lines) + "\n"


def confirm(
    template: Path,
    context: Mapping[str, Any],
    given: Answers,
    validator: Validator,
    read: Reader = input,
) -> Answers:
    """Show every answer; generate on yes, stop on no, or change one answer and show again."""
    answers = dict(given)
    keys = question_keys(context)
    while True:
        full = full_answers(template, context, answers)
        print(summary(full, keys))
        typed = read(CONFIRM).strip()
        lowered = typed.lower()
        if lowered in ("", "y", "yes"):
            return answers
        if lowered in ("n", "no"):
            raise Aborted
        chosen, reason = match_choice(typed, keys)
        if chosen is None:
            print(f"  {reason}", file=sys.stderr)
            continue
        # The current answer is offered as the default.
        answers[chosen] = full[chosen]
        ask_until_valid(template, context, answers, validator, chosen, "  ", read)
