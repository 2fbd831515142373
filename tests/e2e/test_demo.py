"""`make demo` end to end: render, install, `make run`, two real calls, everything stopped."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support import ROOT

DEMO_TIMEOUT_SECONDS = 600


@pytest.mark.slow
def test_demo_shows_a_normalized_record_and_a_problem_then_stops(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "integration_template.demo", "--output", str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=DEMO_TIMEOUT_SECONDS,
        check=False,
    )
    output = result.stdout

    assert result.returncode == 0, output + result.stderr
    assert "/uv pip install" in output  # this environment's uv: several times faster than pip
    assert "GET /v1/contacts/rec_0001 (normalized): HTTP 200 (application/json)" in output
    assert '"currency": "USD"' in output
    assert "HTTP 404 (application/problem+json)" in output
    assert '"code": "NOT_FOUND"' in output
    assert (tmp_path / "acme-crm-integration" / ".venv" / "bin" / "python").exists()
    ports = [int(port) for port in re.findall(r"http://127\.0\.0\.1:(\d+)", output)]
    assert len(set(ports)) == 2
    for port in set(ports):
        with socket.socket() as probe:
            assert probe.connect_ex(("127.0.0.1", port)) != 0, f"port {port} still answers"
