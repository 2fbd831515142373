"""Shared helpers of the template's tests: paths, hooks, answers, rendering, expected files."""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import json
import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path
from types import ModuleType
from typing import Any

import yaml
from cookiecutter.main import cookiecutter

from integration_template.generate import hook_scripts_removed
from template_extensions import standard_manifest_json

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE_DIR = ROOT / "{{cookiecutter.project_slug}}"
PACKAGE_DIR_NAME = "{{cookiecutter.__package_name}}"
# A guard against hangs for the tools the tests run (a baked project's pytest, pip, ...).
COMMAND_TIMEOUT_SECONDS = 300
QUESTIONNAIRE: dict[str, Any] = json.loads((ROOT / "cookiecutter.json").read_text(encoding="utf-8"))
MANIFEST: dict[str, Any] = yaml.safe_load((ROOT / "features.yaml").read_text(encoding="utf-8"))
# zones.yaml and the template version, as the post_gen hook receives them.
STANDARD: dict[str, Any] = json.loads(standard_manifest_json())
CHOICE_QUESTIONS = {
    key: value
    for key, value in QUESTIONNAIRE.items()
    if isinstance(value, list) and not key.startswith("_")
}


def load_hook(name: str) -> ModuleType:
    """Import hooks/<name>.py as a module (the file is plain Python until rendered)."""
    spec = importlib.util.spec_from_file_location(f"hook_{name}", ROOT / "hooks" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while defining
    spec.loader.exec_module(module)
    return module


def default_answers() -> dict[str, Any]:
    """The answers cookiecutter derives from the defaults (rendered, underscored keys kept)."""
    return {
        "customer_name": "Globex Corporation",
        "vendor_name": "Acme CRM",
        "integration_name": "Acme CRM integration",
        "project_slug": "acme-crm-integration",
        "vendor_base_url": "https://api.acme-crm.example/v2",
        "resource_name": "contact",
        "vendor_auth": "api_key_header",
        "vendor_pagination": "cursor",
        "vendor_idempotency_keys": True,
        "vendor_rate_limit": "10/second",
        "inbound_auth": "api_key",
        "data_classification": "internal",
        "state_backend": "memory",
        "ci_provider": "github",
        "python_version": "3.11",
        "__package_name": "acme_crm_integration",
        "__resource_plural": "contacts",
    }


PRE_GEN_HOOK = load_hook("pre_gen_project")
# What marks Jinja in a file or an answer: the hook's own definition.
TEMPLATE_MARKERS: tuple[str, ...] = PRE_GEN_HOOK.TEMPLATE_MARKERS


def is_supported(answers: Mapping[str, Any]) -> bool:
    """Whether the hook accepts this combination of choices (on top of the defaults)."""
    return not PRE_GEN_HOOK.combination_errors({**default_answers(), **answers})


def render(output_dir: Path, extra_context: Mapping[str, Any] | None = None) -> Path:
    """Render the template with cookiecutter's API; return the project folder."""
    context = {"_template_source": "cookiecutter-integration-service", "_template_commit": ""}
    context.update(extra_context or {})
    with hook_scripts_removed():
        created = cookiecutter(
            str(ROOT), no_input=True, extra_context=context, output_dir=str(output_dir)
        )
    return Path(created)


@functools.cache
def template_files(package: str) -> frozenset[str]:
    """Every file of the template's project folder, with the package folder renamed.
    Cached: the tree does not change during a run, and the matrix asks thousands of times."""
    files = set()
    for path in TEMPLATE_DIR.rglob("*"):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
            relative = path.relative_to(TEMPLATE_DIR).as_posix()
            files.add(relative.replace(PACKAGE_DIR_NAME, package))
    return frozenset(files)


def expected_files(answers: Mapping[str, Any]) -> set[str]:
    """The exact file set a render must produce, computed from the manifest."""
    package = str(answers["__package_name"])
    files = set(template_files(package))
    for question, owners in MANIFEST["owned_paths"].items():
        for choice, owned in owners.items():
            if choice == answers[question]:
                continue
            for path in owned or []:
                path = path.replace("{package}", package)
                if path.endswith("/"):
                    files = {name for name in files if not name.startswith(path)}
                else:
                    files.discard(path)
    return files | {".cruft.json", ".integration-standard.json"}


def run_checked(command: list[str], cwd: Path, env: Mapping[str, str] | None = None) -> str:
    """Run `command` in `cwd` (extra `env` on top of ours); fail with its output unless it
    exits 0 within COMMAND_TIMEOUT_SECONDS; return its standard output."""
    result = subprocess.run(
        command,
        cwd=cwd,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=COMMAND_TIMEOUT_SECONDS,
        check=False,
    )
    assert result.returncode == 0, f"{' '.join(command)} failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout


# Stamped times lie in a range no real file has (2001-09 to 2010-04), one per content.
STAMP_BASE_SECONDS = 1_000_000_000
STAMP_SPAN_SECONDS = 1 << 28


def stamp_by_content(project: Path) -> None:
    """Set each Python file's modification time (whole seconds) from a hash of its content:
    two files of the same size and time then hold the same bytes (but for a 1 in 2**28
    chance), which is what mypy assumes of them."""
    for path in [*project.rglob("*.py"), *project.rglob("*.pyi")]:
        digest = hashlib.sha256(path.read_bytes()).digest()
        stamp = STAMP_BASE_SECONDS + int.from_bytes(digest[:4], "big") % STAMP_SPAN_SECONDS
        os.utime(path, (stamp, stamp))
