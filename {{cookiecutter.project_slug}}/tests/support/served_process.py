"""The service as production runs it (server.serve: granian, its limits) in a child process.

The app is built in the worker from a pickled AppConfig (tests.support.pickled_app), so
tests can point it at the sandbox with their own credentials; the server's own settings
come from the environment (SERVER_*), as in production.
"""

from __future__ import annotations

import os
import pickle
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from {{ cookiecutter.__package_name }}.app import (
    AppConfig,
)

PROJECT_ROOT = Path(__file__).resolve().parents[2]
STARTUP_TIMEOUT_SECONDS = 30.0
CONFIG_VARIABLE = "TEST_PICKLED_APP_CONFIG"
LAUNCH = (
    "import sys; from {{ cookiecutter.__package_name }}.server import ServerSettings, serve; "
    "serve('tests.support.pickled_app:create', '127.0.0.1', int(sys.argv[1]), 'warning', "
    "ServerSettings())"
)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextmanager
def served_process(
    config: AppConfig, workdir: Path, server_env: Mapping[str, str]
) -> Iterator[tuple[str, int]]:
    """Yield the base URL and the server's main pid; stop the process tree on exit."""
    config_file = workdir / "app-config.pickle"
    config_file.write_bytes(pickle.dumps(config))
    port = free_port()
    env = {
        **os.environ,
        **server_env,
        CONFIG_VARIABLE: str(config_file),
        "PYTHONPATH": os.pathsep.join([str(PROJECT_ROOT / "src"), str(PROJECT_ROOT)]),
    }
    log = (workdir / "server.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, "-c", LAUNCH, str(port)],
        cwd=workdir,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + STARTUP_TIMEOUT_SECONDS
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"server exited: {(workdir / 'server.log').read_text()}")
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", port)) == 0:
                    break
            if time.monotonic() > deadline:
                raise RuntimeError("server did not start")
            time.sleep(0.05)
        yield f"http://127.0.0.1:{port}", process.pid
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def tree_rss_bytes(pid: int) -> int:
    """Resident memory of `pid` and its children (granian runs the app in a worker)."""
    total = 0
    for member in [pid, *children_of(pid)]:
        try:
            status = Path(f"/proc/{member}/status").read_text()
        except OSError:
            continue
        for line in status.splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1]) * 1024
    return total


def children_of(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # pid (comm) state ppid ...: comm may hold spaces, so split after its ")".
        if int(stat.rpartition(")")[2].split()[1]) == pid:
            found.append(int(entry.name))
    return found
