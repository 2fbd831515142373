"""The server's limits, on the service as production runs it (server.serve, in a child
process): a caller that never finishes its request costs bounded memory and time."""

from __future__ import annotations

import dataclasses
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from {{ cookiecutter.__package_name }}.choices import (
    StateSettings,
)
from {{ cookiecutter.__package_name }}.constants import (
    READ_SCOPE,
    RESOURCE_PLURAL,
    WRITE_SCOPE,
)
from {{ cookiecutter.__package_name }}.server import (
    ServerSettings,
)

from tests.conftest import service_config
from tests.support.inbound_{{ cookiecutter.inbound_auth }} import (
    CallerCredentials,
)
from tests.support.records import FIRST_ID, TEXT_FIELD
from tests.support.served_process import served_process, tree_rss_bytes

MAX_HEAD_BYTES = ServerSettings.model_fields["max_head_bytes"].default
HEADER_READ_TIMEOUT = 1.0
BODY_READ_TIMEOUT = 1.0
RSS_ALLOWANCE = 20 * 1024 * 1024
# A timeout is kept if the connection closes within this much of it (a shared CI machine).
SLACK_SECONDS = 2.0


@pytest.fixture(scope="module")
def server(
    sandbox_url: str,
    credentials: CallerCredentials,
    state_settings: StateSettings,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[str, int]]:
    workdir: Path = tmp_path_factory.mktemp("served")
    limits = {
        "SERVER_HEADER_READ_TIMEOUT": str(HEADER_READ_TIMEOUT),
        "SERVER_BODY_READ_TIMEOUT": str(BODY_READ_TIMEOUT),
    }
    # The server reads its limits from the environment, the app from its config: the same.
    server_settings = ServerSettings(
        _env_file=None,
        header_read_timeout=HEADER_READ_TIMEOUT,
        body_read_timeout=BODY_READ_TIMEOUT,
    )
    config = dataclasses.replace(
        service_config(sandbox_url, credentials, state_settings), server=server_settings
    )
    with served_process(config, workdir, limits) as served:
        yield served


def connect(base_url: str) -> socket.socket:
    host, port = base_url.removeprefix("http://").split(":")
    return socket.create_connection((host, int(port)), timeout=10)


def read_all(connection: socket.socket) -> bytes:
    """Everything the server sends until it closes the connection."""
    received = b""
    while chunk := connection.recv(65536):
        received += chunk
    return received


def get_record(base_url: str, credentials: CallerCredentials) -> httpx.Response:
    return httpx.get(
        f"{base_url}/v1/{RESOURCE_PLURAL}/{FIRST_ID}",
        headers=credentials.headers(READ_SCOPE),
        timeout=10,
    )


def test_a_head_over_the_limit_gets_431_and_the_connection_closed(
    server: tuple[str, int],
) -> None:
    with connect(server[0]) as connection:
        connection.sendall(b"GET /healthz HTTP/1.1\r\nHost: service\r\nX-Big: ")
        connection.sendall(b"a" * (MAX_HEAD_BYTES + 1) + b"\r\n\r\n")
        answer = read_all(connection)
    assert answer.startswith(b"HTTP/1.1 431 ")


def test_a_head_under_the_limit_is_served(server: tuple[str, int]) -> None:
    response = httpx.get(f"{server[0]}/healthz", headers={"X-Big": "a" * (MAX_HEAD_BYTES // 2)})
    assert response.status_code == 200


def test_a_never_ending_header_costs_bounded_memory_while_others_are_served(
    server: tuple[str, int], credentials: CallerCredentials
) -> None:
    base_url, pid = server
    assert get_record(base_url, credentials).status_code == 200  # warm
    before = tree_rss_bytes(pid)
    peak = before
    stop = threading.Event()
    sent = 0

    def endless_header() -> None:
        nonlocal sent
        with connect(base_url) as connection:
            connection.sendall(b"GET /healthz HTTP/1.1\r\nHost: service\r\nX-Endless: ")
            try:
                while not stop.is_set():
                    connection.sendall(b"a" * 65536)
                    sent += 65536
            except OSError:
                pass  # the server closed it: the point of the test

    sender = threading.Thread(target=endless_header, daemon=True)
    sender.start()
    started = time.monotonic()
    while time.monotonic() - started < 3 and sender.is_alive():
        peak = max(peak, tree_rss_bytes(pid))
        time.sleep(0.05)
    response = get_record(base_url, credentials)
    stop.set()
    sender.join(timeout=10)
    peak = max(peak, tree_rss_bytes(pid))
    assert response.status_code == 200
    assert not sender.is_alive(), "the endless header was still being accepted"
    assert sent < 16 * 1024 * 1024, f"the server took {sent} bytes of one header"
    assert peak - before <= RSS_ALLOWANCE, f"RSS grew by {(peak - before) / 2**20:.1f} MB"


def test_a_head_that_never_completes_is_closed_after_the_header_timeout(
    server: tuple[str, int],
) -> None:
    connections = [connect(server[0]) for _ in range(50)]
    started = time.monotonic()
    try:
        for connection in connections:
            connection.sendall(b"GET /healthz HTTP/1.1\r\nHost: service\r\n")
        for connection in connections:
            read_all(connection)
    finally:
        for connection in connections:
            connection.close()
    assert time.monotonic() - started <= HEADER_READ_TIMEOUT + SLACK_SECONDS


def test_an_idle_connection_is_closed_after_the_header_timeout(
    server: tuple[str, int],
) -> None:
    with connect(server[0]) as connection:
        started = time.monotonic()
        assert read_all(connection) == b""
    assert time.monotonic() - started <= HEADER_READ_TIMEOUT + SLACK_SECONDS


def test_a_body_shorter_than_its_content_length_gets_408(
    server: tuple[str, int], credentials: CallerCredentials
) -> None:
    headers = credentials.headers(WRITE_SCOPE)
    head = (
        f"POST /v1/{RESOURCE_PLURAL} HTTP/1.1\r\nHost: service\r\n"
        "Content-Type: application/json\r\nContent-Length: 100\r\n"
        + "".join(f"{name}: {value}\r\n" for name, value in headers.items())
        + "\r\n"
    )
    with connect(server[0]) as connection:
        started = time.monotonic()
        connection.sendall(head.encode() + b'{"' + TEXT_FIELD.encode() + b'": ')
        answer = connection.recv(65536)
    assert time.monotonic() - started <= BODY_READ_TIMEOUT + SLACK_SECONDS
    assert answer.startswith(b"HTTP/1.1 408 ")
    assert b'"code":"REQUEST_TIMEOUT"' in answer


def test_connections_beyond_the_cap_wait_instead_of_being_served(
    sandbox_url: str,
    credentials: CallerCredentials,
    state_settings: StateSettings,
    tmp_path: Path,
) -> None:
    """With a cap of one, a connection that never completes its request holds the only
    slot until the header timeout closes it; a second caller is served only then."""
    limits = {
        "SERVER_MAX_CONCURRENT_REQUESTS": "1",
        "SERVER_HEADER_READ_TIMEOUT": str(HEADER_READ_TIMEOUT),
    }
    config = dataclasses.replace(
        service_config(sandbox_url, credentials, state_settings),
        server=ServerSettings(_env_file=None, max_concurrent_requests=1),
    )
    with served_process(config, tmp_path, limits) as (base_url, _):
        assert httpx.get(f"{base_url}/healthz").status_code == 200  # the slot is free
        with connect(base_url) as stuck:
            stuck.sendall(b"GET /healthz HTTP/1.1\r\nHost: service\r\n")  # never ends
            time.sleep(0.2)
            started = time.monotonic()
            waited = httpx.get(f"{base_url}/healthz", timeout=10)
            elapsed = time.monotonic() - started
    assert waited.status_code == 200
    assert elapsed >= HEADER_READ_TIMEOUT / 2, f"served after {elapsed:.2f} s: no cap"
    assert elapsed <= HEADER_READ_TIMEOUT + SLACK_SECONDS
