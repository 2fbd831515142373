"""The state store settings for tests when the service keeps its state in memory."""

from __future__ import annotations

import pytest

from {{ cookiecutter.__package_name }}.choices import (
    StateSettings,
)


@pytest.fixture(scope="session")
def state_settings() -> StateSettings:
    return StateSettings(_env_file=None)
