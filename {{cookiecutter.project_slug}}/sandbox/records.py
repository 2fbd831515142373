"""Vendor-shaped records and the in-memory collections that hold them.

The shape is deliberately different from the service's canonical model
(uid, nested attributes, unix timestamps, amounts as strings, comma-separated
labels, an extra internal_score) so that the service's mapping code is exercised.
"""

import re
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import Any, Literal

RecordState = Literal["ACTIVE", "INACTIVE", "ARCHIVED"]

COLLECTION_NAME = re.compile(r"^[a-z][a-z0-9_-]{0,62}$")

_SEED_STATES: tuple[RecordState, ...] = ("ACTIVE", "INACTIVE", "ARCHIVED")
_SEED_CURRENCIES = ("usd", "eur", "gbp")
_SEED_LABELS = ("vip,emea", "", "smb", "vip", "amer,partner")
_SEED_EPOCH = 1_700_000_000
_CREATED_SCORE = 0.5
# Where a record carries its id, and a field whose type the service relies on: what the
# missing_field and mistyped_field faults break unless told otherwise.
ID_FIELD = "uid"
TYPED_FIELD = "created_ts"
# The list answer's fields besides the records and the pagination's own (none here).
LIST_FIELDS: dict[str, object] = {}
# The vendor's names in the list answers of a pagination style, where they are not the
# sandbox's own (sandbox/pagination.py, TEMPLATE_NAMES): none here.
LIST_NAMES: dict[str, dict[str, str | None]] = {}
# The vendor's names of the query parameters of a style's requests, likewise: none here.
QUERY_NAMES: dict[str, dict[str, str | None]] = {}
# Where the answers to a GET of a record and to a create keep the record (None: the answer
# is the record, as here), and the answers' other fields.
ENVELOPES: dict[str, tuple[str | None, dict[str, Any]]] = {"get": (None, {}), "create": (None, {})}


@dataclass(frozen=True)
class RecordAttributes:
    title: str
    state: RecordState
    amount: str
    currency: str
    contact_email: str | None
    labels: str


@dataclass(frozen=True)
class Record:
    uid: str
    attributes: RecordAttributes
    created_ts: int
    updated_ts: int
    version: int
    internal_score: float

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def record_uid(number: int) -> str:
    return f"rec_{number:04d}"


def seed_record(number: int) -> Record:
    """Build the deterministic seed record number ``number`` (1-based)."""
    index = number - 1
    created_ts = _SEED_EPOCH + index * 86_400
    return Record(
        uid=record_uid(number),
        attributes=RecordAttributes(
            title=f"Record {number}",
            state=_SEED_STATES[index % len(_SEED_STATES)],
            amount=str(Decimal(1250 * number) + Decimal("0.25") * (index % 4)),
            currency=_SEED_CURRENCIES[index % len(_SEED_CURRENCIES)],
            contact_email=None if number % 5 == 0 else f"person{number}@example.com",
            labels=_SEED_LABELS[index % len(_SEED_LABELS)],
        ),
        created_ts=created_ts,
        updated_ts=created_ts + 3_600 * (index % 5 + 1),
        version=index % 3 + 1,
        internal_score=(number * 41 + 1) % 100 / 100,
    )


@dataclass
class Collection:
    """One named collection: its records in creation order and its next uid."""

    by_uid: dict[str, Record] = field(default_factory=dict)
    next_number: int = 1

    @classmethod
    def seeded(cls, count: int) -> "Collection":
        collection = cls()
        for number in range(1, count + 1):
            collection.by_uid[record_uid(number)] = seed_record(number)
        collection.next_number = count + 1
        return collection

    def get(self, uid: str) -> Record | None:
        return self.by_uid.get(uid)

    def ordered(self) -> list[Record]:
        return list(self.by_uid.values())

    def create(self, attributes: RecordAttributes, now: int) -> Record:
        record = Record(
            uid=record_uid(self.next_number),
            attributes=attributes,
            created_ts=now,
            updated_ts=now,
            version=1,
            internal_score=_CREATED_SCORE,
        )
        self.by_uid[record.uid] = record
        self.next_number += 1
        return record
