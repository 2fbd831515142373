"""The normalizer, seeded from the vendor's spec: the sandbox's records (the vendor's shape,
sandbox/sample_records.json) map to canonical records, a record without a field the mapping
needs is a contract violation, and a create body leaves under the vendor's names in a shape
the vendor (here, the sandbox) accepts."""

from __future__ import annotations

import json
from typing import Any

import pytest

from {package}.errors import ServiceError
from {package}.models import ResourceCreate
from {package}.normalize import to_resource, to_vendor_create
from {package}.upstream.client import parse_model, record_in
from {package}.upstream.forms import FORM_MEDIA_TYPE, form_encoded
from {package}.upstream.models import (
    CREATE_MEDIA_TYPE,
    CREATED_ENVELOPE,
    ITEM_ENVELOPE,
    VendorRecord,
)

from sandbox.answers import answer as sandbox_answer
from sandbox.new_record import read_new_record
from sandbox.records import SHAPE, seed_record
from tests.support.records import (
    CREATE_BODY,
    FIRST_RECORD,
    VENDOR_NEEDED_FIELD,
    seeded_id,
)


def answer(record: dict[str, Any]) -> object:
    """The record the client reads out of the sandbox's answer to a GET of `record` (in the
    vendor's envelope, if it has one)."""
    return record_in(sandbox_answer("get", record), ITEM_ENVELOPE)


def test_the_first_sandbox_record_becomes_the_canonical_record() -> None:
    record = to_resource(parse_model(VendorRecord, answer(seed_record(1).to_json())))

    assert record.model_dump(mode="json") == FIRST_RECORD


@pytest.mark.parametrize("number", range(1, len(SHAPE["records"]) + 1))
def test_every_sample_record_maps(number: int) -> None:
    record = to_resource(parse_model(VendorRecord, answer(seed_record(number).to_json())))

    assert record.id == seeded_id(number)


def test_a_record_without_a_field_the_mapping_needs_is_a_contract_violation() -> None:
    vendor_record = seed_record(1).to_json()
    del vendor_record[VENDOR_NEEDED_FIELD]

    with pytest.raises(ServiceError) as raised:
        to_resource(parse_model(VendorRecord, answer(vendor_record)))

    assert raised.value.code == "UPSTREAM_CONTRACT_VIOLATION"


def test_a_create_leaves_under_the_vendors_names_in_a_shape_the_vendor_takes() -> None:
    body = to_vendor_create(ResourceCreate.model_validate(CREATE_BODY)).wire_body()

    # In the media type the client sends a create in (upstream/models.py).
    form = CREATE_MEDIA_TYPE == FORM_MEDIA_TYPE
    fields = read_new_record(form_encoded(body) if form else json.dumps(body).encode("utf-8"))

    assert set(fields) <= set(SHAPE["create_fields"])
    assert sorted(fields.values(), key=repr) == sorted(
        (value for value in CREATE_BODY.values() if value is not None), key=repr
    )


@pytest.mark.parametrize(
    ("operation", "envelope"), [("get", ITEM_ENVELOPE), ("create", CREATED_ENVELOPE)]
)
def test_the_client_reads_the_record_where_the_vendor_keeps_it(
    operation: str, envelope: str | None
) -> None:
    record = seed_record(1).to_json()

    assert record_in(sandbox_answer(operation, record), envelope) == record
    if envelope is not None:
        with pytest.raises(ServiceError) as raised:
            record_in(record, envelope)
        assert raised.value.code == "UPSTREAM_CONTRACT_VIOLATION"
