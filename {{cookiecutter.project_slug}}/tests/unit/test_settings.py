from __future__ import annotations

import pytest
from pydantic import SecretStr, ValidationError

from {{ cookiecutter.__package_name }}.settings import (
    Settings,
)


def test_production_refuses_the_sandbox() -> None:
    with pytest.raises(ValidationError, match="production mode refuses"):
        Settings(
            _env_file=None,
            app_env="production",
            vendor_base_url="http://127.0.0.1:8081",
            cursor_secret=SecretStr("sandbox-cursor-secret-0123456789"),
        )


@pytest.mark.parametrize(
    "url",
    ["ftp://vendor.test", "https://user:pw@vendor.test", "https://vendor.test/?a=1", "nohost"],
)
def test_vendor_base_url_must_be_a_plain_http_url(url: str) -> None:
    with pytest.raises(ValidationError, match="vendor_base_url"):
        Settings(
            _env_file=None,
            app_env="development",
            vendor_base_url=url,
            cursor_secret=SecretStr("x" * 32),
        )
