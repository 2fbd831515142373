"""Vendor-shaped records and the in-memory collections that hold them.

The shape is the vendor's own, from its OpenAPI description (spec/vendor-openapi.json):
sample_records.json holds a few records built from the spec's examples or synthesized from
its schemas (the same bytes every render). Record N of a collection is sample N (cycling
through them) under its own id, so a sandbox seeded with any number of records serves
distinct ids in the vendor's shape.
"""

import copy
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

COLLECTION_NAME = re.compile(r"^[a-z][a-z0-9_-]{0,62}$")

SHAPE: dict[str, Any] = json.loads(
    (Path(__file__).with_name("sample_records.json")).read_text(encoding="utf-8")
)
# Where the vendor's record carries its id, and how its ids look (None: integers).
ID_FIELD: str = SHAPE["id_field"]
ID_PREFIX: str | None = SHAPE["id_prefix"]
# A field whose type the service relies on: the mistyped_field fault's default.
TYPED_FIELD: str = SHAPE["typed_field"]
# The list answer's fields besides the records and the pagination's own.
LIST_FIELDS: dict[str, object] = SHAPE["list_fields"]
# The vendor's names in the list answers, by pagination style (from its spec).
LIST_NAMES: dict[str, dict[str, str | None]] = SHAPE["list_names"]
# The vendor's names of the query parameters its list requests take, by pagination style.
QUERY_NAMES: dict[str, dict[str, str | None]] = SHAPE["query_names"]
# Where the answers to a GET of a record and to a create keep the record (None: the answer
# is the record), and the answers' other fields.
ENVELOPES: dict[str, tuple[str | None, dict[str, Any]]] = {
    operation: (answer["envelope"], answer["fields"])
    for operation, answer in SHAPE["answers"].items()
}


@dataclass(frozen=True)
class Record:
    uid: str
    body: dict[str, Any]

    def to_json(self) -> dict[str, Any]:
        return copy.deepcopy(self.body)


def record_id(number: int) -> str | int:
    """The vendor's id of record ``number`` (1-based), as the vendor writes it."""
    return number if ID_PREFIX is None else f"{ID_PREFIX}{number:04d}"


def record_uid(number: int) -> str:
    return str(record_id(number))


def seed_record(number: int) -> Record:
    """Build the deterministic seed record number ``number`` (1-based)."""
    samples: list[dict[str, Any]] = SHAPE["records"]
    body = copy.deepcopy(samples[(number - 1) % len(samples)])
    body[ID_FIELD] = record_id(number)
    return Record(uid=record_uid(number), body=body)


@dataclass
class Collection:
    """One named collection: its records in creation order and its next id."""

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

    def create(self, fields: dict[str, Any], now: int) -> Record:
        """A new record: the first sample with the caller's fields, under the next id
        (`now` is the sandbox clock's time, for a record shape that keeps one)."""
        del now
        record = seed_record(self.next_number)
        body = {**record.body, **fields, ID_FIELD: record.body[ID_FIELD]}
        record = Record(uid=record.uid, body=body)
        self.by_uid[record.uid] = record
        self.next_number += 1
        return record
