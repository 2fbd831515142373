"""Faults that only show their true nature over a real socket, with uvicorn on port 0."""

from collections.abc import Iterator

import httpx
import pytest

from sandbox.answers import record_in
from sandbox.app import create_app
from sandbox.config import SandboxConfig
from tests.support.records import FIRST_ID, VENDOR_ID_FIELD
from tests.support.servers import serve


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    with serve(create_app(SandboxConfig(auth_scheme="none"))) as url:
        yield url


def _queue(base_url: str, **plan: object) -> None:
    response = httpx.post(f"{base_url}/_sandbox/faults", json=plan)
    assert response.status_code == 201, response.text


def test_the_sandbox_answers_over_a_real_socket(base_url: str) -> None:
    response = httpx.get(f"{base_url}/contacts/{FIRST_ID}")

    assert response.status_code == 200
    assert str(record_in("get", response.json())[VENDOR_ID_FIELD]) == FIRST_ID


def test_connection_reset_is_a_protocol_error_for_an_httpx_client(base_url: str) -> None:
    _queue(base_url, operation="get", fault="connection_reset")

    with httpx.Client() as client, pytest.raises(httpx.RemoteProtocolError):
        client.get(f"{base_url}/contacts/{FIRST_ID}")

    assert httpx.get(f"{base_url}/contacts/{FIRST_ID}").status_code == 200


def test_trickle_trips_a_client_read_timeout(base_url: str) -> None:
    # 20 bytes/s means 50 ms between bytes, far beyond the 10 ms read timeout.
    _queue(base_url, operation="get", fault="trickle", params={"bytes_per_second": 20})

    with pytest.raises(httpx.ReadTimeout):
        httpx.get(f"{base_url}/contacts/{FIRST_ID}", timeout=httpx.Timeout(1.0, read=0.01))
