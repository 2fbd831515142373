"""Finish a freshly rendered project: drop unselected parts, record answers, fix file modes.

Cookiecutter renders this file with Jinja and runs it inside the new project folder. It is
pure: no network, no git, no installs, so update tools may run it again.

1. The manifest (features.yaml at the template root, handed over as JSON at render time by
   template_extensions.py) says which answer owns which paths; every path owned by a choice
   that was not selected is removed.
2. The answers, the template source and the template commit are written to .cruft.json in
   cruft's format, so cruft and the template's own tools can re-render the project. The
   source is the one given to the tool, else the absolute template folder, never a name
   nothing can clone.
3. docs/troubleshooting.md is written by the project's own playbook command (its error
   catalog and answers, standard library only), so it lists just the codes this project
   can return.
4. .integration-standard.json records the version of the standard, the zone of every file
   (zones.yaml, handed over like the manifest) and the SHA-256 and git blob id of every
   standard file as rendered, so `make check` can tell drift without the template.
5. File modes are normalised (0644 files, 0755 folders and listed executables), so the same
   answers give the same bytes and modes whatever the umask or checkout.
"""

from __future__ import annotations

import functools
import hashlib
import importlib
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

ANSWERS_JSON = r"""{{ cookiecutter | tojson }}"""
MANIFEST_JSON = r"""{{ features_manifest_json() }}"""
STANDARD_JSON = r"""{{ standard_manifest_json() }}"""
CHECKOUT_JSON = r"""{{ template_checkout_json() }}"""
STANDARD_RECORD = ".integration-standard.json"
CRUFT_RECORD = ".cruft.json"
ZONE_ORDER = ("generated", "seeded", "standard")
# Context keys cookiecutter adds at run time; they name folders on this machine, so they
# must not reach the generated project (the output would depend on where it ran).
RUNTIME_KEYS = frozenset({"_output_dir", "_repo_dir", "_checkout", "_template"})


class ManifestError(Exception):
    """The manifest is missing or does not match the answers."""


class PlaybookError(Exception):
    """The project's playbook command failed."""


def parse_manifest(text: str) -> dict[str, Any]:
    manifest = json.loads(text)
    if not isinstance(manifest, dict) or not isinstance(manifest.get("owned_paths"), dict):
        raise ManifestError("features.yaml must have an 'owned_paths' mapping")
    return manifest


def expand(path: str, answers: Mapping[str, Any]) -> str:
    return path.replace("{package}", str(answers["__package_name"]))


def unselected_paths(manifest: Mapping[str, Any], answers: Mapping[str, Any]) -> list[str]:
    """Paths owned by choices that the answers did not select, in manifest order."""
    paths: list[str] = []
    for question, owners in manifest["owned_paths"].items():
        if question not in answers:
            raise ManifestError(f"manifest names question {question!r}, which has no answer")
        for choice, owned in owners.items():
            if choice != answers[question]:
                paths.extend(expand(path, answers) for path in owned or [])
    return paths


def remove_paths(project: Path, paths: Iterable[str]) -> None:
    for relative in paths:
        target = project / relative
        if target.is_dir():
            shutil.rmtree(target)
        elif target.exists():
            target.unlink()
        else:
            raise ManifestError(f"manifest path {relative!r} is not in the rendered project")
        remove_empty_parents(project, target.parent)


def remove_empty_parents(project: Path, folder: Path) -> None:
    while folder != project and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent


def is_findable(source: str) -> bool:
    """An absolute path or a URL (scp-like "git@host:repo" included): found from anywhere."""
    return source.startswith("/") or "://" in source or bool(re.match(r"^[^/:]{2,}:", source))


def template_origin(
    answers: Mapping[str, Any], checkout: Mapping[str, Any]
) -> tuple[str, str | None]:
    """Where the template came from and its commit. The tool passes both; cruft passes its
    record as _template and _commit; plain cookiecutter passes the path or URL it was given
    (a relative path is replaced by the template folder, which the render knows)."""
    given = str(answers.get("_template", "") or "")
    source = str(answers.get("_template_source", "") or "")
    if not source:
        source = given if is_findable(given) else str(checkout.get("folder", "") or given)
    commit = str(answers.get("_template_commit", "") or answers.get("_commit", "") or "")
    return source, commit or str(checkout.get("commit", "") or "") or None


def cruft_record(
    answers: Mapping[str, Any], checkout: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """The .cruft.json content: cruft's keys, answers without machine-specific paths."""
    source, commit = template_origin(answers, checkout or {})
    context = {key: value for key, value in answers.items() if key not in RUNTIME_KEYS}
    context["_template_source"] = source
    context["_template_commit"] = commit or ""
    context["_template"] = source
    context["_commit"] = commit
    return {
        "template": source,
        "commit": commit,
        "checkout": None,
        "context": {"cookiecutter": dict(sorted(context.items()))},
        "directory": None,
        # cruft writes this record in its own layout after `cruft update`; comparing it
        # would make `cruft diff --exit-code` fail on an up-to-date project.
        "skip": [CRUFT_RECORD],
    }


@functools.cache
def pattern_regex(pattern: str) -> re.Pattern[str]:
    """A zones.yaml pattern: "*" within a segment, "**" across segments."""
    parts: list[str] = []
    index = 0
    while index < len(pattern):
        if pattern.startswith("**/", index):
            parts.append("(?:[^/]+/)*")
            index += 3
        elif pattern.startswith("**", index):
            parts.append(".*")
            index += 2
        elif pattern[index] == "*":
            parts.append("[^/]*")
            index += 1
        else:
            parts.append(re.escape(pattern[index]))
            index += 1
    return re.compile("".join(parts))


def zone_rules(standard: Mapping[str, Any], answers: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Every zones.yaml entry in match order, its pattern expanded for this package."""
    rules = []
    for zone in ZONE_ORDER:
        for entry in standard["zones"].get(zone) or []:
            rule = {key: expand(str(value), answers) for key, value in entry.items()}
            rules.append({**rule, "zone": zone, "regex": pattern_regex(rule["path"])})
    return rules


def zone_of(path: str, rules: Iterable[Mapping[str, Any]]) -> Mapping[str, Any] | None:
    return next((rule for rule in rules if rule["regex"].fullmatch(path)), None)


def project_files(project: Path) -> list[str]:
    """Every file's path relative to `project`, POSIX style, sorted (os.walk with plain
    strings: a render lists its files twice, and pathlib objects per file cost more than
    the walk)."""
    root = str(project)
    found: list[str] = []
    for folder, _, files in os.walk(root):
        prefix = os.path.relpath(folder, root).replace(os.sep, "/") + "/"
        prefix = "" if prefix == "./" else prefix
        found.extend(prefix + name for name in files if os.path.isfile(os.path.join(folder, name)))
    return sorted(found)


def standard_record(
    project: Path, answers: Mapping[str, Any], standard: Mapping[str, Any]
) -> dict[str, Any]:
    """The .integration-standard.json content. Files no pattern matches are left out (a
    template test fails on them)."""
    rules = zone_rules(standard, answers)
    files: dict[str, dict[str, str]] = {}
    for relative in sorted({*project_files(project), STANDARD_RECORD}):
        rule = zone_of(relative, rules)
        if rule is None:
            continue
        entry = {"zone": str(rule["zone"])}
        if rule["zone"] == "standard":
            with open(os.path.join(project, relative), "rb") as file:
                data = file.read()
            entry["sha256"] = hashlib.sha256(data).hexdigest()
            entry["blob"] = hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()
        if "fresh" in rule:
            entry["fresh"] = str(rule["fresh"])
        files[relative] = entry
    zones_by_folder: dict[str, set[str]] = {}
    for relative, entry in files.items():
        folder = relative.rpartition("/")[0]
        zones_by_folder.setdefault(folder, set()).add(entry["zone"])
    open_folders = {expand(str(folder), answers) for folder in standard.get("open_folders", [])}
    folders = sorted(
        folder
        for folder, zones in zones_by_folder.items()
        if folder and folder not in open_folders and zones == {"standard"}
    )
    return {
        "format": 1,
        "version": str(standard["version"]),
        "standard_folders": folders,
        "files": files,
    }


def write_json(path: Path, data: Mapping[str, Any]) -> None:
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def normalise_modes(project: Path, executables: Iterable[str]) -> None:
    root = str(project)
    executable = {os.path.normpath(os.path.join(root, path)) for path in executables}
    for folder, subfolders, files in os.walk(root):
        for name in subfolders:
            path = os.path.join(folder, name)
            if not os.path.islink(path):
                os.chmod(path, 0o755)
        for name in files:
            path = os.path.join(folder, name)
            if not os.path.islink(path):
                os.chmod(path, 0o755 if path in executable else 0o644)
    os.chmod(root, 0o755)


def write_playbook(project: Path, answers: Mapping[str, Any]) -> None:
    """Write docs/troubleshooting.md with the project's own playbook module, as `make docs`
    does (a project without the module, like the CLI tests' small template, has none).

    In process (the module needs only the standard library), with the project's `src/` on
    the path for the time of the call and its modules forgotten afterwards, so the full
    answer matrix need not start thousands of interpreters. A package whose name is taken
    by a module already imported here runs in a fresh interpreter instead.
    """
    package = str(answers["__package_name"])
    src = project / "src"
    if not (src / package / "playbook.py").is_file():
        return
    arguments = ["--path", str(project / "docs" / "troubleshooting.md")]
    if package in sys.modules:
        run_playbook_apart(project, package, arguments)
        return
    sys.path.insert(0, str(src))
    importlib.invalidate_caches()
    writes_bytecode = sys.dont_write_bytecode
    sys.dont_write_bytecode = True  # no __pycache__ in the new project
    try:
        playbook = importlib.import_module(f"{package}.playbook")
        status = playbook.main(arguments)
    finally:
        sys.dont_write_bytecode = writes_bytecode
        sys.path.remove(str(src))
        sys.path_importer_cache.pop(str(src), None)
        for name in [name for name in sys.modules if name.partition(".")[0] == package]:
            del sys.modules[name]
    if status != 0:
        raise PlaybookError(f"writing docs/troubleshooting.md failed (exit {status})")


def run_playbook_apart(project: Path, package: str, arguments: list[str]) -> None:
    env = {**os.environ, "PYTHONPATH": "src", "PYTHONDONTWRITEBYTECODE": "1"}
    command = [sys.executable, "-B", "-m", f"{package}.playbook", *arguments]
    result = subprocess.run(
        command, cwd=project, env=env, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise PlaybookError(f"writing docs/troubleshooting.md failed:\n{result.stderr}")


def finish(
    project: Path,
    answers: Mapping[str, Any],
    manifest: Mapping[str, Any],
    standard: Mapping[str, Any],
    checkout: Mapping[str, Any] | None = None,
) -> None:
    remove_paths(project, unselected_paths(manifest, answers))
    write_playbook(project, answers)
    write_json(project / CRUFT_RECORD, cruft_record(answers, checkout))
    write_json(project / STANDARD_RECORD, standard_record(project, answers, standard))
    normalise_modes(project, [expand(path, answers) for path in manifest.get("executables", [])])


def main() -> int:
    answers = json.loads(ANSWERS_JSON)
    try:
        manifest = parse_manifest(MANIFEST_JSON)
        finish(Path.cwd(), answers, manifest, json.loads(STANDARD_JSON), json.loads(CHECKOUT_JSON))
    except (ManifestError, PlaybookError) as error:
        print(f"post_gen_project: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
