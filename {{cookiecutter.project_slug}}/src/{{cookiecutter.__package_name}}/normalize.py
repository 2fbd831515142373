"""Vendor models -> canonical models, and back for writes.

This is the only module that knows both shapes. When the vendor changes a field, this is
the file to edit (and tests/unit/test_normalize.py the test to extend).
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation

from .errors import ServiceError
from .models import Money, Resource, ResourceCreate, Status
from .upstream.models import VendorCreateRequest, VendorNewAttributes, VendorRecord

VENDOR_STATES: dict[str, Status] = {
    "ACTIVE": "active",
    "INACTIVE": "inactive",
    "ARCHIVED": "archived",
}
CANONICAL_STATES = {status: state for state, status in VENDOR_STATES.items()}
# An amount is written out in full in every answer ("1e-400000000" would be 400 MB of
# zeros), so a vendor amount has at most this many digits before and after the point.
MAX_AMOUNT_INTEGER_DIGITS = 18
MAX_AMOUNT_DECIMAL_PLACES = 18


def contract_violation(field: str, problem: str) -> ServiceError:
    return ServiceError(
        "UPSTREAM_CONTRACT_VIOLATION",
        "The vendor sent a record this service cannot read.",
        log_context={"vendor_field": field, "problem": problem},
    )


def to_resource(record: VendorRecord) -> Resource:
    if not record.uid:
        raise contract_violation("uid", "empty: the record could not be asked for again")
    attributes = record.attributes
    status = VENDOR_STATES.get(attributes.state)
    if status is None:
        raise contract_violation("attributes.state", "unknown state")
    return Resource(
        id=record.uid,
        name=attributes.title,
        status=status,
        amount=to_money(attributes.amount, attributes.currency),
        email=attributes.contact_email,
        labels=[label.strip() for label in attributes.labels.split(",") if label.strip()],
        created_at=to_datetime("created_ts", record.created_ts),
        updated_at=to_datetime("updated_ts", record.updated_ts),
        version=record.version,
    )


def to_money(amount: str | None, currency: str | None) -> Money | None:
    if amount is None:
        return None
    try:
        value = Decimal(amount)
    except InvalidOperation:
        raise contract_violation("attributes.amount", "not a decimal string") from None
    if not value.is_finite():
        raise contract_violation("attributes.amount", "not a finite number")
    too_long = value.adjusted() >= MAX_AMOUNT_INTEGER_DIGITS
    if too_long or decimal_places(value) > MAX_AMOUNT_DECIMAL_PLACES:
        raise contract_violation("attributes.amount", "too many digits")
    if currency is None or len(currency) != 3 or not (currency.isascii() and currency.isalpha()):
        raise contract_violation("attributes.currency", "not a three-letter currency code")
    return Money(value=value, currency=currency.upper())


def decimal_places(value: Decimal) -> int:
    """The places after the point that are not trailing zeros ("1.500" has 1, "100" none)."""
    _, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int)  # a finite Decimal's exponent is a number
    if not any(digits):
        return 0
    trailing_zeros = len(digits) - len(bytes(digits).rstrip(b"\0"))
    return max(0, -(exponent + trailing_zeros))


def to_datetime(field: str, timestamp: int) -> datetime:
    try:
        return datetime.fromtimestamp(timestamp, tz=UTC)
    except (OverflowError, OSError, ValueError):
        raise contract_violation(field, "not a time this service can represent") from None


def to_vendor_create(new: ResourceCreate) -> VendorCreateRequest:
    return VendorCreateRequest(
        attributes=VendorNewAttributes(
            title=new.name,
            state=CANONICAL_STATES[new.status],
            amount=format(new.amount.value, "f") if new.amount else None,
            currency=new.amount.currency.lower() if new.amount else None,
            contact_email=new.email,
            labels=",".join(new.labels) if new.labels else None,
        )
    )
