"""What a record of this project looks like, for the tests that need one without being
about its fields: ids the sandbox serves, create bodies the service accepts, the record a
caller gets for the sandbox's first record, and vendor fields a fault can break.

These are the template's placeholder (Acme) values; a project generated from a vendor's
spec gets this file written from the spec, so the same tests run on the vendor's shape."""

from typing import Any

FIRST_ID = "rec_0001"
SECOND_ID = "rec_0002"
UNKNOWN_ID = "rec_9999"


def seeded_id(number: int) -> str:
    """The id of the sandbox's seeded record `number` (1-based)."""
    return f"rec_{number:04d}"


def record_number(record_id: str) -> int:
    """The number of a record the sandbox made (`seeded_id`'s inverse)."""
    return int(record_id.removeprefix("rec_"))


# A create body the vendor (the sandbox) accepts, in the vendor's shape.
VENDOR_NEW_RECORD: dict[str, Any] = {"attributes": {"title": "New"}}
# A create body the service accepts, another one, and a free-text field of it.
NEW_RECORD: dict[str, Any] = {"name": "Example record", "status": "active"}
OTHER_NEW_RECORD: dict[str, Any] = {"name": "Someone else", "status": "active"}
TEXT_FIELD = "name"
# A field of the create body and a value of the wrong type for it.
INVALID_FIELD: tuple[str, object] = ("email", "not-an-email")
# A create body with every field, and one change to each field: every one must give
# another idempotency fingerprint.
CREATE_BODY: dict[str, object] = {
    "name": "Grace Hopper",
    "status": "active",
    "amount": {"value": "99.50", "currency": "EUR"},
    "email": "grace@example.com",
    "labels": ["navy", "cobol"],
}
CHANGED_FIELDS: list[dict[str, object]] = [
    {"name": "Grace Brewster Hopper"},
    {"status": "inactive"},
    {"amount": {"value": "99.51", "currency": "EUR"}},
    {"amount": {"value": "99.50", "currency": "USD"}},
    {"amount": None},
    {"email": "grace@example.org"},
    {"labels": ["cobol", "navy"]},
    {"labels": []},
]
# The sandbox's first record as a caller sees it.
FIRST_RECORD: dict[str, Any] = {
    "id": "rec_0001",
    "name": "Record 1",
    "status": "active",
    "amount": {"value": "1250.00", "currency": "USD"},
    "email": "person1@example.com",
    "labels": ["vip", "emea"],
    "created_at": "2023-11-14T22:13:20Z",
    "updated_at": "2023-11-14T23:13:20Z",
    "version": 1,
}
# The vendor's id field, a field the mapping needs and one whose type it relies on.
VENDOR_ID_FIELD = "uid"
VENDOR_NEEDED_FIELD = "attributes.title"
VENDOR_MISTYPED_FIELD = "created_ts"
# Fields of the vendor's record that may carry personal data: a text and an email address.
VENDOR_TEXT_FIELD = "attributes.title"
VENDOR_EMAIL_FIELD: str | None = "attributes.contact_email"


def vendor_answer(record_id: str) -> dict[str, Any]:
    """The vendor's answer to a GET of a record, under `record_id` (where the vendor's ids
    are text; the record's own otherwise)."""
    return {
        "uid": record_id,
        "attributes": {"title": "Record", "state": "ACTIVE", "labels": "a,b"},
        "created_ts": 1_700_000_000,
        "updated_ts": 1_700_000_000,
        "version": 1,
    }


def vendor_create(body: dict[str, Any]) -> dict[str, Any]:
    """httpx's arguments that send `body` to the vendor as it takes a create: as JSON."""
    return {"json": body}
