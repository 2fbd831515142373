"""Validation of the POST /{collection} body."""

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from sandbox.records import RecordAttributes


class NewRecordAttributes(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    title: str = Field(min_length=1, max_length=200)
    state: Literal["ACTIVE", "INACTIVE", "ARCHIVED"] = "ACTIVE"
    amount: str = Field(default="0.00", pattern=r"^-?\d+(\.\d+)?$")
    currency: str = Field(default="usd", pattern=r"^[a-z]{3}$")
    contact_email: str | None = Field(default=None, max_length=254)
    labels: str = Field(default="", max_length=1000)

    def to_record_attributes(self) -> RecordAttributes:
        return RecordAttributes(**self.model_dump())


class NewRecordRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    attributes: NewRecordAttributes


def read_new_record(raw_body: bytes) -> RecordAttributes:
    """The new record's attributes; raises pydantic's ValidationError."""
    return NewRecordRequest.model_validate_json(raw_body).attributes.to_record_attributes()
