"""Cursors against a caller who edits them: a tag is bound to its own body, only the
base64url spelling is accepted, and every cursor round-trips."""

from __future__ import annotations

import pytest

from {{ cookiecutter.__package_name }}.cursors import (
    CursorCodec,
)
from {{ cookiecutter.__package_name }}.errors import (
    ServiceError,
)

SECRET = b"unit-test-secret-0123456789"
NOW = 1_800_000_000.0


def codec() -> CursorCodec:
    return CursorCodec([SECRET], "project-a", "cursor", 3600.0, clock=lambda: NOW)


def refused(cursor: str) -> ServiceError:
    with pytest.raises(ServiceError) as raised:
        codec().decode(cursor)
    return raised.value


def test_a_codec_without_a_secret_is_refused_with_a_reason() -> None:
    with pytest.raises(ValueError, match="secret"):
        CursorCodec([], "project-a", "cursor")


def test_a_tag_does_not_vouch_for_another_cursors_body() -> None:
    body_a, _ = codec().encode({"after": "a"}).split(".")
    _, tag_b = codec().encode({"after": "b"}).split(".")

    assert refused(f"{body_a}.{tag_b}").code == "VALIDATION_FAILED"


def cursor_containing(character: str) -> str:
    for n in range(10_000):
        cursor = codec().encode({"after": f"value-{n}"})
        if character in cursor:
            return cursor
    raise AssertionError(f"no cursor with {character!r} found")


@pytest.mark.parametrize(("urlsafe", "standard"), [("-", "+"), ("_", "/")])
def test_only_the_base64url_spelling_of_a_cursor_is_accepted(urlsafe: str, standard: str) -> None:
    cursor = cursor_containing(urlsafe)
    assert codec().decode(cursor)

    error = refused(cursor.replace(urlsafe, standard))

    assert error.code == "VALIDATION_FAILED"
    assert [(e.location, e.name) for e in error.field_errors] == [("query", "cursor")]
    assert error.detail
    assert error.detail != error.spec.explanation


def test_every_cursor_round_trips_whatever_its_base64_ends_with() -> None:
    for n in range(600):
        params = {"after": f"v{n}", "size": str(n % 7)}
        assert codec().decode(codec().encode(params)) == params
