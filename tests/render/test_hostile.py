"""Hostile answers are rejected clearly or rendered into a project whose values stay data."""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

import pytest
from cookiecutter.exceptions import FailedHookException

from tests.render.checks import leftover_markers, read_project, unparsable_files
from tests.support import render

ACCEPTED_NAMES = [
    "Quote \" and ' apostrophe",
    "Back\\slash\\",
    "Zürich Straße — “quoted” 東京",
    "'; import os; os.system('echo pwned') #",
    '"""; raise SystemExit #',
    "<script>alert(1)</script> & co",
    "x" * 80,
]

REJECTED = [
    ({"customer_name": "two\nlines"}, "customer_name"),
    ({"vendor_name": "x" * 500}, "vendor_name"),
    ({"project_slug": "../../escape"}, "project_slug"),
    ({"project_slug": "a" * 120}, "project_slug"),
    ({"__package_name": "os"}, "package_name"),
    ({"resource_name": "x'; import os"}, "resource_name"),
    ({"vendor_base_url": "https://evil.example/\nINJECTED=1"}, "vendor_base_url"),
    ({"vendor_rate_limit": "10/second; rm -rf /"}, "vendor_rate_limit"),
    # Names of the generated project's own dependencies (the rendered hook's list).
    ({"project_slug": "fastapi"}, "project_slug"),
    ({"project_slug": "prometheus-client"}, "project_slug"),
    ({"__package_name": "jwt"}, "package_name"),
    ({"__package_name": "starlette"}, "package_name"),
    # "$" matches before a final newline: each pattern must match the whole answer.
    ({"project_slug": "acme-crm\n"}, "project_slug"),
    ({"__package_name": "acme_crm\n"}, "package_name"),
    ({"resource_name": "contact\n"}, "resource_name"),
    ({"__resource_plural": "contacts\n"}, "resource_plural"),
    ({"vendor_rate_limit": "10/second\n"}, "vendor_rate_limit"),
]


def test_an_absolute_slug_is_rejected_and_leaves_nothing(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    outside = tmp_path / "outside"

    with pytest.raises(FailedHookException):
        render(tmp_path / "out", {"project_slug": str(outside)})

    assert "- project_slug = " in capfd.readouterr().err
    assert not outside.exists()


def constants_of(project: Path) -> dict[str, object]:
    module = project / "src" / "hostile_names" / "constants.py"
    values: dict[str, object] = {}
    for node in ast.parse(module.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant):
            target = node.targets[0]
            assert isinstance(target, ast.Name)
            values[target.id] = node.value.value
    return values


@pytest.mark.parametrize("name", ACCEPTED_NAMES)
def test_hostile_names_render_as_data(name: str, tmp_path: Path) -> None:
    project = render(
        tmp_path,
        {
            "customer_name": name,
            "vendor_name": name,
            "integration_name": "Hostile names",
        },
    )

    assert unparsable_files(read_project(project)) == []
    assert leftover_markers(read_project(project)) == []
    constants = constants_of(project)
    assert constants["CUSTOMER_NAME"] == name
    assert constants["VENDOR_NAME"] == name
    description = tomllib.loads((project / "pyproject.toml").read_text())["project"]["description"]
    assert description == f"Hostile names for {name}"


@pytest.mark.parametrize(("answers", "field"), REJECTED)
def test_hostile_values_are_rejected_with_the_field_named(
    answers: dict[str, str], field: str, tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(FailedHookException):
        render(tmp_path / "out", answers)

    assert f"- {field} = " in capfd.readouterr().err
    assert not (tmp_path / "out").exists() or list((tmp_path / "out").iterdir()) == []
    assert not (tmp_path / "escape").exists()
