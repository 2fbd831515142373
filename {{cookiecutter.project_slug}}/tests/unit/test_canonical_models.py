"""Every canonical model shares one base: immutable, each with its own OpenAPI title."""

from __future__ import annotations

import inspect

import pytest
from pydantic import BaseModel, ValidationError

from {{ cookiecutter.__package_name }} import (
    models,
)

from tests.support.records import FIRST_RECORD, NEW_RECORD

CANONICAL = [
    value
    for value in vars(models).values()
    if inspect.isclass(value)
    and issubclass(value, BaseModel)
    and value.__module__ == models.__name__
    and value is not models.CanonicalModel
]


def test_every_canonical_model_shares_the_base() -> None:
    assert len(CANONICAL) >= 3
    for model in CANONICAL:
        assert issubclass(model, models.CanonicalModel), model
        assert model.model_config.get("frozen") is True, model
        assert model.model_config.get("title"), model
        if model.__name__.endswith(("Create", "Input")):
            assert model.model_config.get("extra") == "forbid", model


def test_input_models_forbid_unknown_fields() -> None:
    with pytest.raises(ValidationError, match="Extra inputs are not permitted"):
        models.ResourceCreate.model_validate({**NEW_RECORD, "rate": 1})


def test_a_canonical_record_cannot_change_once_built() -> None:
    record = models.Resource.model_validate(FIRST_RECORD)
    with pytest.raises(ValidationError, match="frozen"):
        record.id = "another"  # type: ignore[misc]
