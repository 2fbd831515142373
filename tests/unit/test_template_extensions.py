"""The Jinja helpers the template renders with."""

from __future__ import annotations

import ast
import json

import pytest

from template_extensions import development_secret, features_manifest_json, python_string
from tests.support import MANIFEST

TRICKY = [
    "",
    "plain",
    "Quote \" and ' apostrophe",
    "Back\\slash\\",
    '"""; raise SystemExit #',
    "'; import os #",
    "Zürich Straße — “quoted” 東京",
    "tab\tnew\nline",
    "\\u0022 looks like an escape",
]


@pytest.mark.parametrize("value", TRICKY)
def test_python_string_is_an_exact_double_quoted_ascii_literal(value: str) -> None:
    literal = python_string(value)

    assert ast.literal_eval(literal) == value
    assert literal.startswith('"') and literal.endswith('"')
    assert literal.isascii()
    assert '"' not in literal[1:-1]  # no escaped quote for ruff format to re-quote


def test_the_manifest_reaches_hooks_as_json() -> None:
    assert json.loads(features_manifest_json()) == MANIFEST


def test_development_secrets_are_each_projects_own_and_deterministic() -> None:
    answers = {"project_slug": "a", "vendor_pagination": "cursor", "_output_dir": "/x"}
    moved = answers | {"_output_dir": "/elsewhere"}
    other = answers | {"project_slug": "b"}

    secret = development_secret(answers, "cursor")

    assert secret.startswith("sandbox-cursor-")
    assert len(secret) >= 32
    assert development_secret(moved, "cursor") == secret
    assert development_secret(other, "cursor") != secret
    assert development_secret(answers, "other") != secret
