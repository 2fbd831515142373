"""The vendor models (upstream/spec_models.py) still match spec/vendor-openapi.json and were
not edited by hand. When this fails, run `make vendor-models` after changing the spec; put
hand-written changes in upstream/models.py or normalize.py instead."""

from __future__ import annotations

from pathlib import Path

import pytest

from tools import vendor_models as tool

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def spec_text() -> bytes:
    return (ROOT / tool.SPEC_FILE).read_bytes()


@pytest.fixture
def models_text() -> str:
    return tool.models_path(ROOT).read_text(encoding="utf-8")


def test_the_models_come_from_this_spec(spec_text: bytes, models_text: str) -> None:
    assert tool.stale_reasons(spec_text, models_text) == []


def test_a_changed_spec_makes_them_stale(spec_text: bytes, models_text: str) -> None:
    reasons = tool.stale_reasons(spec_text + b" ", models_text)
    assert reasons == [f"{tool.SPEC_FILE} changed since the models were generated"]


def test_an_edit_makes_them_stale(spec_text: bytes, models_text: str) -> None:
    edited = models_text.replace("BaseModel", "BaseModel ", 1)
    assert edited != models_text
    assert tool.stale_reasons(spec_text, edited) == [
        "the models were edited by hand (their hash does not match)"
    ]
