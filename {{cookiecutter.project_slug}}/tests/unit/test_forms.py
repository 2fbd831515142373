"""A vendor that takes its creates as a form (upstream/models.py's CREATE_MEDIA_TYPE) gets
Stripe's bracketed keys for nested fields, and the vendor client sends the form, not JSON."""

from __future__ import annotations

from urllib.parse import parse_qsl

import httpx
import pytest

from {{ cookiecutter.__package_name }}.errors import ServiceError
from {{ cookiecutter.__package_name }}.models import ResourceCreate
from {{ cookiecutter.__package_name }}.normalize import to_vendor_create
from {{ cookiecutter.__package_name }}.resilience import ResilienceSettings, build_pipeline
from {{ cookiecutter.__package_name }}.upstream import client as client_module
from {{ cookiecutter.__package_name }}.upstream.forms import FORM_MEDIA_TYPE, form_encoded, form_pairs

from tests.support.records import NEW_RECORD


def test_nested_fields_get_bracketed_keys_and_absent_ones_are_left_out() -> None:
    body = {"name": "Ada", "active": True, "metadata": {"plan": "pro"}, "tags": ["a", "b"]}

    pairs = form_pairs({**body, "description": None})

    assert pairs == [
        ("name", "Ada"),
        ("active", "true"),
        ("metadata[plan]", "pro"),
        ("tags[0]", "a"),
        ("tags[1]", "b"),
    ]
    assert parse_qsl(form_encoded(body).decode("ascii")) == pairs


@pytest.mark.anyio
async def test_the_client_sends_a_create_as_a_form_when_the_vendor_takes_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    sent: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(400, json={"error": {"type": "stop_here"}})

    monkeypatch.setattr(client_module, "CREATE_MEDIA_TYPE", FORM_MEDIA_TYPE)
    timeouts = client_module.VendorTimeouts(connect=2, read=2, write=2, pool=2)
    transport = httpx.MockTransport(answer)
    http = client_module.build_http_client(
        "http://vendor.test", httpx.Auth(), timeouts, 5, transport
    )
    pipeline = build_pipeline(ResilienceSettings(_env_file=None), "memory://")
    vendor = client_module.VendorClient(http, "/records", pipeline, 1024)
    body = to_vendor_create(ResourceCreate.model_validate(NEW_RECORD))

    async with http:
        with pytest.raises(ServiceError):
            await vendor.create_record(body, None)

    (request,) = sent
    assert request.headers["Content-Type"] == FORM_MEDIA_TYPE
    assert request.content == form_encoded(body.wire_body())
