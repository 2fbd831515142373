from __future__ import annotations

import pytest
from pydantic import SecretStr, ValidationError

from {{ cookiecutter.__package_name }}.settings import (
    Settings,
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
