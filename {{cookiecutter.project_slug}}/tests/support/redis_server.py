"""A real redis-server for tests: 127.0.0.1, a free port, no persistence, stopped after.

Reuse it from any test module: `with running_redis_server(tmp_dir) as url: ...`.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

INSTALL_HINT = "redis-server is not installed: apt-get install -y redis-server"
STARTUP_TIMEOUT_SECONDS = 5.0
STOP_TIMEOUT_SECONDS = 5.0
# Another process may take the free port before redis-server binds it.
START_ATTEMPTS = 3


def free_port() -> int:
    """A port on 127.0.0.1 that nothing listens on (at the time of asking)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def redis_server_executable() -> str:
    """The redis-server on PATH; skips the test without one (fails it on CI)."""
    executable = shutil.which("redis-server")
    if executable is None:
        if os.environ.get("CI") == "true":
            pytest.fail(INSTALL_HINT)
        pytest.skip(INSTALL_HINT)
    return executable


@contextmanager
def running_redis_server(workdir: Path) -> Iterator[str]:
    """Start redis-server in `workdir`; yield its redis:// URL; stop it on exit."""
    executable = redis_server_executable()
    log_path = workdir / "redis-server.log"
    for _ in range(START_ATTEMPTS):
        port = free_port()
        with log_path.open("ab") as log:
            process = subprocess.Popen(
                [
                    executable,
                    *("--port", str(port), "--bind", "127.0.0.1", "--dir", str(workdir)),
                    *("--save", "", "--appendonly", "no", "--daemonize", "no"),
                ],
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        try:
            if _answers_ping(process, port):
                yield f"redis://127.0.0.1:{port}/0"
                return
        finally:
            _stop(process)
    log_tail = log_path.read_text(encoding="utf-8", errors="replace")[-2000:]
    raise RuntimeError(f"redis-server did not start; its log ends with:\n{log_tail}")


def _answers_ping(process: subprocess.Popen[bytes], port: int) -> bool:
    deadline = time.monotonic() + STARTUP_TIMEOUT_SECONDS
    while process.poll() is None and time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5) as connection:
                connection.sendall(b"PING\r\n")
                if connection.recv(64).startswith(b"+PONG"):
                    return True
        except OSError:
            pass
        time.sleep(0.02)
    return False


def _stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=STOP_TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
