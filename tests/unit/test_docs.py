"""docs/questionnaire.md is generated; it must match the questionnaire (`make docs`)."""

from __future__ import annotations

import subprocess
import sys

from tests.support import ROOT


def test_questionnaire_reference_is_current() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "integration_template.cli", "questions", "--format", "markdown"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    committed = (ROOT / "docs" / "questionnaire.md").read_text(encoding="utf-8")
    assert result.stdout == committed, "docs/questionnaire.md is stale: run `make docs`"
