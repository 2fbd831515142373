"""Pinned dependency sets of generated projects: one per Python version and dependency variant.

`make lock` (python -m integration_template.locks) resolves every variant with uv from PyPI
and writes the locks into templates/locks/; a generated project's requirements/dev.txt and
requirements/runtime.txt include the ones of its answers. Each lock starts with the SHA-256
of the requirements it was resolved from, so `stale_locks` finds, offline, a lock whose
project ranges changed since.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import tempfile
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cookiecutter.environment import StrictEnvironment
from cookiecutter.generate import generate_context
from cookiecutter.prompt import prompt_for_config
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from .template import CONTEXT_FILE, find_template

PROJECT_FOLDER = "{{cookiecutter.project_slug}}"
# Outside the project folder: cookiecutter copies that whole, and a project needs one set of
# each kind; its requirements/*.txt include theirs ("../templates" is on the Jinja path).
LOCK_FOLDER = "templates/locks"
DIGEST_PREFIX = "# inputs-sha256: "
PYTHON_VERSIONS = ("3.11", "3.12", "3.13")
STATE_BACKENDS = ("memory", "redis")
INBOUND_AUTHS = ("api_key", "jwt")


@dataclass(frozen=True)
class LockVariant:
    """One pinned set: `dev` (the runtime, the dev extra and the test tools; `make install`,
    CI) or `runtime` (the container image). The dev set is the same for both inbound auth
    schemes (the dev extra carries PyJWT for the sandbox), so only runtime sets name one."""

    kind: str
    python_version: str
    state_backend: str
    inbound_auth: str | None = None

    @property
    def path(self) -> str:
        """The lock's path in the template."""
        auth = f"-{self.inbound_auth}" if self.inbound_auth else ""
        return f"{LOCK_FOLDER}/{self.kind}-py{self.python_version}-{self.state_backend}{auth}.txt"

    @property
    def answers(self) -> dict[str, str]:
        answers = {"python_version": self.python_version, "state_backend": self.state_backend}
        if self.inbound_auth:
            answers["inbound_auth"] = self.inbound_auth
        return answers


VARIANTS = (
    *(LockVariant("dev", python, state) for python in PYTHON_VERSIONS for state in STATE_BACKENDS),
    *(
        LockVariant("runtime", python, state, auth)
        for python in PYTHON_VERSIONS
        for state in STATE_BACKENDS
        for auth in INBOUND_AUTHS
    ),
)


def rendered_pyproject(template: Path, answers: dict[str, str]) -> dict[str, Any]:
    """The generated pyproject.toml for these answers (the other answers at their defaults)."""
    context = generate_context(context_file=str(template / CONTEXT_FILE), extra_context=answers)
    cookiecutter = prompt_for_config(context, no_input=True)
    environment = StrictEnvironment(context=context, keep_trailing_newline=True)
    source = (template / PROJECT_FOLDER / "pyproject.toml").read_text(encoding="utf-8")
    return tomllib.loads(environment.from_string(source).render(cookiecutter=cookiecutter))


def requirements(template: Path, variant: LockVariant) -> list[str]:
    """The direct requirements a lock pins, sorted: what its digest covers."""
    project = rendered_pyproject(template, variant.answers)["project"]
    wanted = list(project["dependencies"])
    if variant.kind == "dev":
        wanted += project["optional-dependencies"]["dev"]
    return sorted(set(wanted))


def digest(wanted: list[str]) -> str:
    return hashlib.sha256(json.dumps(wanted).encode()).hexdigest()


def pins(lock_text: str) -> dict[str, str]:
    """Package name -> pinned version, from a lock's `name==version` lines."""
    found: dict[str, str] = {}
    for line in lock_text.splitlines():
        if "==" in line and not line.startswith((" ", "#")):
            name, _, rest = line.partition("==")
            found[canonicalize_name(name.split("[")[0])] = rest.split(" ")[0].split(";")[0]
    return found


def stale_locks(template: Path) -> list[str]:
    """Why each lock is missing or out of date with the ranges of its pyproject, offline."""
    problems = []
    for variant in VARIANTS:
        path = template / variant.path
        if not path.is_file():
            problems.append(f"{variant.path}: missing (run `make lock`)")
            continue
        text = path.read_text(encoding="utf-8")
        wanted = requirements(template, variant)
        if f"{DIGEST_PREFIX}{digest(wanted)}" not in text.splitlines():
            problems.append(f"{variant.path}: resolved from other requirements (run `make lock`)")
        pinned = pins(text)
        for line in wanted:
            requirement = Requirement(line)
            version = pinned.get(canonicalize_name(requirement.name))
            if version is None or not requirement.specifier.contains(version, prereleases=True):
                problems.append(f"{variant.path}: {requirement} is pinned at {version}")
    return problems


def lock(template: Path, variant: LockVariant, uv: str) -> None:
    """Resolve one variant with uv (universal, with hashes) and write its lock."""
    wanted = requirements(template, variant)
    with tempfile.TemporaryDirectory() as scratch:
        Path(scratch, "requirements.in").write_text("\n".join(wanted) + "\n", encoding="utf-8")
        resolved = subprocess.run(
            [
                *(uv, "pip", "compile", "requirements.in", "--universal", "--generate-hashes"),
                *("--python-version", variant.python_version, "--no-header", "--quiet"),
            ],
            cwd=scratch,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    auth = f", inbound_auth={variant.inbound_auth}" if variant.inbound_auth else ""
    header = (
        f"# Pinned {variant.kind} dependencies for Python {variant.python_version}+, "
        f"state_backend={variant.state_backend}{auth}.\n"
        "# Resolved with `uv pip compile --universal --generate-hashes` from the ranges in\n"
        "# pyproject.toml; regenerated by the template's `make lock`. Do not edit by hand.\n"
        f"{DIGEST_PREFIX}{digest(wanted)}\n"
    )
    path = template / variant.path
    path.parent.mkdir(exist_ok=True)
    path.write_text(header + resolved, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report stale locks")
    parser.add_argument(
        "--stale", action="store_true", help="re-resolve only the locks whose ranges changed"
    )
    parser.add_argument("--uv", default=str(Path(sys.executable).with_name("uv")))
    arguments = parser.parse_args(argv)
    template = find_template()
    if not arguments.check:
        stale = {problem.split(":")[0] for problem in stale_locks(template)}
        for variant in VARIANTS:
            if arguments.stale and variant.path not in stale:
                continue
            print(f"locking {variant.path}", file=sys.stderr)
            lock(template, variant, arguments.uv)
    problems = stale_locks(template)
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
