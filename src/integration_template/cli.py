"""integration-template: generate an integration service, print the questionnaire, update a
generated project to a newer standard, or check how far it has drifted from it."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from .answers import Answers, UsageError, load_answers_file, parse_set
from .check import run_check
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
from .update import Request, UpdateError, update
from .validation import load_validator, problems
from .vendor_spec import options as vendor_spec_options
from .vendor_spec import summary, write_spec_files
from .versions import template_version

PROG = "integration-template"
EXIT_OK, EXIT_INVALID, EXIT_USAGE, EXIT_ABORTED = 0, 1, 2, 130
NEXT_STEPS = ("make install", "make run", "make test")
README_SECTION = 'README.md, section "Make it yours": the placeholder model to replace first'


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=PROG, description=__doc__)
    parser.add_argument(
        "--version", action="version", version=f"{PROG} {template_version(_own_template())}"
    )
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
    vendor_spec_options.add_options(new)
    _template_options(new)
    new.add_argument(
        "--template-source",
        metavar="URL",
        help="template source to record in .cruft.json: a git URL or a local folder "
        "(default: the git origin remote, else the template folder)",
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

    update_ = commands.add_parser(
        "update", help="merge a newer standard into this project (run inside it)"
    )
    update_.add_argument(
        "--to", metavar="REF", help="template commit, tag or branch (default: newest)"
    )
    update_.add_argument(
        "--from",
        dest="base",
        metavar="REF",
        help="template commit the project was rendered from (default: .cruft.json's)",
    )
    update_.add_argument(
        "--set",
        dest="sets",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="change one answer while updating (repeatable)",
    )
    update_.add_argument(
        "--allow-dirty", action="store_true", help="run on a work tree with uncommitted changes"
    )
    update_.add_argument(
        "--template",
        type=Path,
        metavar="DIR",
        help="a local git checkout of the template (default: the source in .cruft.json)",
    )
    _project_option(update_)

    check = commands.add_parser(
        "check", help="report how far a project has drifted from the standard (exit 0/1/2)"
    )
    check.add_argument(
        "--format", choices=FORMATS, default="text", help="output format (default: text)"
    )
    check.add_argument(
        "--no-template",
        action="store_true",
        help="use only the project's own record and checker (no answers or versions check)",
    )
    _template_options(check)
    _project_option(check)
    return parser


def _own_template() -> Path | None:
    try:
        return find_template()
    except TemplateError:
        return None


def _project_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--project",
        type=Path,
        default=Path(),
        metavar="DIR",
        help="the generated project (default: the current folder)",
    )


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
        raise UsageError("--template-source must be a git URL or an existing local folder")
    return source


def run_new(args: argparse.Namespace) -> int:
    template = find_template(args.template)
    context = load_context(template)
    validator = load_validator(template)
    given = _given(args, context)
    source = _source(args, template, context)
    commit = template_commit(template) if args.template_commit is None else args.template_commit
    vendor_spec = vendor_spec_options.vendor_spec_from_args(args, given)
    proposal = vendor_spec.proposal if vendor_spec else None
    proposed = proposal.answers if proposal else {}
    if not args.no_input:
        given = ask(template, context, given, validator, proposed)
        if not args.yes:
            given = confirm(template, context, {**proposed, **given}, validator)
    answers = full_answers(template, context, {**proposed, **given})
    if proposal:
        print(summary(proposal, answers, given))
    found = problems(validator, context, {**proposed, **given}, answers)
    if found:
        print(validator.format_errors(found), file=sys.stderr)
        return EXIT_INVALID
    # Built before rendering: a spec the models cannot come from leaves nothing written.
    spec_files = vendor_spec.files(answers) if vendor_spec else None
    answers["_template_source"] = source
    answers["_template_commit"] = commit
    project = generate(template, answers, args.output_dir, args.overwrite)
    print(f"Created {project}")
    if spec_files:
        written = write_spec_files(project, template, str(answers["__package_name"]), spec_files)
        print("From the vendor spec: " + ", ".join(written))
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


def run_update(args: argparse.Namespace) -> int:
    request = Request(
        project=args.project,
        template=args.template.expanduser().resolve() if args.template else None,
        to=args.to,
        base=args.base,
        sets=args.sets,
        allow_dirty=args.allow_dirty,
    )
    return update(request)


def run_check_command(args: argparse.Namespace) -> int:
    try:
        template = None if args.no_template else find_template(args.template)
        return run_check(template, args.project.resolve(), args.format)
    except TemplateError as error:
        print(f"{PROG} check: cannot check: {error}", file=sys.stderr)
        return EXIT_USAGE


COMMANDS = {
    "new": run_new,
    "questions": run_questions,
    "update": run_update,
    "check": run_check_command,
}


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return exit_.code if isinstance(exit_.code, int) else EXIT_USAGE
    command = COMMANDS[args.command]
    try:
        return command(args)
    except (UsageError, UpdateError) as error:
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
