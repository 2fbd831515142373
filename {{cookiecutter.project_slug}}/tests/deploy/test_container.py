"""The container image and the compose file, checked offline (no Docker engine needed)."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from tests.deploy.tools import ROOT, dotenv_names, run, settings_variables, tool

DOCKERFILE = ROOT / "Dockerfile"


def instructions(dockerfile: Path) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs, continuation lines joined, comments left out."""
    joined = re.sub(r"\\\n\s*", " ", dockerfile.read_text(encoding="utf-8"))
    pairs = []
    for line in joined.splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            keyword, _, arguments = line.strip().partition(" ")
            pairs.append((keyword.upper(), arguments))
    return pairs


def stages(dockerfile: Path) -> dict[str, list[tuple[str, str]]]:
    """Each build stage's instructions, by stage name."""
    found: dict[str, list[tuple[str, str]]] = {}
    current: list[tuple[str, str]] = []
    for keyword, arguments in instructions(dockerfile):
        if keyword == "FROM":
            current = found.setdefault(arguments.split(" AS ")[-1], [])
        current.append((keyword, arguments))
    return found


def test_the_dockerfile_passes_hadolint() -> None:
    run([tool("hadolint"), "--failure-threshold", "info", str(DOCKERFILE)])


def test_the_runtime_stage_is_the_default_slim_non_root_and_checks_its_health() -> None:
    runtime = list(stages(DOCKERFILE))[-1]
    assert runtime == "runtime", "the last stage is what `docker build` produces"
    steps = stages(DOCKERFILE)[runtime]
    assert re.fullmatch(r"python:3\.\d+-slim-\w+ AS runtime", steps[0][1])
    users = [arguments for keyword, arguments in steps if keyword == "USER"]
    assert users and not users[-1].startswith(("0", "root"))
    healthchecks = [arguments for keyword, arguments in steps if keyword == "HEALTHCHECK"]
    assert len(healthchecks) == 1 and "/healthz" in healthchecks[0]
    # Exec form: the service is PID 1 and receives SIGTERM itself, not through a shell.
    (entrypoint,) = [arguments for keyword, arguments in steps if keyword == "ENTRYPOINT"]
    assert entrypoint.startswith('["python", "-m",')
    # No build tools in the runtime image: dependencies come from the builder stage.
    assert not [
        arguments for keyword, arguments in steps if keyword == "RUN" and "pip" in arguments
    ]


def test_the_image_installs_the_pinned_set_with_hashes() -> None:
    copied = [
        arguments.split()[0] for keyword, arguments in instructions(DOCKERFILE) if keyword == "COPY"
    ]
    locks = [source for source in copied if source.startswith("requirements/")]
    assert locks, "the image installs from a lock in requirements/"
    for lock in locks:
        assert (ROOT / lock).is_file(), f"{lock} is not in the project"
    installs = [
        arguments
        for keyword, arguments in instructions(DOCKERFILE)
        if "-r requirements.txt" in arguments
    ]
    assert installs and all("--require-hashes" in arguments for arguments in installs)


def test_the_build_context_holds_what_the_dockerfile_copies() -> None:
    allowed = [
        line[1:].rstrip("/")
        for line in (ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines()
        if line.startswith("!")
    ]
    for keyword, arguments in instructions(DOCKERFILE):
        if keyword == "COPY" and not arguments.startswith("--from"):
            for source in arguments.split()[:-1]:
                assert source.split("/")[0] in allowed, f"{source} is left out of the build context"
                assert (ROOT / source).exists(), source


def test_the_compose_file_follows_the_compose_specification() -> None:
    run([tool("check-jsonschema"), "--builtin-schema", "vendor.compose-spec", "compose.yaml"])


def test_compose_runs_the_service_with_the_variables_of_env_example() -> None:
    compose = yaml.safe_load((ROOT / "compose.yaml").read_text(encoding="utf-8"))
    service = compose["services"]["service"]
    assert service["env_file"] == ".env.example"
    example = set(dotenv_names(ROOT / ".env.example"))
    overridden = set(service["environment"])
    assert overridden <= example, f"not in .env.example: {sorted(overridden - example)}"
    assert service["read_only"] is True
    for name, dependency in service.get("depends_on", {}).items():
        assert dependency["condition"] == "service_healthy", name


def test_every_variable_of_env_example_is_a_setting() -> None:
    unknown = set(dotenv_names(ROOT / ".env.example")) - settings_variables()
    assert not unknown, f"no settings class reads {sorted(unknown)}"
