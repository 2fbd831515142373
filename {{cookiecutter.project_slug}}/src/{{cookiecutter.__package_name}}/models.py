"""Canonical models: what our callers see, whatever the vendor's payloads look like.

Vendor shapes live in upstream/models.py; normalize.py is the only module that knows both.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer

from .constants import RESOURCE_SCHEMA_NAME

Status = Literal["active", "inactive", "archived"]


class CanonicalModel(BaseModel):
    """The base of every canonical model: immutable once built. Each model adds its own
    OpenAPI title, and the input models forbid unknown fields."""

    model_config = ConfigDict(frozen=True)


DecimalString = Annotated[
    Decimal, PlainSerializer(lambda value: format(value, "f"), return_type=str, when_used="json")
]


class Money(CanonicalModel):
    model_config = ConfigDict(title="Money")

    value: DecimalString = Field(description="Decimal amount, as a string to keep precision.")
    currency: str = Field(pattern=r"^[A-Z]{3}$", description="ISO 4217 code, upper case.")


# What a caller sends is passed on to the vendor: no control characters (C0, DEL, C1) and
# no Unicode line or paragraph separators in any text of it.
CONTROLS = r"\x00-\x1f\x7f-\x9f\u2028\u2029"
TEXT_PATTERN = rf"^[^{CONTROLS}]*$"
EMAIL_CHARACTER = rf"[^@\s{CONTROLS}]"
EMAIL_PATTERN = (
    "^" + EMAIL_CHARACTER + "{1,64}@" + EMAIL_CHARACTER + r"+\." + EMAIL_CHARACTER + "+$"
)
Label = Annotated[str, Field(min_length=1, max_length=50, pattern=rf"^[^,{CONTROLS}]+$")]


class MoneyInput(CanonicalModel):
    model_config = ConfigDict(extra="forbid", title="MoneyInput")

    value: Decimal = Field(
        max_digits=18, decimal_places=4, ge=0, description='Decimal amount, e.g. "1250.00".'
    )
    currency: str = Field(pattern=r"^[A-Z]{3}$", description="ISO 4217 code, upper case.")


class ResourceCreate(CanonicalModel):
    """What a caller sends to create a record. Unknown fields are rejected."""

    model_config = ConfigDict(
        extra="forbid",
        title=f"{RESOURCE_SCHEMA_NAME}Create",
    )

    name: str = Field(min_length=1, max_length=200, pattern=TEXT_PATTERN)
    status: Status = "active"
    amount: MoneyInput | None = None
    email: str | None = Field(default=None, max_length=254, pattern=EMAIL_PATTERN)
    labels: list[Label] = Field(default_factory=list, max_length=20)


class Resource(CanonicalModel):
    """One record as our callers see it."""

    model_config = ConfigDict(title=RESOURCE_SCHEMA_NAME)

    id: str
    name: str
    status: Status
    amount: Money | None
    email: str | None
    labels: list[str]
    created_at: datetime
    updated_at: datetime
    version: int


class ResourcePage(CanonicalModel):
    """One page of a list; pass `next_cursor` back as `cursor` to get the next page."""

    model_config = ConfigDict(title=f"{RESOURCE_SCHEMA_NAME}Page")

    items: list[Resource]
    next_cursor: str | None = Field(
        description="Opaque cursor for the next page; null on the last page."
    )
