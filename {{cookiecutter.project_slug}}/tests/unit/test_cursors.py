from __future__ import annotations

import pytest

from {{ cookiecutter.__package_name }}.cursors import (
    CursorCodec,
)
from {{ cookiecutter.__package_name }}.errors import (
    ServiceError,
)

codec = CursorCodec(b"unit-test-secret-0123456789")


def test_round_trip() -> None:
    params = {"page": "3", "per_page": "10"}

    assert codec.decode(codec.encode(params)) == params


@pytest.mark.parametrize(
    "cursor",
    [
        "",
        "no-dot",
        "a.b.c",
        "e30.AAAA",
        CursorCodec(b"another-secret-0123456789").encode({"page": "2"}),
        "x" * 3000,
    ],
)
def test_foreign_or_edited_cursors_are_rejected(cursor: str) -> None:
    with pytest.raises(ServiceError) as raised:
        codec.decode(cursor)

    assert raised.value.code == "VALIDATION_FAILED"
