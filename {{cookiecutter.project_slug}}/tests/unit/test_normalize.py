"""The normalizer: vendor shapes in, canonical shapes out, contract violations named."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest
from pydantic import ValidationError

from {{ cookiecutter.__package_name }}.errors import (
    ServiceError,
)
from {{ cookiecutter.__package_name }}.models import (
    ResourceCreate,
)
from {{ cookiecutter.__package_name }}.normalize import (
    to_resource,
)
from {{ cookiecutter.__package_name }}.upstream.client import (
    parse_model,
)
from {{ cookiecutter.__package_name }}.upstream.models import (
    VendorRecord,
)


def vendor_payload(**attributes: Any) -> dict[str, Any]:
    return {
        "uid": "rec_0042",
        "attributes": {
            "title": "Ada Lovelace",
            "state": "ACTIVE",
            "amount": "1250.50",
            "currency": "usd",
            "contact_email": "ada@example.com",
            "labels": "vip, emea,",
            **attributes,
        },
        "created_ts": 1_700_000_000,
        "updated_ts": 1_700_003_600,
        "version": 3,
        "internal_score": 0.42,
    }


def test_vendor_record_becomes_the_canonical_resource() -> None:
    resource = to_resource(parse_model(VendorRecord, vendor_payload()))

    assert resource.id == "rec_0042"
    assert resource.name == "Ada Lovelace"
    assert resource.status == "active"
    assert resource.amount is not None
    assert resource.amount.value == Decimal("1250.50")
    assert resource.amount.currency == "USD"
    assert resource.email == "ada@example.com"
    assert resource.labels == ["vip", "emea"]
    assert resource.created_at == datetime(2023, 11, 14, 22, 13, 20, tzinfo=UTC)
    assert resource.version == 3


@pytest.mark.parametrize(
    "amount",
    [
        "999999999999999999.999999999999999999",
        "1E+17",
        "0.000001",
        "1.000000000000000000000",  # trailing zeros are no places
        "0",
        "0E-30",
    ],
)
def test_amounts_within_the_bounds_are_kept_whole(amount: str) -> None:
    resource = to_resource(parse_model(VendorRecord, vendor_payload(amount=amount)))

    assert resource.amount is not None
    assert resource.amount.value == Decimal(amount)


@pytest.mark.parametrize("field", ["created_ts", "updated_ts"])
@pytest.mark.parametrize("timestamp", [10**12 * 1000, 10**20, -(10**15)])
def test_times_out_of_range_are_contract_violations(field: str, timestamp: int) -> None:
    payload = vendor_payload()
    payload[field] = timestamp

    with pytest.raises(ServiceError) as raised:
        to_resource(parse_model(VendorRecord, payload))

    assert raised.value.code == "UPSTREAM_CONTRACT_VIOLATION"
    assert raised.value.log_context["vendor_field"] == field


def test_amount_keeps_its_precision_in_json() -> None:
    resource = to_resource(parse_model(VendorRecord, vendor_payload(amount="0.10")))

    assert resource.model_dump(mode="json")["amount"] == {"value": "0.10", "currency": "USD"}


def test_nullable_fields_stay_null() -> None:
    payload = vendor_payload(amount=None, contact_email=None, labels="")

    resource = to_resource(parse_model(VendorRecord, payload))

    assert resource.amount is None
    assert resource.email is None
    assert resource.labels == []


@pytest.mark.parametrize(
    ("attributes", "field"),
    [
        ({"state": "DELETED"}, "attributes.state"),
        ({"amount": "twelve"}, "attributes.amount"),
        ({"amount": "NaN"}, "attributes.amount"),
        # Written out in full, these would be 400 MB and 50 MB of digits in an answer.
        ({"amount": "1e-400000000"}, "attributes.amount"),
        ({"amount": "1e50000000"}, "attributes.amount"),
        ({"amount": "0.0000000000000000001"}, "attributes.amount"),
        ({"amount": "1000000000000000000"}, "attributes.amount"),
        ({"amount": "1.0000000000000000001"}, "attributes.amount"),
        ({"currency": None}, "attributes.currency"),
        ({"currency": "\u00e9\u00e8\u00e0"}, "attributes.currency"),  # letters, not A-Z
        ({"currency": "\u00dfab"}, "attributes.currency"),  # "SSAB" once upper-cased
    ],
)
def test_unreadable_values_are_contract_violations(attributes: dict[str, Any], field: str) -> None:
    with pytest.raises(ServiceError) as raised:
        to_resource(parse_model(VendorRecord, vendor_payload(**attributes)))

    assert raised.value.code == "UPSTREAM_CONTRACT_VIOLATION"
    assert raised.value.log_context["vendor_field"] == field


def test_an_empty_id_is_a_contract_violation() -> None:
    payload = vendor_payload()
    payload["uid"] = ""

    with pytest.raises(ServiceError) as raised:
        to_resource(parse_model(VendorRecord, payload))

    assert raised.value.log_context["vendor_field"] == "uid"


@pytest.mark.parametrize("missing", ["uid", "created_ts", "attributes"])
def test_missing_required_fields_are_contract_violations(missing: str) -> None:
    payload = vendor_payload()
    del payload[missing]

    with pytest.raises(ServiceError) as raised:
        parse_model(VendorRecord, payload)

    assert raised.value.code == "UPSTREAM_CONTRACT_VIOLATION"
    assert missing in str(raised.value.log_context["vendor_fields"])


def test_mistyped_fields_are_contract_violations() -> None:
    payload = vendor_payload()
    payload["created_ts"] = "yesterday"

    with pytest.raises(ServiceError) as raised:
        parse_model(VendorRecord, payload)

    assert raised.value.code == "UPSTREAM_CONTRACT_VIOLATION"
    assert "created_ts" in str(raised.value.log_context["vendor_fields"])


def create_body(field: str, text: str) -> dict[str, object]:
    """A create body whose `field` holds `text`."""
    values: dict[str, object] = {"name": text, "email": f"{text}@example.com", "labels": [text]}
    return {"name": "Ada Lovelace", field: values[field]}


@pytest.mark.parametrize("control", ["\x00", "\n", "\r", "\x7f", "\x85", "\u2028"])
@pytest.mark.parametrize("field", ["name", "email", "labels"])
def test_what_a_caller_sends_on_to_the_vendor_holds_no_control_characters(
    field: str, control: str
) -> None:
    ResourceCreate.model_validate(create_body(field, "ada"))
    with pytest.raises(ValidationError):
        ResourceCreate.model_validate(create_body(field, f"a{control}da"))
