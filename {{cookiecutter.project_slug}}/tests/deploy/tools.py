"""What the deployment tests share: the project root, its settings' variable names, tools."""

from __future__ import annotations

import importlib
import os
import pkgutil
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import AliasChoices
from pydantic_settings import BaseSettings

ROOT = Path(__file__).resolve().parents[2]
TOOL_TIMEOUT_SECONDS = 60


def package_name() -> str:
    """The service's package: the one folder under src/."""
    (package,) = (
        path.name for path in (ROOT / "src").iterdir() if (path / "__init__.py").is_file()
    )
    return package


def settings_variables() -> set[str]:
    """Every environment variable some settings class of the package reads."""
    package = importlib.import_module(package_name())
    for module in pkgutil.walk_packages(package.__path__, f"{package.__name__}."):
        importlib.import_module(module.name)
    names: set[str] = set()
    for settings_class in all_subclasses(BaseSettings):
        if not settings_class.__module__.startswith(f"{package.__name__}."):
            continue
        prefix = str(settings_class.model_config.get("env_prefix", ""))
        for name, field in settings_class.model_fields.items():
            names.add(f"{prefix}{name}".upper())
            aliases = field.validation_alias or field.alias
            choices = aliases.choices if isinstance(aliases, AliasChoices) else [aliases]
            names |= {choice.upper() for choice in choices if isinstance(choice, str)}
    return names


def all_subclasses(cls: type[BaseSettings]) -> set[type[BaseSettings]]:
    found = set(cls.__subclasses__())
    for subclass in list(found):
        found |= all_subclasses(subclass)
    return found


def dotenv_names(path: Path) -> list[str]:
    """The variable names a .env-style file sets, in order."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.split("=", 1)[0] for line in lines if "=" in line and not line.startswith("#")]


def tool(name: str) -> str:
    """A command-line tool the dev dependencies install next to this Python (or on PATH).
    Skips the test without it, and fails it on CI, where `make install` must provide it."""
    beside = Path(sys.executable).with_name(name)
    found = str(beside) if beside.is_file() else shutil.which(name)
    if found is None:
        hint = f"{name} is not installed: run `make install` (it comes with the dev dependencies)"
        if os.environ.get("CI") == "true":
            pytest.fail(hint)
        pytest.skip(hint)
    return found


def run(command: list[str]) -> str:
    """Run a tool in the project root; fail the test with its output unless it exits 0."""
    result = subprocess.run(
        command,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=TOOL_TIMEOUT_SECONDS,
        check=False,
    )
    assert result.returncode == 0, f"{' '.join(command)}:\n{result.stdout}\n{result.stderr}"
    return result.stdout
