"""Generated docs: each project's playbook written for its answers, and docs that hold any
answer."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.render.checks import leftover_markers, read_project
from tests.support import TEMPLATE_DIR, render

COMMITTED_PLAYBOOK = TEMPLATE_DIR / "docs" / "troubleshooting.md"
DOCS = (
    "architecture.md",
    "customer-overview.md",
    "engineering-guide.md",
    "fault-matrix.md",
    "onboarding-checklist.md",
    "testing.md",
    "troubleshooting.md",
)
HOSTILE: dict[str, Any] = {
    "integration_name": "Hostile docs",
    "customer_name": 'O"Brien & Co; #1 <b>100%</b> `x`',
    "vendor_name": "Vendor | Pipe; % --> [x]",
    "resource_name": "purchase_order",
    "vendor_rate_limit": "600 per 1 minutes",
    "vendor_auth": "hmac_signature",
    "inbound_auth": "jwt",
    "state_backend": "redis",
    "data_classification": "confidential_pii",
}


def run_in(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args],
        cwd=project,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(["src", "."])},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture(scope="module")
def projects(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return [
        render(tmp_path_factory.mktemp("defaults"), {"integration_name": "Docs defaults"}),
        render(tmp_path_factory.mktemp("hostile"), HOSTILE),
    ]


def test_the_committed_playbook_is_the_default_projects(projects: list[Path]) -> None:
    """The template's copy (what a reader of the template sees) is the default answers'."""
    committed = COMMITTED_PLAYBOOK.read_bytes()
    assert (projects[0] / "docs" / "troubleshooting.md").read_bytes() == committed


def test_each_playbook_lists_only_what_its_project_can_return(projects: list[Path]) -> None:
    defaults, hostile = (
        (project / "docs" / "troubleshooting.md").read_text(encoding="utf-8")
        for project in projects
    )
    # The default project keeps its state in memory, which cannot be down; a duplicate
    # create can still find the first one running, whatever the vendor does with keys.
    assert "## STATE_STORE_UNAVAILABLE" not in defaults
    assert "## IDEMPOTENCY_KEY_IN_PROGRESS" in defaults
    # The hostile one is a JWT project: no API-key header to tell its callers about, and an
    # identity provider that can be down.
    assert "X-API-Key" not in hostile
    assert "X-API-Key" in defaults
    assert "## AUTH_PROVIDER_UNAVAILABLE" in hostile
    assert "## AUTH_PROVIDER_UNAVAILABLE" not in defaults


def test_the_playbook_is_what_each_project_generates(projects: list[Path]) -> None:
    for project in projects:
        package = next(path.name for path in (project / "src").iterdir() if path.is_dir())
        result = run_in(project, "-m", f"{package}.playbook", "--check")
        assert result.returncode == 0, f"run `make docs` in a rendered project:\n{result.stderr}"


def test_docs_are_rendered_with_every_answer(projects: list[Path]) -> None:
    for project in projects:
        assert sorted(path.name for path in (project / "docs").glob("*.md")) == list(DOCS)
        assert leftover_markers(read_project(project / "docs")) == []
    hostile_guide = (projects[1] / "docs" / "engineering-guide.md").read_text(encoding="utf-8")
    assert "`600 per 1 minutes`" in hostile_guide
    assert "/v1/purchase_orders" in hostile_guide


def test_hostile_answers_pass_the_projects_own_docs_tests(projects: list[Path]) -> None:
    result = run_in(projects[1], "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/docs")
    assert result.returncode == 0, result.stdout + result.stderr
