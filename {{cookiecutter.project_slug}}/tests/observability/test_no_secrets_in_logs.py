"""Secrets and personal data sent through every path never reach the logs."""

from __future__ import annotations

import json
import logging
import uuid

import httpx
import pytest
import structlog

from {{ cookiecutter.__package_name }}.app import (
    create_app,
)
from {{ cookiecutter.__package_name }}.choices import (
    StateSettings,
)
from {{ cookiecutter.__package_name }}.constants import (
    DATA_CLASSIFICATION,
    READ_SCOPE,
    VENDOR_AUTH_SCHEME,
    WRITE_SCOPE,
)
from {{ cookiecutter.__package_name }}.observability.redaction import (
    REDACTED,
)

from tests.observability.harness import (
    CALLER_BAD_TOKEN,
    CALLER_COOKIE,
    CURSOR_SECRET,
    PATH,
    PERSONAL_DATA,
    PII_EMAIL,
    PII_NAME,
    ROUTE,
    SECRETS,
    FakeVendor,
    events,
    log_lines,
    sentinel_config,
)
from tests.support.inbound_{{ cookiecutter.inbound_auth }} import (
    CallerCredentials,
)
from tests.support.records import NEW_RECORD, TEXT_FIELD, VENDOR_NEEDED_FIELD
from tests.support.servers import serve

REQUEST_ID = "no-secrets-every-path"


def test_no_secret_or_personal_value_reaches_the_logs(
    capsys: pytest.CaptureFixture[str],
    credentials: CallerCredentials,
    state_settings: StateSettings,
) -> None:
    vendor = FakeVendor()
    app = create_app(sentinel_config(credentials, state_settings), vendor.transport())
    caller_headers = {
        **credentials.headers(READ_SCOPE, WRITE_SCOPE),
        "X-Request-ID": REQUEST_ID,
        "Cookie": f"session={CALLER_COOKIE}",
    }
    caller_token = caller_headers["Authorization"].removeprefix("Bearer ")
    new_record = {**NEW_RECORD, TEXT_FIELD: PII_NAME}
    capsys.readouterr()

    with serve(app) as url, httpx.Client(base_url=url, headers=caller_headers) as client:
        statuses = {
            "ok": client.get(f"{PATH}/rec_ok").status_code,
            "retried": client.get(f"{PATH}/rec_flaky").status_code,
            "contract": client.get(f"{PATH}/rec_odd").status_code,
            "rejected": client.get(f"{PATH}/rec_rejected").status_code,
            "crash": client.get(f"{PATH}/rec_crash").status_code,
            "create": client.post(
                PATH, json=new_record, headers={"Idempotency-Key": str(uuid.uuid4())}
            ).status_code,
            "invalid": client.post(PATH, json={**new_record, "extra": PII_EMAIL}).status_code,
            "bad token": client.get(
                f"{PATH}/rec_ok", headers={"Authorization": f"Bearer {CALLER_BAD_TOKEN}"}
            ).status_code,
        }
    output = capsys.readouterr().err

    expected = {"ok": 200, "retried": 200, "contract": 502, "rejected": 502, "crash": 500}
    assert statuses == {**expected, "create": 201, "invalid": 422, "bad token": 401}
    for sentinel in (*SECRETS, *PERSONAL_DATA, caller_token, *vendor.seen_credentials):
        assert sentinel not in output, sentinel
    # Each path was logged, so the absence above means redaction, not silence. Only this
    # test's lines count: a server thread of an earlier test may log a line late.
    lines = [line for line in log_lines(output) if line.get("request_id") == REQUEST_ID]
    assert len(events(lines, "request")) == len(statuses)
    contract = [line for line in events(lines, "request") if line["status"] == 502]
    assert {line["error_code"] for line in contract} == {
        "UPSTREAM_CONTRACT_VIOLATION",
        "UPSTREAM_REJECTED",
    }
    assert any(VENDOR_NEEDED_FIELD in json.dumps(line["error_context"]) for line in contract)
    (crash,) = events(lines, "unhandled exception")
    assert crash["route"] == ROUTE
    assert "RuntimeError: transport bug" in crash["exception"]
    if VENDOR_AUTH_SCHEME != "none":  # the vendor credential in the headers was scrubbed
        assert "[REDACTED]" in crash["exception"]
    assert len(events(lines, "vendor attempt")) >= 6


def test_personal_fields_are_redacted_by_key_in_confidential_projects(
    capsys: pytest.CaptureFixture[str],
    credentials: CallerCredentials,
    state_settings: StateSettings,
) -> None:
    create_app(sentinel_config(credentials, state_settings))
    capsys.readouterr()

    structlog.stdlib.get_logger("test").info(
        "with personal data", record={"items": [{"contact_email": PII_EMAIL}], "name": PII_NAME}
    )
    logging.getLogger("some.library").warning("stdlib line", extra={"email": PII_EMAIL})
    output = capsys.readouterr().err

    lines = log_lines(output)
    assert [line["event"] for line in lines] == ["with personal data", "stdlib line"]
    confidential = DATA_CLASSIFICATION == "confidential_pii"
    assert (PII_EMAIL in output, PII_NAME in output) == (not confidential, not confidential)


def test_a_configured_secret_in_free_text_is_hidden_by_its_value(
    capsys: pytest.CaptureFixture[str],
    credentials: CallerCredentials,
    state_settings: StateSettings,
) -> None:
    config = sentinel_config(credentials, state_settings)
    configured = [*config.vendor_auth.secret_values(), CURSOR_SECRET]
    create_app(config)
    capsys.readouterr()

    # No key name, scheme or URL next to the value: only the configured secrets find it.
    for secret in configured:
        structlog.stdlib.get_logger("test").warning(f"the vendor echoed {secret} back")
        logging.getLogger("some.library").warning("retrying after %s", secret)
    output = capsys.readouterr().err

    lines = log_lines(output)
    assert len(lines) == 2 * len(configured)
    for secret in configured:
        assert secret not in output, secret
    assert all(REDACTED in line["event"] for line in lines)
