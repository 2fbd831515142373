"""`make demo`: render the default integration, run it against the sandbox, call it, stop.

Steps: render the default answers into build/demo/ (or --output DIR), install the generated
project with its own `make install`, start it with its own `make run` (sandbox vendor and
service, on free ports of 127.0.0.1 rather than the fixed 8081/8000), make a real request
(the normalized record) and a failing one (a problem+json error), then stop what it started.
The processes' output goes to run.log in the project folder.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
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

from .generate import hook_scripts_removed
from .template import find_template, load_context, template_commit, template_source

STARTUP_TIMEOUT_SECONDS = 30.0
DEVELOPMENT_CALLER_KEY = "sandbox-caller-key"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def wait_until_healthy(urls: list[str], process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT_SECONDS
    pending = list(urls)
    while pending:
        if process.poll() is not None:
            raise RuntimeError(f"make run exited with {process.returncode}; see run.log")
        if time.monotonic() > deadline:
            raise RuntimeError(f"{pending[0]} did not answer in {STARTUP_TIMEOUT_SECONDS:.0f} s")
        try:
            with urllib.request.urlopen(pending[0], timeout=1):
                pending.pop(0)
        except OSError:
            time.sleep(0.2)


@contextmanager
def make_run(project: Path, env: dict[str, str], health_urls: list[str]) -> Iterator[None]:
    """`make run` in its own process group, stopped as a whole (make, sandbox, service)."""
    with (project / "run.log").open("wb") as log:
        process = subprocess.Popen(
            ["make", "--no-print-directory", "run"],  # ports come from `env`
            cwd=project,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            wait_until_healthy(health_urls, process)
            yield
        finally:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
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


def render_default(template: Path, output: Path) -> Path:
    shutil.rmtree(output, ignore_errors=True)
    with hook_scripts_removed():
        created = cookiecutter(
            str(template),
            no_input=True,
            output_dir=str(output),
            extra_context={
                "_template_source": template_source(template, load_context(template)),
                "_template_commit": template_commit(template),
            },
        )
    return Path(created)


def environment_uv() -> str | None:
    """The uv of this Python's environment (the template's own `make install` brings it),
    which installs a generated project several times faster than pip."""
    return shutil.which("uv", path=str(Path(sys.executable).parent))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="make demo", description=__doc__)
    parser.add_argument(
        "--output",
        type=Path,
        default=Path("build", "demo"),
        help="folder to render into (default: build/demo here)",
    )
    args = parser.parse_args(argv)
    template = find_template()
    # Relative to where it runs (the checkout for `make demo`), never inside the template:
    # an installed tool's template lies in site-packages.
    output = args.output.resolve()
    print(f"Rendering the default integration into {output} ...", flush=True)
    project = render_default(template, output)
    print("Installing it with its own `make install` ...", flush=True)
    install = ["make", "--no-print-directory", "install", f"PYTHON={sys.executable}"]
    uv = environment_uv()
    subprocess.run([*install, f"UV={uv}"] if uv else install, cwd=project, check=True)

    answers = json.loads((project / ".cruft.json").read_text())["context"]["cookiecutter"]
    plural = answers["__resource_plural"]
    sandbox_port, service_port = free_port(), free_port()
    sandbox_url = f"http://127.0.0.1:{sandbox_port}"
    service_url = f"http://127.0.0.1:{service_port}"
    env = {
        **os.environ,
        "SANDBOX_PORT": str(sandbox_port),
        "SERVICE_PORT": str(service_port),
        "VENDOR_BASE_URL": sandbox_url,
        "VENDOR_TOKEN_URL": f"{sandbox_url}/oauth/token",
    }
    print(
        f"Starting `make run`: sandbox on {sandbox_url}, service on {service_url} ...", flush=True
    )
    health = [f"{sandbox_url}/_sandbox/health", f"{service_url}/healthz"]
    with make_run(project, env, health):
        show(f"GET /v1/{plural}/rec_0001 (normalized)", call(f"{service_url}/v1/{plural}/rec_0001"))
        show(
            f"GET /v1/{plural}/rec_9999 (problem+json)", call(f"{service_url}/v1/{plural}/rec_9999")
        )
    print(f"\nStopped the sandbox and the service. The project is in {project};")
    print("`make run` there starts them on 127.0.0.1:8081 and 127.0.0.1:8000.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
