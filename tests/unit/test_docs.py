"""docs/questionnaire.md is generated; it must match the questionnaire (`make docs`)."""

from __future__ import annotations

import pytest

from integration_template.cli import main
from tests.support import ROOT


def test_questionnaire_reference_is_current(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["questions", "--format", "markdown"]) == 0
    committed = (ROOT / "docs" / "questionnaire.md").read_text(encoding="utf-8")
    assert capsys.readouterr().out == committed, "docs/questionnaire.md is stale: run `make docs`"
