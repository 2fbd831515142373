"""How far this project has drifted from the integration standard it was generated with.

`make check` runs this file. It reads .integration-standard.json, written when the project
was generated (and rewritten by `integration-template update`), and needs neither the
template nor the network nor the project's own dependencies:

- standard files (owned by the template): identical, modified (with +/- line counts, from
  the rendered text git still holds) or missing; files the standard does not know in
  folders that hold only standard files;
- seeded files (the team's since the first render): present or not, never drift;
- generated files: fresh when their generator gives the same text (skipped, not failed,
  when the project's environment cannot run the generator).

Exit 0 conformant, 1 drift, 2 cannot check. `--format text|json|markdown`; markdown fits a
pull-request comment. Standard library only, so it runs before `make install`.
"""

from __future__ import annotations

import argparse
import difflib
import hashlib
import json
import os
import subprocess
import sys
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

RECORD = ".integration-standard.json"
EXIT_OK, EXIT_DRIFT, EXIT_CANNOT_CHECK = 0, 1, 2
FORMATS = ("text", "json", "markdown")
COMMAND_TIMEOUT_SECONDS = 120
# Never project content, whatever .gitignore says (used when git cannot list the files).
SKIPPED_FOLDERS = frozenset(
    {".git", ".venv", "__pycache__", ".mypy_cache", ".pytest_cache", ".ruff_cache", "build", "dist"}
)
FRESH_SCRIPT = (
    "import importlib, sys\n"
    "module, function = sys.argv[1].split(':')\n"
    "text = getattr(importlib.import_module(module), function)()\n"
    "sys.stdout.buffer.write(text.encode('utf-8'))\n"
)


class CheckError(Exception):
    """The project cannot be checked (exit 2)."""


@dataclass
class StandardFile:
    path: str
    state: str  # identical | modified | missing
    added: int | None = None
    removed: int | None = None


@dataclass
class GeneratedFile:
    path: str
    state: str  # fresh | stale | not checked
    detail: str = ""


@dataclass
class Note:
    """A finding from outside the record (the template's validator, its versions)."""

    label: str
    text: str
    drift: bool = False


@dataclass
class Report:
    version: str
    standard: list[StandardFile] = field(default_factory=list)
    unexpected: list[str] = field(default_factory=list)
    seeded_present: list[str] = field(default_factory=list)
    seeded_missing: list[str] = field(default_factory=list)
    generated: list[GeneratedFile] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)

    @property
    def drifted(self) -> list[StandardFile]:
        return [item for item in self.standard if item.state != "identical"]

    @property
    def conformant(self) -> bool:
        stale = [item for item in self.generated if item.state == "stale"]
        noted = [note for note in self.notes if note.drift]
        return not (self.drifted or self.unexpected or stale or noted)


def load_record(project: Path) -> dict[str, Any]:
    path = project / RECORD
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CheckError(f"{path} is missing: this project records no standard") from None
    except (OSError, ValueError) as error:
        raise CheckError(f"cannot read {path}: {error}") from None
    if not isinstance(record, dict) or not isinstance(record.get("files"), dict):
        raise CheckError(f"{path} is not a standard record (no 'files' mapping)")
    if record.get("format") != 1:
        raise CheckError(f"{path} has format {record.get('format')!r}; this checker reads 1")
    return record


def _git(project: Path, *args: str) -> bytes | None:
    try:
        result = subprocess.run(
            ["git", "-C", str(project), *args],
            capture_output=True,
            check=False,
            timeout=COMMAND_TIMEOUT_SECONDS,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout if result.returncode == 0 else None


def line_changes(original: bytes, current: bytes) -> tuple[int, int]:
    """Lines added and removed, as `git diff --numstat` counts them."""
    old = original.decode("utf-8", "replace").splitlines()
    new = current.decode("utf-8", "replace").splitlines()
    added = removed = 0
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for tag, old_start, old_end, new_start, new_end in matcher.get_opcodes():
        if tag != "equal":
            removed += old_end - old_start
            added += new_end - new_start
    return added, removed


def check_standard_file(project: Path, path: str, entry: dict[str, Any]) -> StandardFile:
    target = project / path
    if not target.is_file():
        return StandardFile(path, "missing")
    current = target.read_bytes()
    if hashlib.sha256(current).hexdigest() == entry.get("sha256"):
        return StandardFile(path, "identical")
    # The rendered text is in git's object store when the first render was committed.
    original = _git(project, "cat-file", "blob", str(entry.get("blob", "")))
    if original is None:
        return StandardFile(path, "modified")
    added, removed = line_changes(original, current)
    return StandardFile(path, "modified", added, removed)


def project_files(project: Path) -> list[str]:
    """The project's files that are not ignored: git's list, else a walk."""
    listed = _git(project, "ls-files", "-z", "--cached", "--others", "--exclude-standard")
    if listed is not None:
        return sorted(
            name for name in listed.decode("utf-8").split("\0") if (project / name).is_file()
        )
    found: list[str] = []
    for folder, folders, files in os.walk(project):
        folders[:] = [name for name in folders if name not in SKIPPED_FOLDERS]
        base = Path(folder).relative_to(project)
        found.extend((base / name).as_posix() for name in files if not name.endswith(".pyc"))
    return sorted(found)


def check_fresh(project: Path, path: str, generator: str) -> GeneratedFile:
    """Run the generator (module:function) in the project's environment and compare."""
    venv_python = project / ".venv" / "bin" / "python"
    python = str(venv_python) if venv_python.is_file() else sys.executable
    paths = os.pathsep.join(str(project / folder) for folder in ("src", "."))
    env = {**os.environ, "PYTHONPATH": paths, "PYTHONIOENCODING": "utf-8"}
    try:
        result = subprocess.run(
            [python, "-c", FRESH_SCRIPT, generator],
            cwd=project,
            env=env,
            capture_output=True,
            check=False,
            timeout=COMMAND_TIMEOUT_SECONDS,
        )
    except (OSError, subprocess.SubprocessError) as error:
        return GeneratedFile(path, "not checked", str(error))
    if result.returncode != 0:
        lines = result.stderr.decode("utf-8", "replace").strip().splitlines() or ["failed"]
        return GeneratedFile(path, "not checked", f"{generator}: {lines[-1]}")
    target = project / path
    if target.is_file() and target.read_bytes() == result.stdout:
        return GeneratedFile(path, "fresh")
    return GeneratedFile(path, "stale", f"rebuild it from {generator}")


def build_report(project: Path) -> Report:
    record = load_record(project)
    files: dict[str, dict[str, Any]] = record["files"]
    report = Report(version=str(record.get("version", "unknown")))
    for path, entry in sorted(files.items()):
        zone = entry.get("zone")
        if zone == "standard":
            report.standard.append(check_standard_file(project, path, entry))
        elif zone == "seeded":
            present = (project / path).is_file()
            (report.seeded_present if present else report.seeded_missing).append(path)
        elif zone == "generated" and "fresh" in entry:
            report.generated.append(check_fresh(project, path, str(entry["fresh"])))
    folders = set(record.get("standard_folders", []))
    report.unexpected = [
        path
        for path in project_files(project)
        if path not in files and path.rpartition("/")[0] in folders
    ]
    return report


def findings(report: Report) -> Iterable[tuple[str, str]]:
    """(path, what is wrong or was skipped) for every file worth a reviewer's look."""
    for item in report.drifted:
        counts = "" if item.added is None else f" (+{item.added} -{item.removed})"
        yield item.path, f"{item.state}{counts}"
    for path in report.unexpected:
        yield path, "not part of the standard, in a standard folder"
    for generated in report.generated:
        if generated.state != "fresh":
            yield generated.path, f"{generated.state} ({generated.detail})"


def _summary(report: Report) -> list[tuple[str, str]]:
    identical = len(report.standard) - len(report.drifted)
    fresh = sum(item.state == "fresh" for item in report.generated)
    stale = sum(item.state == "stale" for item in report.generated)
    rows = [
        ("Standard version", report.version),
        ("Result", "conformant" if report.conformant else "drift"),
        ("Standard files", f"{identical} of {len(report.standard)} identical"),
        ("Unexpected files in standard folders", str(len(report.unexpected))),
        (
            "Seeded files (the team's)",
            f"{len(report.seeded_present)} present, {len(report.seeded_missing)} removed",
        ),
        ("Generated files", f"{fresh} fresh, {stale} stale, of {len(report.generated)}"),
    ]
    return rows + [(note.label, note.text) for note in report.notes]


def render_text(report: Report) -> str:
    lines = [f"{label}: {value}" for label, value in _summary(report)]
    details = [f"{path}: {finding}" for path, finding in findings(report)]
    if details:
        lines += ["", *details]
    return "\n".join(lines) + "\n"


def render_markdown(report: Report) -> str:
    verdict = "conforms to" if report.conformant else "drifts from"
    lines = [
        f"### Integration standard {report.version}: this project {verdict} it",
        "",
        "| Check | Result |",
        "| --- | --- |",
        *(f"| {label} | {value} |" for label, value in _summary(report)),
    ]
    details = [f"- `{path}`: {finding}" for path, finding in findings(report)]
    if details:
        lines += ["", "Drift and skipped checks:", "", *details]
    return "\n".join(lines) + "\n"


def render_json(report: Report) -> str:
    data = asdict(report)
    data["conformant"] = report.conformant
    return json.dumps(data, indent=2) + "\n"


def render(report: Report, output_format: str) -> str:
    renderers = {"text": render_text, "json": render_json, "markdown": render_markdown}
    return renderers[output_format](report)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--format", choices=FORMATS, default="text", help="default: text")
    parser.add_argument(
        "--project", type=Path, default=Path(), help="project folder (default: here)"
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as exit_:
        return exit_.code if isinstance(exit_.code, int) else EXIT_CANNOT_CHECK
    try:
        report = build_report(args.project)
    except CheckError as error:
        print(f"check: cannot check: {error}", file=sys.stderr)
        return EXIT_CANNOT_CHECK
    sys.stdout.write(render(report, args.format))
    return EXIT_OK if report.conformant else EXIT_DRIFT


if __name__ == "__main__":
    sys.exit(main())
