"""`make bench` end to end, once and very short: it runs and reports; no figure is judged
(performance is measured by the benchmark itself, on a quiet machine, never by a test)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support import ROOT

BENCH_TIMEOUT_SECONDS = 300
SHORT_RUN = (
    *("--rounds", "1", "--seconds", "1", "--connections", "4", "--render-runs", "1"),
    *("--no-install", "--no-suite"),
)
PATHS = (
    "service",
    "peer_aiohttp",
    "peer_httpx",
    "breaker_open",
    "list_memory",
    "create_memory",
    "list_redis",
    "create_redis",
)


@pytest.mark.slow
def test_bench_compares_the_service_with_both_peers_and_reports_every_path(
    tmp_path: Path,
) -> None:
    missing = [tool for tool in ("wrk", "redis-server") if shutil.which(tool) is None]
    if missing:
        message = (
            f"make bench needs {' and '.join(missing)}: apt-get install -y {' '.join(missing)}"
        )
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    result = subprocess.run(
        [sys.executable, "-m", "integration_template.bench", "--work", str(tmp_path), *SHORT_RUN],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=BENCH_TIMEOUT_SECONDS,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    report = json.loads((tmp_path / "results.json").read_text())
    assert set(report["figures"]) == set(PATHS)
    for name in PATHS:
        assert report["figures"][name]["requests"] > 0, name
        assert f"\n{name} " in result.stdout, name
    assert (
        report["figures"]["breaker_open"]["errors"] == report["figures"]["breaker_open"]["requests"]
    )
    assert report["summary"]["service_vs_aiohttp_req_s"] is not None
    # Every target judged on this run's figures, in the JSON and the printed table.
    assert len(report["targets"]) == 5
    for row in report["targets"]:
        assert row["value"] is not None and row["met"] in (True, False), row
        assert f"\n{row['target']} " in result.stdout, row
    assert report["summary"]["render_seconds"] > 0
    assert report["profile"]["APP_ENV"] == "development"
    assert report["profile"]["LOG_FORMAT"] == "json"
