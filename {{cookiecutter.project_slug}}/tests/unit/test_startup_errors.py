"""Bad settings: one "cannot start: VARIABLE: reason" line each, exit code 2, and no secret
value (no sentinel placed in any SecretStr setting, nor a URL password) in any output.

The first test starts `python -m <package>` for real; the others call the same entry point
in this process (a process costs about half a second of CPU to start), with every settings
variable they do not give removed from the environment.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import typing
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from pydantic import SecretStr
from pydantic_settings import BaseSettings

from {{ cookiecutter.__package_name }} import __main__ as entry_point
from {{ cookiecutter.__package_name }}.app import (
    AppConfig,
)
from {{ cookiecutter.__package_name }}.startup_errors import (
    env_variable,
)

PACKAGE = AppConfig.__module__.partition(".")[0]
PROJECT = Path(__file__).resolve().parents[2]
SETTINGS_TYPES: list[type[BaseSettings]] = list(typing.get_type_hints(AppConfig).values())
DEFAULT_PROXY = "http://proxy.example:3128"


def holds_secret(annotation: object) -> bool:
    """SecretStr, or a type built from it (optional, a list, annotated)."""
    return annotation is SecretStr or any(holds_secret(arg) for arg in typing.get_args(annotation))


def secret_variables() -> list[str]:
    """The environment variable of every setting of every settings class that holds a
    SecretStr (alone, optional or in a list)."""
    return [
        env_variable(settings_type, name)
        for settings_type in SETTINGS_TYPES
        for name, field in settings_type.model_fields.items()
        if holds_secret(field.annotation)
    ]


def as_setting(variable: str, value: str) -> str:
    """The value as the variable takes it: a JSON list for a list of secrets."""
    return json.dumps([value]) if variable in list_variables() else value


def list_variables() -> list[str]:
    """Settings given as a JSON list (API_KEYS, JWT_ALGORITHMS, ...)."""
    return [
        env_variable(settings_type, name)
        for settings_type in SETTINGS_TYPES
        for name, field in settings_type.model_fields.items()
        if typing.get_origin(field.annotation) is list
    ]


def start(workdir: Path, env: dict[str, str]) -> tuple[int, list[str]]:
    result = subprocess.run(
        [sys.executable, "-m", PACKAGE],
        cwd=workdir,
        env={"PATH": os.environ.get("PATH", ""), "PYTHONPATH": str(PROJECT / "src"), **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    return result.returncode, (result.stdout + result.stderr).splitlines()


def every_variable() -> list[str]:
    return [
        env_variable(settings_type, name)
        for settings_type in SETTINGS_TYPES
        for name in settings_type.model_fields
    ]


def start_here(
    workdir: Path,
    env: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> tuple[int, list[str]]:
    """What `start` does, in this process: the same main(), the same working folder (.env),
    and of the settings variables only those in `env`."""

    def serve(*_: object) -> None:
        raise AssertionError("the settings were accepted: the service would start")

    monkeypatch.setattr(entry_point, "serve", serve)
    monkeypatch.chdir(workdir)
    for variable in every_variable():
        monkeypatch.delenv(variable, raising=False)
    for variable, value in env.items():
        monkeypatch.setenv(variable, value)
    capsys.readouterr()
    code = entry_point.main()
    captured = capsys.readouterr()
    return code, (captured.out + captured.err).splitlines()


def with_password(url: str, password: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(netloc=f"user:{password}@{parts.netloc}"))


def assert_no_sentinel(lines: list[str], sentinels: list[str]) -> None:
    output = "\n".join(lines)
    leaked = [sentinel for sentinel in sentinels if sentinel in output]
    assert not leaked, output


def test_invalid_settings_name_the_variable_and_hide_every_value(tmp_path: Path) -> None:
    sentinels = [f"sntl{index}x" for index, _ in enumerate(secret_variables())]
    env = {  # too short, not URLs
        variable: as_setting(variable, sentinel)
        for variable, sentinel in zip(secret_variables(), sentinels, strict=True)
    }
    env["VENDOR_BASE_URL"] = with_password("https://vendor.example", "sntl-url-password")
    sentinels.append("sntl-url-password")

    code, lines = start(tmp_path, env)

    assert code == 2, lines
    assert lines, "no message"
    assert all(line.startswith("cannot start: ") for line in lines), lines
    assert "cannot start: CURSOR_SECRET: too short (the minimum length is 16)" in lines
    assert any(line.startswith("cannot start: VENDOR_BASE_URL: ") for line in lines), lines
    assert_no_sentinel(lines, sentinels)


def test_inconsistent_settings_name_every_variable_involved(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copy(PROJECT / ".env.example", tmp_path / ".env")
    env = {"VENDOR_ATTEMPT_TIMEOUT": "20", "VENDOR_TOTAL_DEADLINE": "15"}

    code, lines = start_here(tmp_path, env, monkeypatch, capsys)

    assert code == 2, lines
    assert len(lines) == 1
    assert lines[0].startswith("cannot start: VENDOR_ATTEMPT_TIMEOUT, VENDOR_TOTAL_DEADLINE")


@pytest.mark.parametrize("variable", list_variables())
def test_a_malformed_list_is_one_line_not_a_traceback(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    variable: str,
) -> None:
    shutil.copy(PROJECT / ".env.example", tmp_path / ".env")

    code, lines = start_here(tmp_path, {variable: '[{"sntl-list": '}, monkeypatch, capsys)

    assert code == 2, lines
    assert lines == [f"cannot start: {variable}: not valid JSON"]


def test_production_refusals_name_every_development_secret_and_hide_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copy(PROJECT / ".env.example", tmp_path / ".env")
    env = {"APP_ENV": "production", "EXPOSE_API_DOCS": "true"}
    env["VENDOR_BASE_URL"] = "http://127.1:8081"
    sentinels = []
    plain_secrets = []
    for index, variable in enumerate(secret_variables()):
        sentinel = f"sntl-{index}-0123456789abcdef"
        sentinels.append(sentinel)
        if variable.endswith("_URL"):  # a URL: the sentinel is its password
            example = _example_value(variable) or DEFAULT_PROXY
            env[variable] = with_password(example, sentinel)
        else:  # a development secret, spelt as a careless operator might
            env[variable] = as_setting(variable, f" SANDBOX-{sentinel}")
            plain_secrets.append(variable)

    code, lines = start_here(tmp_path, env, monkeypatch, capsys)

    assert code == 2, lines
    assert all(line.startswith("cannot start: ") for line in lines), lines
    expected = {
        "cannot start: EXPOSE_API_DOCS: production serves no API documentation",
        "cannot start: VENDOR_BASE_URL: production needs an https:// URL",
        "cannot start: VENDOR_BASE_URL: a loopback, unspecified or link-local host "
        "(a development value)",
    } | {
        f"cannot start: {variable}: a development secret (it starts with 'sandbox-')"
        for variable in plain_secrets
    }
    assert expected <= set(lines), lines
    assert_no_sentinel(lines, sentinels)


def _example_value(variable: str) -> str | None:
    for line in (PROJECT / ".env.example").read_text(encoding="utf-8").splitlines():
        name, _, value = line.partition("=")
        if name == variable:
            return value
    return None
