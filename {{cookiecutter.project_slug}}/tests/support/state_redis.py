"""The state store settings for tests when the service keeps its state in Redis: a real
redis-server on a free port of 127.0.0.1, started once for the session and stopped after."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pydantic import SecretStr

from {{ cookiecutter.__package_name }}.choices import (
    StateSettings,
)

from tests.support.redis_server import (
    running_redis_server,
)


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with running_redis_server(tmp_path_factory.mktemp("redis")) as url:
        yield url


@pytest.fixture(scope="session")
def state_settings(redis_url: str) -> StateSettings:
    return StateSettings(_env_file=None, redis_url=SecretStr(redis_url))
