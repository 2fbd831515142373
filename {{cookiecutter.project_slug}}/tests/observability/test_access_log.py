"""One access line per request: route template, outcome, timing and the vendor's share."""

from __future__ import annotations

import json

import pytest
import structlog

from {{ cookiecutter.__package_name }}.app import (
    create_app,
)
from {{ cookiecutter.__package_name }}.choices import (
    StateSettings,
)
from {{ cookiecutter.__package_name }}.constants import (
    READ_SCOPE,
)

from tests.observability.harness import (
    PATH,
    ROUTE,
    FakeVendor,
    events,
    in_process,
    log_lines,
    sentinel_config,
)
from tests.support.inbound_{{ cookiecutter.inbound_auth }} import (
    CallerCredentials,
)

REQUEST_ID = "req-0123456789"
UNKNOWN_PATH_REQUEST_ID = "req-unknown-path"


@pytest.mark.anyio
async def test_access_lines_name_the_route_template_and_the_vendor_attempts(
    capsys: pytest.CaptureFixture[str],
    credentials: CallerCredentials,
    state_settings: StateSettings,
) -> None:
    app = create_app(sentinel_config(credentials, state_settings), FakeVendor().transport())
    headers = {**credentials.headers(READ_SCOPE), "X-Request-ID": REQUEST_ID}
    unknown_path = {"X-Request-ID": UNKNOWN_PATH_REQUEST_ID}

    capsys.readouterr()
    async with in_process(app) as client:
        statuses = [
            (await client.get(f"{PATH}/rec_flaky", headers=headers)).status_code,
            (await client.get("/no/such/path/rec_flaky", headers=unknown_path)).status_code,
        ]
    assert statuses == [200, 404]

    # Only this test's lines: a server thread of an earlier test may log a line late.
    ours = {REQUEST_ID, UNKNOWN_PATH_REQUEST_ID}
    lines = [line for line in log_lines(capsys.readouterr().err) if line.get("request_id") in ours]
    retried, unknown = events(lines, "request")
    assert retried["request_id"] == REQUEST_ID
    assert (retried["route"], retried["method"], retried["status"]) == (ROUTE, "GET", 200)
    assert retried["error_code"] is None
    assert (retried["vendor_calls"], retried["vendor_attempts"]) == (1, 2)
    assert 0 < retried["vendor_ms"] <= retried["duration_ms"]
    # Token requests (OAuth2 vendor auth) are attempts too; these are the record's.
    attempts = [line for line in events(lines, "vendor attempt") if "rec_flaky" in line["url"]]
    assert [line["status"] for line in attempts] == [503, 200]
    assert {line["request_id"] for line in attempts} == {REQUEST_ID}
    assert (unknown["route"], unknown["status"], unknown["error_code"]) == (
        "unmatched",
        404,
        "NOT_FOUND",
    )


def test_development_logs_are_console_lines_not_json(
    capsys: pytest.CaptureFixture[str],
    credentials: CallerCredentials,
    state_settings: StateSettings,
) -> None:
    create_app(sentinel_config(credentials, state_settings, app_env="development"))
    capsys.readouterr()

    structlog.stdlib.get_logger("test").info("readable", answer=42)

    (line,) = capsys.readouterr().err.splitlines()
    assert "readable" in line
    assert "answer=42" in line
    with pytest.raises(ValueError):
        json.loads(line)
