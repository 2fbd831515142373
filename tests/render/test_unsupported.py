"""Unsupported combinations and invalid answers fail with a clear message, writing nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from cookiecutter.exceptions import FailedHookException

from tests.support import render

UNSUPPORTED = [
    ({"data_classification": "confidential_pii", "vendor_auth": "none"}, "vendor_auth"),
    (
        {"data_classification": "confidential_pii", "vendor_base_url": "http://api.vendor.example"},
        "vendor_base_url",
    ),
    ({"resource_name": "sheep", "__resource_plural": "sheep"}, "resource_plural"),
]


@pytest.mark.parametrize(("answers", "field"), UNSUPPORTED)
def test_unsupported_combination_fails_clearly_and_writes_nothing(
    answers: dict[str, Any], field: str, tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(FailedHookException):
        render(tmp_path, answers)

    assert list(tmp_path.iterdir()) == []
    err = capfd.readouterr().err
    assert f"- {field} = " in err
    assert "nothing was generated" in err
