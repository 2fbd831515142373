"""`integration-template check`: the project's own checker, plus what only the template knows.

The conformance report itself is the generated project's `tools/check_standard.py` (what
`make check` runs, offline, from .integration-standard.json alone). This module loads the
template's copy of that file, runs it on a project and, unless told to leave the template
out, adds two findings: whether the recorded answers pass today's validator, and how many
released versions (and commits) the project is behind the template at hand.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

from .answers import UsageError, load_answers_file
from .context import full_answers
from .template import TemplateError, load_context
from .validation import load_validator, problems
from .versions import CHANGELOG, template_version, versions_behind

CHECKER = Path("tools") / "check_standard.py"
CHECKER_MODULE = "_integration_template_check_standard"
CRUFT_RECORD = ".cruft.json"


def project_folder(template: Path) -> Path:
    return next(path for path in template.iterdir() if path.name.startswith("{{"))


def load_checker(path: Path) -> Any:
    """The checker module, imported by path (it is plain Python, no Jinja)."""
    spec = importlib.util.spec_from_file_location(CHECKER_MODULE, path)
    if spec is None or spec.loader is None or not path.is_file():
        raise TemplateError(f"standard checker not found at {path}")
    module: ModuleType = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while defining
    spec.loader.exec_module(module)
    return module


def answers_note(checker: Any, template: Path, project: Path) -> Any:
    context = load_context(template)
    label = "Answers (today's validator)"
    try:
        given = load_answers_file(project / CRUFT_RECORD, context)
    except UsageError as error:
        return checker.Note(label, f"invalid: {error}", drift=True)
    validator = load_validator(template)
    found = problems(validator, context, given, full_answers(template, context, given))
    if not found:
        return checker.Note(label, "valid")
    fields = ", ".join(sorted({problem.field for problem in found}))
    return checker.Note(label, f"{len(found)} invalid ({fields})", drift=True)


def commits_behind(template: Path, project: Path) -> str:
    try:
        commit = json.loads((project / CRUFT_RECORD).read_text(encoding="utf-8")).get("commit")
        result = subprocess.run(
            ["git", "-C", str(template), "rev-list", "--count", f"{commit}..HEAD"],
            capture_output=True,
            text=True,
            check=False,
            timeout=30,
        )
    except (OSError, ValueError, subprocess.SubprocessError):
        return ""
    if not commit or result.returncode != 0:
        return ""
    count = result.stdout.strip()
    return f", {count} commit{'' if count == '1' else 's'}"


def versions_note(checker: Any, template: Path, project: Path, project_version: str) -> Any:
    newest = template_version(template)
    changelog = template / CHANGELOG
    text = changelog.read_text(encoding="utf-8") if changelog.is_file() else ""
    behind = versions_behind(text, project_version)
    if behind:
        plural = "s" if len(behind) > 1 else ""
        status = f"{len(behind)} released version{plural} behind ({', '.join(behind)})"
    else:
        status = "on the newest released version"
    return checker.Note(
        "Template at hand", f"{newest}; {status}{commits_behind(template, project)}"
    )


def run_check(template: Path | None, project: Path, output_format: str) -> int:
    """The checker's exit code: 0 conformant, 1 drift, 2 cannot check."""
    source = project_folder(template) / CHECKER if template else project / CHECKER
    checker = load_checker(source)
    try:
        report = checker.build_report(project)
    except checker.CheckError as error:
        print(f"check: cannot check: {error}", file=sys.stderr)
        return int(checker.EXIT_CANNOT_CHECK)
    if template is not None:
        report.notes.append(answers_note(checker, template, project))
        report.notes.append(versions_note(checker, template, project, report.version))
    else:
        report.notes.append(checker.Note("Template", "not consulted (--no-template)"))
    sys.stdout.write(checker.render(report, output_format))
    return int(checker.EXIT_OK if report.conformant else checker.EXIT_DRIFT)
