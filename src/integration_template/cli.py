"""integration-template: generate an integration service, or print the questionnaire."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from .answers import Answers, UsageError, load_answers_file, parse_set
from .context import full_answers
from .generate import GenerationError, generate
from .interactive import Aborted, ask, confirm
from .questions import load_manifest, load_questions
from .reference import FORMATS, render
from .template import (
    TemplateError,
    find_template,
    load_context,
    recordable_source,
    template_commit,
    template_source,
)
from .validation import load_validator, problems

PROG = "integration-template"
EXIT_OK, EXIT_INVALID, EXIT_USAGE, EXIT_ABORTED = 0, 1, 2, 130
NEXT_STEPS = ("make install", "make run", "make test")
README_SECTION = 'README.md, section "Make it yours": the placeholder model to replace first'


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=PROG, description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    new = commands.add_parser("new", help="generate a new integration service project")
    new.add_argument(
        "--no-input",
        action="store_true",
        help="ask nothing; unanswered questions take their defaults (implies --yes)",
    )
    new.add_argument(
        "-y",
        "--yes",
        action="store_true",
        help="generate without showing the answers for confirmation",
    )
    new.add_argument(
        "--set",
        dest="sets",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="answer one question (repeatable; wins over --answers-file)",
    )
    new.add_argument(
        "--answers-file",
        type=Path,
        metavar="FILE",
        help="answers as a YAML or JSON mapping, or a generated project's .cruft.json",
    )
    new.add_argument(
        "-o",
        "--output-dir",
        type=Path,
        default=Path(),
        metavar="DIR",
        help="folder to create the project in (default: current folder)",
    )
    new.add_argument("--overwrite", action="store_true", help="render over an existing folder")
    _template_options(new)
    new.add_argument(
        "--template-source",
        metavar="URL",
        help="template source to record in .cruft.json (default: the git origin remote)",
    )
    new.add_argument(
        "--template-commit",
        metavar="SHA",
        help="template commit to record in .cruft.json (default: the checked-out commit)",
    )

    questions = commands.add_parser(
        "questions", help="print every question: choices, default and what it changes"
    )
    questions.add_argument(
        "--format", choices=FORMATS, default="text", help="output format (default: text)"
    )
    _template_options(questions)
    return parser


def _template_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--template",
        type=Path,
        metavar="DIR",
        help="template folder (default: the one this tool belongs to)",
    )


def _given(args: argparse.Namespace, context: dict[str, Any]) -> Answers:
    given: Answers = {}
    if args.answers_file is not None:
        given.update(load_answers_file(args.answers_file, context))
    given.update(parse_set(args.sets, context))
    return given


def _source(args: argparse.Namespace, template: Path, context: dict[str, Any]) -> str:
    if args.template_source is None:
        return template_source(template, context)
    source = recordable_source(args.template_source)
    if source is None:
        raise UsageError("--template-source must be a URL or a name, never a local path")
    return source


def run_new(args: argparse.Namespace) -> int:
    template = find_template(args.template)
    context = load_context(template)
    validator = load_validator(template)
    given = _given(args, context)
    source = _source(args, template, context)
    commit = template_commit(template) if args.template_commit is None else args.template_commit
    if not args.no_input:
        given = ask(template, context, given, validator)
        if not args.yes:
            given = confirm(template, context, given, validator)
    answers = full_answers(template, context, given)
    found = problems(validator, context, given, answers)
    if found:
        print(validator.format_errors(found), file=sys.stderr)
        return EXIT_INVALID
    answers["_template_source"] = source
    answers["_template_commit"] = commit
    project = generate(template, answers, args.output_dir, args.overwrite)
    print(f"Created {project}")
    print("\n".join(["", *next_steps(project, answers)]))
    return EXIT_OK


def next_steps(project: Path, answers: Mapping[str, Any]) -> list[str]:
    """What to do after generating: the tools the project needs, the commands, what to read."""
    needs = [f"Python {answers.get('python_version', '')} or later", "make"]
    if answers.get("state_backend") == "redis":
        needs.append("redis-server on PATH (the tests and `make run` start one)")
    return [
        "Needs: " + ", ".join(needs),
        "Next steps:",
        *(f"  {step}" for step in (f"cd {project}", *NEXT_STEPS)),
        f"Then read {README_SECTION}.",
    ]


def run_questions(args: argparse.Namespace) -> int:
    template = find_template(args.template)
    context = load_context(template)
    defaults = full_answers(template, context, {})
    questions = load_questions(context, defaults, load_manifest(template))
    sys.stdout.write(render(questions, args.format))
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return exit_.code if isinstance(exit_.code, int) else EXIT_USAGE
    command = run_new if args.command == "new" else run_questions
    try:
        return command(args)
    except UsageError as error:
        print(f"{PROG} {args.command}: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except (TemplateError, GenerationError) as error:
        print(f"{PROG} {args.command}: error: {error}", file=sys.stderr)
        return EXIT_INVALID
    except (KeyboardInterrupt, EOFError, Aborted):
        print(f"\n{PROG}: aborted; nothing was generated", file=sys.stderr)
        return EXIT_ABORTED


if __name__ == "__main__":
    sys.exit(main())
