"""`make bench`: the generated service against two naive peers, side by side, in one run.

Renders the default project (and the redis variant), installs each once (its own .venv,
kept between runs under --work), then starts on 127.0.0.1:
- a stand-in vendor (aiohttp.web, bench/apps.py) answering the sandbox's seed record;
- the generated service in the bench profile (see BENCH_PROFILE), started as in
  production: `python -m <package>`, JSON logs to a file, metrics on, inbound API-key auth,
  rate limiter, breaker and bulkhead on with limits that do not refuse;
- two naive FastAPI peers doing the same normalization: one shared aiohttp session, one
  shared httpx client;
and drives the three with wrk, interleaved (service, aiohttp, httpx, service, ...) for
--rounds rounds. Then the breaker-open fast failure, a paginated list and creates with an
Idempotency-Key (memory and Redis) against the bundled sandbox, the render time and the
project's own test suite time. Prints one table and writes the figures as JSON.

wrk comes from the system packages (`apt-get install -y wrk`); redis-server too.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

TEMPLATE_ROOT = Path(__file__).resolve().parents[2]
APPS = TEMPLATE_ROOT / "bench" / "apps.py"
CALLER_KEY = "sandbox-caller-key"
RECORD_ID = "rec_0001"
STARTUP_SECONDS = 60.0

# The service as in production, except APP_ENV: production refuses loopback vendor URLs and
# sandbox secrets, and the bench keeps that guard as it is. Every layer that production runs
# is on and configured as production configures it; only the limits that would refuse a
# benchmark's load are raised.
BENCH_PROFILE: dict[str, str] = {
    "APP_ENV": "development",
    "LOG_FORMAT": "json",
    "LOG_LEVEL": "info",
    "EXPOSE_API_DOCS": "false",
    "CURSOR_SECRET": "sandbox-cursor-secret-0123456789",
    "VENDOR_API_KEY": "sandbox-api-key",
    "API_KEYS": json.dumps(
        [
            {
                "name": "bench",
                "sha256": "e088a6947e3d5691c6da6dc1ad0a68a9d1d29c1bba4a0de36c5f3b601816bde0",
                "scopes": ["contacts:read", "contacts:write"],
            }
        ]
    ),
    "VENDOR_RATE_LIMIT": "1000000/second",
    "VENDOR_BULKHEAD_MAX_CONCURRENT": "1000",
    "VENDOR_MAX_CONNECTIONS": "100",
}
AUTH_HEADER = f"Authorization: Bearer {CALLER_KEY}"

CREATE_SCRIPT = """
counter = 0
request = function()
  counter = counter + 1
  local headers = {}
  headers["Content-Type"] = "application/json"
  headers["Authorization"] = "Bearer %(key)s"
  headers["Idempotency-Key"] = "%(run)s-" .. counter
  return wrk.format("POST", "%(path)s", headers, '{"name": "Ada Lovelace", "status": "active"}')
end
"""


@dataclass
class Figures:
    name: str
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    requests: int
    errors: int
    rss_mb: float | None = None
    rounds: list[float] = field(default_factory=list)
    # CPU time the serving processes spent per 1,000 requests (median over the rounds):
    # far less sensitive to a busy machine than req/s.
    cpu_ms_per_1000: float | None = None


@dataclass(frozen=True)
class Project:
    root: Path
    package: str
    # The project's own .venv; or, with --no-install, this Python with the project on its
    # path (an environment that already holds every generated dependency, as the template's
    # test environment does).
    python: Path
    env: Mapping[str, str]

    def run(self, *command: str | Path) -> str:
        return run([self.python, *command], cwd=self.root, env=self.env)


class BenchError(Exception):
    pass


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def run(
    command: Sequence[str | Path], cwd: Path | None = None, env: Mapping[str, str] | None = None
) -> str:
    done = subprocess.run(
        [str(part) for part in command],
        cwd=cwd,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise BenchError(f"{' '.join(map(str, command))} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def render(work: Path, variant: str, answers: Sequence[str], install: bool) -> Project:
    """Render into work/variant, keeping its .venv when pyproject.toml did not change."""
    cli = Path(sys.executable).with_name("integration-template")
    with tempfile.TemporaryDirectory() as scratch:
        sets = [part for answer in answers for part in ("--set", answer)]
        run([cli, "new", "--no-input", "-o", scratch, *sets])
        (rendered,) = Path(scratch).iterdir()
        target = work / variant
        target.mkdir(parents=True, exist_ok=True)
        for child in target.iterdir():
            if child.name in {".venv", "pyproject.toml"}:
                continue
            shutil.rmtree(child) if child.is_dir() else child.unlink()
        old = target / "pyproject.toml"
        new = rendered / "pyproject.toml"
        if old.exists() and old.read_bytes() == new.read_bytes():
            new.unlink()
        shutil.copytree(rendered, target, dirs_exist_ok=True)
    (package,) = [path.name for path in (target / "src").iterdir() if path.is_dir()]
    if not install:
        path = os.pathsep.join([str(target / "src"), str(target)])
        return Project(target, package, Path(sys.executable), {"PYTHONPATH": path})
    run(["make", "install"], cwd=target)
    return Project(target, package, target / ".venv" / "bin" / "python", {})


def wait_until_up(url: str, headers: Mapping[str, str], process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise BenchError(f"{url}: the process exited with {process.returncode}")
        try:
            with urllib.request.urlopen(urllib.request.Request(url, headers=dict(headers))):
                return
        except urllib.error.HTTPError:
            return  # it answers
        except OSError:
            time.sleep(0.1)
    raise BenchError(f"{url} did not come up")


@contextlib.contextmanager
def started(
    command: Sequence[str | Path],
    log: Path,
    ready_url: str,
    cwd: Path | None = None,
    env: Mapping[str, str] | None = None,
    headers: Mapping[str, str] | None = None,
) -> Iterator[subprocess.Popen[bytes]]:
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [str(part) for part in command],
            cwd=cwd,
            env={**os.environ, **(env or {})},
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
        try:
            wait_until_up(ready_url, headers or {}, process)
            yield process
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def parse_wrk(output: str) -> tuple[float, float, float, int, int]:
    """req/s, p50 ms, p99 ms, requests, errors (non-2xx/3xx plus socket errors)."""

    def latency(percent: str) -> float:
        found = re.search(rf"^\s+{percent}%\s+([\d.]+)(us|ms|s)\s*$", output, re.MULTILINE)
        if not found:
            raise BenchError(f"wrk printed no {percent}% latency:\n{output}")
        return float(found.group(1)) * UNITS[found.group(2)]

    rate = re.search(r"Requests/sec:\s+([\d.]+)", output)
    total = re.search(r"(\d+) requests in", output)
    if not rate or not total:
        raise BenchError(f"unexpected wrk output:\n{output}")
    errors = sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses: (\d+)", output))
    sockets = re.search(r"connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    if sockets:
        errors += sum(int(n) for n in sockets.groups())
    return float(rate.group(1)), latency("50"), latency("99"), int(total.group(1)), errors


def wrk(
    url: str,
    seconds: float,
    connections: int,
    headers: Sequence[str] = (),
    script: Path | None = None,
) -> tuple[float, float, float, int, int]:
    command = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "10s"]
    for header in headers:
        command += ["-H", header]
    if script is not None:
        command += ["-s", str(script)]
    return parse_wrk(run([*command, url]))


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU time so far of a process and its live descendants (granian serves
    from a worker process); None where there is no /proc."""
    proc = Path("/proc")
    try:
        fields = (proc / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    total = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    for task in (proc / str(pid) / "task").glob("*"):
        with contextlib.suppress(OSError):
            for child in (task / "children").read_text().split():
                total += cpu_seconds(int(child)) or 0.0
    return total


def cpu_per_1000(before: float | None, after: float | None, requests: int) -> float | None:
    if before is None or after is None or not requests:
        return None
    return round((after - before) * 1e6 / requests, 1)


def wrk_measured(
    process: subprocess.Popen[bytes],
    url: str,
    seconds: float,
    connections: int,
    headers: Sequence[str] = (),
    script: Path | None = None,
) -> tuple[tuple[float, float, float, int, int], float | None]:
    """wrk's figures, and the CPU time `process` spent per 1,000 of its requests."""
    before = cpu_seconds(process.pid)
    result = wrk(url, seconds, connections, headers, script)
    return result, cpu_per_1000(before, cpu_seconds(process.pid), result[3])


def median_or_none(values: Sequence[float | None]) -> float | None:
    known = [value for value in values if value is not None]
    return round(statistics.median(known), 1) if known else None


def measured_once(
    name: str,
    process: subprocess.Popen[bytes],
    url: str,
    seconds: float,
    connections: int,
    headers: Sequence[str] = (),
    script: Path | None = None,
) -> Figures:
    """One wrk run as a path's figures, with its CPU time per 1,000 requests."""
    result, cpu = wrk_measured(process, url, seconds, connections, headers, script)
    figures = combine(name, [result])
    figures.cpu_ms_per_1000 = cpu
    return figures


def combine(name: str, rounds: list[tuple[float, float, float, int, int]]) -> Figures:
    return Figures(
        name=name,
        requests_per_second=round(statistics.median(r[0] for r in rounds), 1),
        p50_ms=round(statistics.median(r[1] for r in rounds), 2),
        p99_ms=round(statistics.median(r[2] for r in rounds), 2),
        requests=sum(r[3] for r in rounds),
        errors=sum(r[4] for r in rounds),
        rounds=[r[0] for r in rounds],
    )


def service_env(port: int, vendor_url: str) -> dict[str, str]:
    return {
        **BENCH_PROFILE,
        "SERVICE_HOST": "127.0.0.1",
        "SERVICE_PORT": str(port),
        "VENDOR_BASE_URL": vendor_url,
    }


def start_service(
    stack: contextlib.ExitStack, project: Project, vendor_url: str, logs: Path, **extra: str
) -> tuple[str, subprocess.Popen[bytes]]:
    port = free_port()
    env = {**service_env(port, vendor_url), **extra}
    base = f"http://127.0.0.1:{port}"
    process = stack.enter_context(
        started(
            [project.python, "-m", project.package],
            logs,
            f"{base}/healthz",
            cwd=project.root,
            env={**project.env, **env},
        )
    )
    return base, process


def start_sandbox(stack: contextlib.ExitStack, project: Project, work: Path) -> str:
    port = free_port()
    code = (
        f"import json; from {project.package}.constants import VENDOR_AUTH_SCHEME as a, "
        "VENDOR_PAGINATION_STYLE as p; print(json.dumps([a, p]))"
    )
    scheme, pagination = json.loads(project.run("-c", code))
    stack.enter_context(
        started(
            [
                project.python,
                "-m",
                "sandbox",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--auth-scheme",
                scheme,
                "--pagination",
                pagination,
            ],
            work / "sandbox.log",
            f"http://127.0.0.1:{port}/_sandbox/calls",
            cwd=project.root,
            env=project.env,
        )
    )
    return f"http://127.0.0.1:{port}"


def seed_record_bytes(project: Project) -> bytes:
    code = (
        "import json; from sandbox.records import seed_record; "
        "print(json.dumps(seed_record(1).to_json()))"
    )
    return project.run("-c", code).strip().encode()


def compare(
    project: Project, work: Path, rounds: int, seconds: float, connections: int
) -> dict[str, Figures]:
    """The service and the two peers, interleaved, against one stand-in vendor."""
    plural = json.loads(project.run("-c", PLURAL_CODE % project.package))
    path = f"/v1/{plural}/{RECORD_ID}"
    record_file = work / "record.json"
    record_file.write_bytes(seed_record_bytes(project))
    with contextlib.ExitStack() as stack:
        vendor_port = free_port()
        vendor_url = f"http://127.0.0.1:{vendor_port}"
        stack.enter_context(
            started(
                [
                    project.python,
                    APPS,
                    "vendor",
                    "--port",
                    str(vendor_port),
                    "--collection",
                    f"/{plural}",
                    "--record-file",
                    record_file,
                ],
                work / "vendor.log",
                f"{vendor_url}/{plural}/{RECORD_ID}",
            )
        )
        targets: dict[str, tuple[str, subprocess.Popen[bytes], list[str]]] = {}
        base, process = start_service(stack, project, vendor_url, work / "service.log")
        targets["service"] = (base, process, [AUTH_HEADER])
        for client in ("aiohttp", "httpx"):
            port = free_port()
            peer = stack.enter_context(
                started(
                    [
                        project.python,
                        APPS,
                        "peer",
                        "--client",
                        client,
                        "--port",
                        str(port),
                        "--vendor",
                        vendor_url,
                        "--package",
                        project.package,
                    ],
                    work / f"peer-{client}.log",
                    f"http://127.0.0.1:{port}{path}",
                    cwd=project.root,
                    env=project.env,
                )
            )
            targets[f"peer_{client}"] = (f"http://127.0.0.1:{port}", peer, [])
        results: dict[str, list[tuple[float, float, float, int, int]]] = {n: [] for n in targets}
        cpu: dict[str, list[float | None]] = {n: [] for n in targets}
        for base, _, headers in targets.values():  # warm-up, not counted
            wrk(base + path, 1, connections, headers)
        for number in range(rounds):
            for name, (base, process, headers) in targets.items():
                result, used = wrk_measured(process, base + path, seconds, connections, headers)
                results[name].append(result)
                cpu[name].append(used)
                print(
                    f"  round {number + 1}/{rounds} {name}: {result[0]:.0f} req/s, "
                    f"{used} ms CPU per 1,000 requests"
                )
        figures = {name: combine(name, rounds_) for name, rounds_ in results.items()}
        for name, (_, process, _) in targets.items():
            figures[name].rss_mb = round(rss_mb(process.pid), 1)
            figures[name].cpu_ms_per_1000 = median_or_none(cpu[name])
        return figures


PLURAL_CODE = "import json; from %s.constants import RESOURCE_PLURAL as p; print(json.dumps(p))"


def breaker_open(project: Project, work: Path, seconds: float, connections: int) -> Figures:
    """The vendor is down and the breaker open: how fast callers are told so."""
    plural = json.loads(project.run("-c", PLURAL_CODE % project.package))
    dead = f"http://127.0.0.1:{free_port()}"  # nothing listens there
    url_path = f"/v1/{plural}/{RECORD_ID}"
    with contextlib.ExitStack() as stack:
        base, process = start_service(stack, project, dead, work / "service-breaker.log")
        request = urllib.request.Request(
            base + url_path, headers={"Authorization": f"Bearer {CALLER_KEY}"}
        )
        for _ in range(30):  # enough failures to trip it (ratio 0.5 over at least 10 calls)
            with contextlib.suppress(urllib.error.HTTPError):
                urllib.request.urlopen(request).close()
        figures = measured_once(
            "breaker_open", process, base + url_path, seconds, connections, [AUTH_HEADER]
        )
        figures.rss_mb = round(rss_mb(process.pid), 1)
        return figures


def sandbox_scenarios(
    project: Project,
    work: Path,
    variant: str,
    seconds: float,
    connections: int,
    extra: Mapping[str, str],
) -> dict[str, Figures]:
    """A paginated list and creates with an Idempotency-Key, against the bundled sandbox."""
    plural = json.loads(project.run("-c", PLURAL_CODE % project.package))
    with contextlib.ExitStack() as stack:
        sandbox = start_sandbox(stack, project, work)
        base, process = start_service(
            stack, project, sandbox, work / f"service-{variant}.log", **extra
        )
        figures = {}
        list_url = f"{base}/v1/{plural}?limit=10"
        figures[f"list_{variant}"] = measured_once(
            f"list_{variant}", process, list_url, seconds, connections, [AUTH_HEADER]
        )
        script = work / f"create-{variant}.lua"
        script.write_text(
            CREATE_SCRIPT % {"key": CALLER_KEY, "run": uuid.uuid4().hex, "path": f"/v1/{plural}"}
        )
        figures[f"create_{variant}"] = measured_once(
            f"create_{variant}", process, f"{base}/v1/{plural}", seconds, connections, script=script
        )
        for entry in figures.values():
            entry.rss_mb = round(rss_mb(process.pid), 1)
        return figures


@contextlib.contextmanager
def redis_server(work: Path) -> Iterator[str]:
    if shutil.which("redis-server") is None:
        raise BenchError("redis-server is missing: apt-get install -y redis-server")
    port = free_port()
    process = subprocess.Popen(
        [
            "redis-server",
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
        ],
        stdout=(work / "redis.log").open("wb"),
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while True:
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", port)) == 0:
                    break
            if time.monotonic() > deadline:
                raise BenchError("redis-server did not start")
            time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(timeout=10)


def render_seconds(times: int) -> float:
    cli = Path(sys.executable).with_name("integration-template")
    samples = []
    for _ in range(times):
        with tempfile.TemporaryDirectory() as scratch:
            started_at = time.perf_counter()
            run([cli, "new", "--no-input", "-o", scratch])
            samples.append(time.perf_counter() - started_at)
    return round(statistics.median(samples), 2)


def suite_seconds(project: Project) -> tuple[float, bool]:
    """How long the project's own test suite takes, and whether it passed (a failure is
    reported, not fatal: the other figures still stand)."""
    started_at = time.perf_counter()
    try:
        project.run("-m", "pytest", "-q", "-p", "no:cacheprovider")
    except BenchError as error:
        print(f"the project's test suite failed:\n{str(error)[-2000:]}", file=sys.stderr)
        return round(time.perf_counter() - started_at, 1), False
    return round(time.perf_counter() - started_at, 1), True


def ratio(a: float, b: float) -> float | None:
    return round(a / b, 2) if b else None


def cpu_ratio(a: Figures, b: Figures) -> float | None:
    if a.cpu_ms_per_1000 is None or b.cpu_ms_per_1000 is None:
        return None
    return ratio(a.cpu_ms_per_1000, b.cpu_ms_per_1000)


@dataclass(frozen=True)
class Target:
    """One of the speed targets (docs/performance.md), judged on one run's figures."""

    text: str
    limit: float
    at_least: bool  # the value must be >= limit (else <= limit)
    unit: str

    def met(self, value: float | None) -> bool | None:
        if value is None:
            return None
        return value >= self.limit if self.at_least else value <= self.limit


SERVICE_VS_AIOHTTP_REQ_S = Target("service >= 0.6x the aiohttp peer's req/s", 0.6, True, "x")
SERVICE_VS_HTTPX_REQ_S = Target("service >= 2.5x the httpx peer's req/s", 2.5, True, "x")
SERVICE_VS_AIOHTTP_P99 = Target("service p99 <= 1.5x the aiohttp peer's", 1.5, False, "x")
BREAKER_OPEN_P99 = Target("breaker-open p99 <= 50 ms", 50.0, False, " ms")
SERVICE_RSS = Target("service RSS <= 150 MB", 150.0, False, " MB")


def target_values(figures: Mapping[str, Figures]) -> list[tuple[Target, float | None]]:
    """Each target with this run's value for it (None where the run has no such figure)."""
    service, aiohttp_peer = figures["service"], figures["peer_aiohttp"]
    breaker = figures.get("breaker_open")
    return [
        (
            SERVICE_VS_AIOHTTP_REQ_S,
            ratio(service.requests_per_second, aiohttp_peer.requests_per_second),
        ),
        (
            SERVICE_VS_HTTPX_REQ_S,
            ratio(service.requests_per_second, figures["peer_httpx"].requests_per_second),
        ),
        (SERVICE_VS_AIOHTTP_P99, ratio(service.p99_ms, aiohttp_peer.p99_ms)),
        (BREAKER_OPEN_P99, None if breaker is None else breaker.p99_ms),
        (SERVICE_RSS, service.rss_mb),
    ]


Judged = Sequence[tuple[Target, float | None]]


def targets_report(judged: Judged) -> list[dict[str, object]]:
    return [
        {"target": target.text, "value": value, "met": target.met(value)}
        for target, value in judged
    ]


def targets_table(judged: Judged) -> str:
    verdicts = {True: "yes", False: "no", None: "no figure"}
    lines = [f"{'target':<44} {'this run':>10}  met"]
    for target, value in judged:
        shown = "" if value is None else f"{value:g}{target.unit}"
        lines.append(f"{target.text:<44} {shown:>10}  {verdicts[target.met(value)]}")
    return "\n".join(lines)


def table(figures: Mapping[str, Figures]) -> str:
    lines = [
        f"{'path':<22} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7} {'RSS MB':>7}"
        f" {'CPU ms/1k':>10}",
    ]
    for entry in figures.values():
        rss = "" if entry.rss_mb is None else f"{entry.rss_mb:.0f}"
        cpu = "" if entry.cpu_ms_per_1000 is None else f"{entry.cpu_ms_per_1000:.0f}"
        lines.append(
            f"{entry.name:<22} {entry.requests_per_second:>9.0f} {entry.p50_ms:>8.1f} "
            f"{entry.p99_ms:>8.1f} {entry.errors:>7} {rss:>7} {cpu:>10}"
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="make bench", description=__doc__.split("\n")[0])
    parser.add_argument("--work", type=Path, default=TEMPLATE_ROOT / "build" / "bench")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--no-redis", action="store_true", help="skip the redis variant")
    parser.add_argument("--no-suite", action="store_true", help="skip the project's test suite")
    parser.add_argument(
        "--render-runs", type=int, default=3, help="renders timed (the median is reported)"
    )
    parser.add_argument(
        "--no-install",
        action="store_true",
        help="run the projects with this Python instead of installing each (it must hold "
        "every generated dependency, as the template's test environment does)",
    )
    args = parser.parse_args(argv)
    if shutil.which("wrk") is None:
        print("wrk is missing: apt-get install -y wrk", file=sys.stderr)
        return 2
    work: Path = args.work.resolve()
    work.mkdir(parents=True, exist_ok=True)
    seconds = max(1, round(args.seconds))
    try:
        print("rendering and installing the default project ...")
        project = render(work, "default", [], install=not args.no_install)
        print(
            f"comparing the service with the peers: {args.rounds} x {seconds} s each, interleaved"
        )
        figures = compare(project, work, args.rounds, seconds, args.connections)
        figures["breaker_open"] = breaker_open(project, work, seconds, args.connections)
        figures.update(sandbox_scenarios(project, work, "memory", seconds, args.connections, {}))
        if not args.no_redis:
            print("rendering and installing the redis variant ...")
            redis_project = render(
                work, "redis", ["state_backend=redis"], install=not args.no_install
            )
            with redis_server(work) as redis_url:
                figures.update(
                    sandbox_scenarios(
                        redis_project,
                        work,
                        "redis",
                        seconds,
                        args.connections,
                        {"REDIS_URL": redis_url},
                    )
                )
        render_time = render_seconds(max(1, args.render_runs))
        suite_time, suite_passed = (None, None) if args.no_suite else suite_seconds(project)
    except BenchError as error:
        print(f"bench failed: {error}", file=sys.stderr)
        return 1
    judged = target_values(figures)  # once: the summary, the JSON and the printed table
    value_of = dict(judged)
    summary = {
        "service_vs_aiohttp_req_s": value_of[SERVICE_VS_AIOHTTP_REQ_S],
        "service_vs_httpx_req_s": value_of[SERVICE_VS_HTTPX_REQ_S],
        "service_vs_aiohttp_p99": value_of[SERVICE_VS_AIOHTTP_P99],
        "service_vs_aiohttp_cpu_per_request": cpu_ratio(
            figures["service"], figures["peer_aiohttp"]
        ),
        "render_seconds": render_time,
        "project_suite_seconds": suite_time,
        "project_suite_passed": suite_passed,
    }
    report = {
        "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "system": platform.platform(),
        },
        "method": {
            "rounds": args.rounds,
            "seconds": seconds,
            "connections": args.connections,
            "threads": 1,
        },
        "profile": BENCH_PROFILE | {"API_KEYS": "(the development key's hash)"},
        "figures": {name: asdict(entry) for name, entry in figures.items()},
        "summary": summary,
        "targets": targets_report(judged),
    }
    (work / "results.json").write_text(json.dumps(report, indent=2) + "\n")
    print()
    print(table(figures))
    print()
    for name, value in summary.items():
        print(f"{name}: {value}")
    print()
    print(targets_table(judged))
    print(f"\nJSON: {work / 'results.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
