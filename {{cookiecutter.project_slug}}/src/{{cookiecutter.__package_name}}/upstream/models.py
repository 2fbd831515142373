"""The vendor's payloads as the vendor sends them: its names, its encodings, its nesting.

Unknown extra fields are ignored (vendors add fields without notice); a missing or mistyped
field we rely on fails validation, which the client reports as UPSTREAM_CONTRACT_VIOLATION.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

# Where the vendor's answers to a GET of a record and to a create keep the record: in a
# field of the answer, or the answer itself (None, as here). Listed records come bare.
ITEM_ENVELOPE: str | None = None
CREATED_ENVELOPE: str | None = None
# The media type the vendor takes a create in: JSON, or a form (upstream/forms.py).
CREATE_MEDIA_TYPE = "application/json"


class VendorModel(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True, strict=True)


class VendorAttributes(VendorModel):
    title: str
    state: str
    amount: str | None = None
    currency: str | None = None
    contact_email: str | None = None
    labels: str = ""


class VendorRecord(VendorModel):
    uid: str
    attributes: VendorAttributes
    created_ts: int
    updated_ts: int
    version: int


class VendorNewAttributes(VendorModel):
    """What the vendor expects when a record is created."""

    title: str
    state: str | None = None
    amount: str | None = None
    currency: str | None = None
    contact_email: str | None = None
    labels: str | None = None


class VendorCreateRequest(VendorModel):
    attributes: VendorNewAttributes

    def wire_body(self) -> dict[str, object]:
        """The JSON body, without the attributes we leave to the vendor's defaults."""
        return {"attributes": self.attributes.model_dump(mode="json", exclude_none=True)}
