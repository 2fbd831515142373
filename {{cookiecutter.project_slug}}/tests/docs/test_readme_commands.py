"""The README's calls run as written: no placeholder to fill in, a create body the service
accepts, and the credentials of the development set-up."""

from __future__ import annotations

import json
import re
from pathlib import Path

from {{ cookiecutter.__package_name }}.models import (
    ResourceCreate,
)

README = Path(__file__).resolve().parents[2] / "README.md"
SHELL_BLOCK = re.compile(r"```sh\n(.*?)```", re.DOTALL)


def call_commands() -> list[str]:
    """The README's shell commands, continuation lines joined."""
    text = README.read_text(encoding="utf-8")
    commands = []
    for block in SHELL_BLOCK.findall(text):
        commands += [line.strip() for line in block.replace("\\\n", " ").splitlines()]
    return [command for command in commands if command]


def test_no_command_has_a_placeholder_to_fill_in() -> None:
    for command in call_commands():
        assert not re.search(r"<[a-z][^>]*>", command), command


def test_every_call_is_authenticated_with_a_token_set_before_it() -> None:
    commands = call_commands()
    calls = [n for n, command in enumerate(commands) if "127.0.0.1:8000/v1/" in command]
    assert calls
    token_set = min(n for n, command in enumerate(commands) if command.startswith("TOKEN="))
    for n in calls:
        assert n > token_set
        assert "$TOKEN" in commands[n] or "sandbox-caller-key" in commands[n], commands[n]


def test_the_create_body_is_one_the_service_accepts() -> None:
    (create,) = [
        command for command in call_commands() if "-X POST" in command and "/v1/" in command
    ]
    body = re.search(r"-d '([^']*)'", create)
    assert body is not None, create
    ResourceCreate.model_validate(json.loads(body.group(1)))
    assert "Idempotency-Key:" in create


def test_the_list_call_follows_next_cursor() -> None:
    commands = call_commands()
    assert any("next_cursor" in command for command in commands)
    assert any("?cursor=$CURSOR" in command for command in commands)
