"""`make demo`: render the default integration, run it against the sandbox, call it, stop.

Steps: render the default answers into build/demo/, install the generated project with its
own `make install`, start the sandbox vendor and the service on free ports of 127.0.0.1,
make a real request (the normalized record) and a failing one (a problem+json error), then
stop both processes.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from cookiecutter.main import cookiecutter

from .template import find_template, load_context, template_commit, template_source

STARTUP_TIMEOUT_SECONDS = 30.0
DEVELOPMENT_CALLER_KEY = "sandbox-caller-key"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def wait_until_healthy(url: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"process exited with {process.returncode} before {url} answered")
        try:
            with urllib.request.urlopen(url, timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer within {STARTUP_TIMEOUT_SECONDS:.0f} s")


@contextmanager
def running(command: list[str], cwd: Path, env: dict[str, str], health_url: str) -> Iterator[None]:
    process = subprocess.Popen(command, cwd=cwd, env=env)
    try:
        wait_until_healthy(health_url, process)
        yield
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def call(url: str) -> tuple[int, str, dict[str, object]]:
    request = urllib.request.Request(
        url, headers={"Authorization": f"Bearer {DEVELOPMENT_CALLER_KEY}"}
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers["Content-Type"], json.load(response)
    except urllib.error.HTTPError as error:
        return error.code, error.headers["Content-Type"], json.load(error)


def show(title: str, answer: tuple[int, str, dict[str, object]]) -> None:
    status, content_type, body = answer
    print(f"\n{title}: HTTP {status} ({content_type})")
    print(json.dumps(body, indent=2))


def main() -> int:
    template = find_template()
    output = template / "build" / "demo"
    shutil.rmtree(output, ignore_errors=True)
    print(f"Rendering the default integration into {output.relative_to(template)}/ ...")
    project = Path(
        cookiecutter(
            str(template),
            no_input=True,
            output_dir=str(output),
            extra_context={
                "_template_source": template_source(template, load_context(template)),
                "_template_commit": template_commit(template),
            },
        )
    )
    print("Installing it (make install: its own virtual environment) ...")
    subprocess.run(["make", "install", f"PYTHON={sys.executable}"], cwd=project, check=True)
    shutil.copy(project / ".env.example", project / ".env")

    python = str(project / ".venv" / "bin" / "python")
    sandbox_port, service_port = free_port(), free_port()
    sandbox_url = f"http://127.0.0.1:{sandbox_port}"
    env = {
        **os.environ,
        "SERVICE_PORT": str(service_port),
        "VENDOR_BASE_URL": sandbox_url,
        "VENDOR_TOKEN_URL": f"{sandbox_url}/oauth/token",
    }
    answers = json.loads((project / ".cruft.json").read_text())["context"]["cookiecutter"]
    package, plural = answers["__package_name"], answers["__resource_plural"]
    sandbox_command = [
        python,
        "-m",
        "sandbox",
        "--host",
        "127.0.0.1",
        "--port",
        str(sandbox_port),
        "--auth-scheme",
        answers["vendor_auth"],
        "--pagination",
        answers["vendor_pagination"],
    ]
    service_url = f"http://127.0.0.1:{service_port}"
    print(f"Starting the sandbox vendor on {sandbox_url} and the service on {service_url} ...")
    with (
        running(sandbox_command, project, env, f"{sandbox_url}/_sandbox/health"),
        running([python, "-m", package], project, env, f"{service_url}/healthz"),
    ):
        show(f"GET /v1/{plural}/rec_0001 (normalized)", call(f"{service_url}/v1/{plural}/rec_0001"))
        show(
            f"GET /v1/{plural}/rec_9999 (problem+json)", call(f"{service_url}/v1/{plural}/rec_9999")
        )
    print(f"\nStopped both. The project is in {project}; try `make run` there.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
