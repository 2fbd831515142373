"""`integration-template update`: bring a newer standard into a generated project by merging.

The template is rendered twice with the project's recorded answers: at the commit recorded
in .cruft.json (the base) and at the target commit (theirs). Every file is then merged
three ways with `git merge-file` into the project (ours), so the customer's edits stay and
conflicts get git's markers. Files under .git/ and .venv/ and files git ignores are never
touched; file modes are kept.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .answers import DERIVED_KEYS, Answers, UsageError, parse_set
from .context import full_answers
from .generate import generate
from .template import load_context, public_url, recordable_source
from .validation import load_validator, problems
from .vendor_spec import keep_spec_in_renders
from .vendor_spec.project.vendor_models import SpecError
from .versions import CHANGELOG, new_entries

CRUFT_RECORD = ".cruft.json"
STANDARD_RECORD = ".integration-standard.json"
RECORDS = (CRUFT_RECORD, STANDARD_RECORD)
NEVER_TOUCHED = frozenset({".git", ".venv"})
EXTENSIONS_MODULE = "template_extensions"
GIT_TIMEOUT_SECONDS = 300


class UpdateError(Exception):
    """The update cannot run (exit 2); nothing in the project was changed."""


@dataclass
class Outcome:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    merged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    conflicts: list[tuple[str, str]] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)


def git(folder: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[bytes]:
    try:
        result = subprocess.run(
            ["git", "-C", str(folder), *args],
            capture_output=True,
            check=False,
            timeout=GIT_TIMEOUT_SECONDS,
        )
    except (OSError, subprocess.SubprocessError) as error:
        raise UpdateError(f"cannot run git: {error}") from error
    if check and result.returncode != 0:
        message = result.stderr.decode("utf-8", "replace").strip()
        raise UpdateError(f"git {' '.join(args)} failed in {folder}: {message}")
    return result


def git_text(folder: Path, *args: str) -> str:
    return git(folder, *args).stdout.decode("utf-8", "replace").strip()


def cache_folder() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "integration-template" / "templates"


def template_repository(source: str) -> Path:
    """A local git repository holding the template's history: the folder itself, or a
    clone of the URL kept in a cache (fetched again when the network allows)."""
    url = source if "://" in source else public_url(source)
    if url is None:
        folder = Path(source).expanduser()
        if not folder.is_dir():
            raise UpdateError(f"template folder {folder} does not exist; pass --template DIR")
        if git(folder, "rev-parse", "--git-dir", check=False).returncode != 0:
            raise UpdateError(f"template folder {folder} is not a git repository")
        return folder
    cached = cache_folder() / hashlib.sha256(url.encode()).hexdigest()[:16]
    if cached.is_dir():
        fetched = git(cached, "remote", "update", "--prune", check=False)
        if fetched.returncode != 0:
            print(f"warning: cannot fetch {url}; using the cached clone", file=sys.stderr)
        return cached
    cached.parent.mkdir(parents=True, exist_ok=True)
    git(cached.parent, "clone", "--quiet", "--mirror", url, str(cached))
    return cached


def resolve_commit(repository: Path, ref: str) -> str:
    result = git(repository, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}", check=False)
    if result.returncode != 0:
        raise UpdateError(f"the template has no commit {ref!r}")
    return result.stdout.decode().strip()


def export(repository: Path, commit: str, destination: Path) -> Path:
    """The template's files at `commit`, without its history."""
    archive = git(repository, "archive", "--format=tar", commit).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(destination, filter="tar")
    return destination


def recorded_answers(record: Mapping[str, Any]) -> dict[str, Any]:
    context = record.get("context", {}).get("cookiecutter")
    if not isinstance(context, dict):
        raise UpdateError(f"{CRUFT_RECORD} records no answers (no context.cookiecutter)")
    derived = set(DERIVED_KEYS.values())
    return {
        key: value for key, value in context.items() if not key.startswith("_") or key in derived
    }


def answers_for(
    template: Path, recorded: Mapping[str, Any], sets: Iterable[str], source: str, commit: str
) -> Answers:
    """The recorded answers (and --set changes) that this version of the template asks,
    validated by its own validator; its new questions take their defaults."""
    context = load_context(template)
    given: Answers = {key: value for key, value in recorded.items() if key in context}
    changed = parse_set(sets, context)
    given.update(changed)
    if changed.keys() & {"project_slug", "integration_name", "vendor_name"}:
        # Derived values follow a changed name unless they were changed themselves.
        for derived in DERIVED_KEYS.values():
            if derived not in changed:
                given.pop(derived, None)
    answers = full_answers(template, context, given)
    validator = load_validator(template)
    found = problems(validator, context, given, answers)
    if found:
        raise UsageError(validator.format_errors(found))
    answers["_template_source"] = source
    answers["_template_commit"] = commit
    return answers


def render(template: Path, answers: Answers, output: Path) -> Path:
    # Each version of the template brings its own extension module under the same name.
    sys.modules.pop(EXTENSIONS_MODULE, None)
    try:
        return generate(template, answers, output, overwrite=False)
    finally:
        sys.modules.pop(EXTENSIONS_MODULE, None)


def files_of(folder: Path) -> dict[str, Path]:
    return {
        path.relative_to(folder).as_posix(): path
        for path in sorted(folder.rglob("*"))
        if path.is_file() and not path.is_symlink()
    }


def ignored(project: Path, paths: Iterable[str]) -> set[str]:
    names = "\0".join(paths).encode()
    result = subprocess.run(
        ["git", "-C", str(project), "check-ignore", "-z", "--stdin"],
        input=names,
        capture_output=True,
        check=False,
        timeout=GIT_TIMEOUT_SECONDS,
    )
    if result.returncode > 1:
        raise UpdateError(f"git check-ignore failed: {result.stderr.decode().strip()}")
    return {name for name in result.stdout.decode().split("\0") if name}


def require_clean(project: Path, allow_dirty: bool) -> None:
    if git(project, "rev-parse", "--is-inside-work-tree", check=False).returncode != 0:
        raise UpdateError(f"{project} is not a git work tree: commit the project first")
    if allow_dirty:
        return
    status = git_text(project, "status", "--porcelain")
    if status:
        raise UpdateError(
            "the project has uncommitted changes; commit or stash them first "
            "(or pass --allow-dirty)\n" + status
        )


def merge_file(
    ours: Path, base: bytes, theirs: bytes, labels: tuple[str, str, str]
) -> bytes | None:
    """git merge-file's result with conflict markers; None when it cannot merge (binary)."""
    with tempfile.TemporaryDirectory() as scratch:
        base_path, theirs_path = Path(scratch) / "base", Path(scratch) / "theirs"
        base_path.write_bytes(base)
        theirs_path.write_bytes(theirs)
        command = ["git", "merge-file", "-p"]
        for label in labels:
            command += ["-L", label]
        result = subprocess.run(
            [*command, str(ours), str(base_path), str(theirs_path)],
            capture_output=True,
            check=False,
            timeout=GIT_TIMEOUT_SECONDS,
        )
    return None if result.returncode < 0 or result.returncode > 127 else result.stdout


def mode_of(path: Path) -> int:
    return path.stat().st_mode & 0o777


def follow_mode(target: Path, old: Path | None, new: Path) -> None:
    """The project's mode stays, unless the standard changed the mode of a file whose mode
    the project had kept."""
    if old is not None and mode_of(old) != mode_of(new) and mode_of(target) == mode_of(old):
        target.chmod(mode_of(new))


def write_keeping_mode(target: Path, data: bytes, old: Path | None, new: Path) -> None:
    """Write in place, so the file keeps its mode (see follow_mode)."""
    target.write_bytes(data)
    follow_mode(target, old, new)


def merge_tree(project: Path, old: Path, new: Path, labels: tuple[str, str, str]) -> Outcome:
    outcome = Outcome()
    old_files, new_files = files_of(old), files_of(new)
    paths = sorted((old_files.keys() | new_files.keys()) - set(RECORDS))
    for path in paths:
        if Path(path).parts[0] in NEVER_TOUCHED:
            outcome.skipped.append((path, "never touched"))
    paths = [path for path in paths if Path(path).parts[0] not in NEVER_TOUCHED]
    skipped = ignored(project, paths)
    outcome.skipped += [(path, "ignored by git") for path in sorted(skipped)]
    for path in paths:
        if (project / path).is_symlink():
            outcome.skipped.append((path, "a symbolic link in the project"))
        elif path not in skipped:
            merge_one(project, path, old_files.get(path), new_files.get(path), labels, outcome)
    return outcome


def merge_one(
    project: Path,
    path: str,
    old: Path | None,
    new: Path | None,
    labels: tuple[str, str, str],
    outcome: Outcome,
) -> None:
    target = project / path
    base = old.read_bytes() if old else None
    theirs = new.read_bytes() if new else None
    ours = target.read_bytes() if target.is_file() else None
    if theirs is None:  # the standard removed the file
        if ours is None:
            return
        if ours == base:
            target.unlink()
            remove_empty_parents(project, target.parent)
            outcome.removed.append(path)
        else:
            outcome.conflicts.append((path, "removed by the standard, edited in the project"))
        return
    assert new is not None
    if ours is None:
        if base is None:  # the standard added the file
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(theirs)
            target.chmod(mode_of(new))
            outcome.added.append(path)
        elif base != theirs:  # the project deleted it; the standard changed it
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(theirs)
            target.chmod(mode_of(new))
            outcome.conflicts.append(
                (path, "deleted in the project, changed by the standard: keep it or delete it")
            )
        return
    if ours == theirs or theirs == base:
        follow_mode(target, old, new)
        return
    if ours == base:
        write_keeping_mode(target, theirs, old, new)
        outcome.updated.append(path)
        return
    merged = merge_file(target, base or b"", theirs, labels)
    if merged is None:
        outcome.conflicts.append((path, "cannot merge a binary file: compare it by hand"))
        return
    write_keeping_mode(target, merged, old, new)
    if b"\n<<<<<<< " in b"\n" + merged:
        reason = "added by both" if base is None else "edited in the project and the standard"
        outcome.conflicts.append((path, reason))
    else:
        outcome.merged.append(path)


def remove_empty_parents(project: Path, folder: Path) -> None:
    while folder != project and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent


def store_rendered_blobs(project: Path, render: Path, record: Mapping[str, Any]) -> None:
    """Put the standard files as rendered into the project's git objects, so check can
    count the lines a project changed in them (the blob ids are in the record)."""
    standard = [
        str(render / path)
        for path, entry in record.get("files", {}).items()
        if entry.get("zone") == "standard" and (render / path).is_file()
    ]
    if standard:
        subprocess.run(
            ["git", "-C", str(project), "hash-object", "-w", "--stdin-paths"],
            input="\n".join(standard).encode(),
            capture_output=True,
            check=False,
            timeout=GIT_TIMEOUT_SECONDS,
        )


def changes_between(repository: Path, old: str, new: str) -> str:
    def changelog(commit: str) -> str:
        shown = git(repository, "show", f"{commit}:{CHANGELOG}", check=False)
        return shown.stdout.decode("utf-8", "replace") if shown.returncode == 0 else ""

    entries = new_entries(changelog(old), changelog(new))
    if entries:
        return "\n\n".join(entries)
    subjects = git_text(repository, "log", "--format=- %s", f"{old}..{new}")
    return subjects or "(no changes recorded)"


@dataclass
class Request:
    project: Path
    template: Path | None
    to: str | None
    base: str | None
    sets: list[str]
    allow_dirty: bool


def update(request: Request) -> int:
    project = request.project.resolve()
    record_path = project / CRUFT_RECORD
    try:
        record = json.loads(record_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise UpdateError(f"cannot read {record_path}: {error}") from error
    require_clean(project, request.allow_dirty)
    source = str(request.template) if request.template else str(record.get("template") or "")
    if not source:
        raise UpdateError(f"{CRUFT_RECORD} records no template; pass --template DIR")
    repository = template_repository(source)
    base_ref = request.base or record.get("commit")
    if not base_ref:
        raise UpdateError(f"{CRUFT_RECORD} records no template commit; pass --from REF")
    old_commit = resolve_commit(repository, str(base_ref))
    new_commit = resolve_commit(repository, request.to or "HEAD")
    recorded = recorded_answers(record)
    # A record from before 0.2.0 names nothing git can clone: record the folder used now.
    given = str(record.get("template") or "")
    recorded_source = given if recordable_source(given) else source
    with tempfile.TemporaryDirectory(prefix="integration-template-update-") as scratch:
        work = Path(scratch)
        old_template = export(repository, old_commit, work / "old-template")
        new_template = export(repository, new_commit, work / "new-template")
        old_answers = answers_for(old_template, recorded, [], recorded_source, old_commit)
        new_answers = answers_for(new_template, recorded, request.sets, recorded_source, new_commit)
        old_render = render(old_template, old_answers, work / "old")
        new_render = render(new_template, new_answers, work / "new")
        try:
            package = str(new_answers["__package_name"])
            pairs = ((old_render, old_template), (new_render, new_template))
            keep_spec_in_renders(project, package, pairs)
        except (SpecError, OSError, ValueError) as error:
            raise UpdateError(f"cannot regenerate the vendor models: {error}") from error
        labels = ("project", f"standard {old_commit[:10]}", f"standard {new_commit[:10]}")
        outcome = merge_tree(project, old_render, new_render, labels)
        for name in RECORDS:
            shutil.copyfile(new_render / name, project / name)
        standard = json.loads((new_render / STANDARD_RECORD).read_text(encoding="utf-8"))
        store_rendered_blobs(project, new_render, standard)
    print(f"Standard {old_commit[:10]} -> {new_commit[:10]}\n")
    print("What changed in the standard:\n")
    print(changes_between(repository, old_commit, new_commit) + "\n")
    report(outcome)
    return 1 if outcome.conflicts else 0


def report(outcome: Outcome) -> None:
    for title, paths in (
        ("Added", outcome.added),
        ("Updated", outcome.updated),
        ("Merged", outcome.merged),
        ("Removed", outcome.removed),
    ):
        if paths:
            print(f"{title}:")
            print("".join(f"  {path}\n" for path in paths))
    if outcome.skipped:
        print("Not touched:")
        print("".join(f"  {path} ({why})\n" for path, why in outcome.skipped))
    if outcome.conflicts:
        print(f"CONFLICTS ({len(outcome.conflicts)}): resolve them, then commit:")
        for path, reason in outcome.conflicts:
            print(f"  {path}: {reason}")
        print(f"\n{CRUFT_RECORD} already names the new commit: resolving and committing ends it.")
    else:
        print("Everything merged. Review with `git diff`, run `make check test`, then commit.")
