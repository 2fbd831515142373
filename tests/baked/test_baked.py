"""Tier 3: bake the pairwise set, then run each project's ruff, mypy --strict and pytest.

All projects share this test environment (it holds every generated dependency) instead of
installing each one, and mypy's analysis is made once per Python version and copied into
each project's own cache, so that only the modules a project's answers change are analysed
again (see type_check).
"""

from __future__ import annotations

import errno
import fcntl
import functools
import os
import shutil
import subprocess
import sys
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from itertools import combinations
from pathlib import Path
from typing import Any

import pytest

from tests.baked.combinations import PAIRWISE_QUESTIONS, baked_set, pairwise
from tests.support import (
    ROOT,
    TEMPLATE_DIR,
    default_answers,
    expected_files,
    is_supported,
    render,
    run_checked,
    stamp_by_content,
)

BAKED = baked_set()
# One name for every baked project, hence one package name: mypy's cache is by module name,
# so the projects can share the analysis of the modules they hold byte for byte.
BAKED_INTEGRATION_NAME = "Baked integration"
# Schemathesis' coverage phase runs in full for these; the rest of the set fuzzes with the
# examples and fuzzing phases, which keeps the whole suite within its time budget.
FULL_FUZZING = frozenset({"defaults", "all-on", "all-off"})
LIGHT_FUZZING = {"SCHEMATHESIS_PHASES": "examples,fuzzing", "SCHEMATHESIS_MAX_EXAMPLES": "5"}
# Tests of code that many baked projects share byte for byte run in only as many projects
# as it takes to see every value of the answers that code depends on (the first such
# projects in the baked set), not in all of them. By path, those answers:
SHARED_CODE_TESTS: dict[str, tuple[str, ...]] = {
    # Copied into every project unchanged (no Jinja, no answer-dependent code).
    "tests/sandbox": (),
    "tests/resilience": (),
    # The vendor client and the resilience pipeline: they differ by vendor auth scheme and
    # by where the rate limiter keeps its counters.
    "tests/flow/test_fault_matrix.py": ("vendor_auth", "state_backend"),
    # Two replicas sharing the vendor rate limit through Redis (redis projects only).
    "tests/flow/test_shared_rate_limit.py": (),
    # Deployment files, checked offline (kustomize, schemas, hadolint): they differ by the
    # answers that choose the Secret's keys, the Redis parts, the CI files and the image.
    "tests/deploy/test_kubernetes.py": ("vendor_auth", "inbound_auth", "state_backend"),
    "tests/deploy/test_ci_files.py": ("ci_provider", "state_backend"),
    "tests/deploy/test_container.py": ("python_version", "state_backend", "inbound_auth"),
    "tests/deploy/test_alerts.py": (),
    # Two replicas sharing idempotency records through Redis (redis projects only).
    "tests/flow/test_shared_idempotency.py": (),
    # The Redis state store and the Redis-backed rate limiter against a real redis-server
    # (expiry tests wait about a second each): the same modules in every redis project.
    "tests/state/test_redis_store.py": (),
    # 50 concurrent creates: the state store decides.
    "tests/flow/test_exactly_once_create.py": ("state_backend",),
    # 25 compressed bombs: the vendor client, the same in every project.
    "tests/flow/test_compressed_answers.py": (),
    # `python -m <package>` with bad settings: the settings classes differ by these answers.
    "tests/unit/test_startup_errors.py": ("vendor_auth", "inbound_auth", "state_backend"),
    # The aiohttp transport: the same module in every project.
    "tests/flow/test_transport.py": (),
    # The served process's limits (seconds of waiting each): the server and its limits are
    # the same in every project; only the caller's credentials differ.
    "tests/flow/test_server_limits.py": ("inbound_auth",),
    # One scenario per catalog code through the running service: which codes are listed
    # depends on the state backend; how they arise on the caller's and the vendor's auth,
    # on whether the vendor takes idempotency keys and on the pagination (cursors).
    "tests/docs/test_codes_reachable.py": (
        "inbound_auth",
        "state_backend",
        "vendor_auth",
        "vendor_idempotency_keys",
        "vendor_pagination",
    ),
    # The documented log events and metrics against what the code emits: they differ by
    # the auth schemes (token and caller events), the state backend and the data class.
    "tests/observability/test_documented_telemetry.py": (
        "inbound_auth",
        "state_backend",
        "vendor_auth",
        "data_classification",
        "vendor_idempotency_keys",
    ),
    # Schemathesis fuzzing the running service from its OpenAPI document, which differs by
    # the caller's auth, the pagination's query, the idempotency header and the state store;
    # the vendor's auth decides how the vendor's refusals come back.
    "tests/flow/test_schemathesis.py": (
        "inbound_auth",
        "state_backend",
        "vendor_auth",
        "vendor_idempotency_keys",
        "vendor_pagination",
    ),
    # The customer overview's reading grade: its sentences differ by the answers below (and
    # the syllable dictionary alone takes most of a second of CPU to load).
    "tests/docs/test_readability.py": ("data_classification", "inbound_auth", "vendor_auth"),
    # mypy rejecting a misspelt error code: the catalog's code type is the same everywhere.
    "tests/unit/test_typing.py": ("python_version",),
}
# The generated Makefile's targets the baked tier dry-runs (make -n).
MAKE_TARGETS = ("run", "lint", "test", "docs")
# Plugins of the template's own test environment, which no generated project installs.
TEMPLATE_ONLY_PLUGINS = ("cookies", "syrupy", "xdist", "xdist.looponfail")


def answers_of(name: str) -> dict[str, Any]:
    return {**default_answers(), **BAKED[name]}


@functools.cache
def projects_running(path: str) -> frozenset[str]:
    """The first baked projects having `path` that, between them, show every value of the
    answers SHARED_CODE_TESTS lists for it (at least one project, even for none)."""
    chosen: list[str] = []
    seen: set[tuple[str, Any]] = set()
    for name in BAKED:
        if not has_path(name, path):
            continue
        values = {(question, answers_of(name)[question]) for question in SHARED_CODE_TESTS[path]}
        if not chosen or not values <= seen:
            chosen.append(name)
            seen |= values
    return frozenset(chosen)


def has_path(name: str, path: str) -> bool:
    files = expected_files(answers_of(name))
    return path in files or any(file.startswith(f"{path}/") for file in files)


def type_check(project: Path, python_version: str, session_folder: Path) -> None:
    """mypy --strict on `project`, with a private cache seeded from the first project of its
    Python version.

    Most modules are byte for byte the same in every project of one Python version: a cold
    run takes about 6 s of CPU, a seeded one under 1 s. mypy trusts a cache entry whose file
    has the same size and modification second without reading it, and renders made in the
    same second would share both while differing in content; so every Python file's
    modification time is first set from its content (stamp_by_content). A file the answers
    change then misses the cache and is analysed again, with what depends on it.
    """
    stamp_by_content(project)
    # mypy's SQLite cache: one file to copy and to delete, where its file cache is about
    # 5,000 files per project (each run uses a private copy, so nothing writes it at once).
    mypy = [sys.executable, "-m", "mypy", "--sqlite-cache", "--cache-dir"]
    cache = project.parent / "mypy-cache"
    seed = session_folder / f"mypy-seed-{python_version}"
    with exclusive(session_folder / f"mypy-seed-{python_version}.lock"):
        if not seed.exists():
            run_checked([*mypy, str(cache)], project)
            # copytree keeps modification times, which mypy checks on its own data files.
            shutil.copytree(cache, seed)
            return
    shutil.copytree(seed, cache)
    run_checked([*mypy, str(cache)], project)


@contextmanager
def exclusive(lock_file: Path) -> Iterator[None]:
    """Hold an exclusive lock on `lock_file` (shared by every xdist worker) for the block."""
    with lock_file.open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def test_a_seeded_type_check_sees_a_changed_file_of_the_same_size_and_time(
    tmp_path: Path,
) -> None:
    # Two projects whose module differs in content only: same size, same modification time.
    session = tmp_path / "session"
    session.mkdir()
    projects = {"typed": "100", "mistyped": '"1"'}
    for name, value in projects.items():
        project = tmp_path / name / "project"
        project.mkdir(parents=True)
        (project / "pyproject.toml").write_text('[tool.mypy]\nstrict = true\nfiles = ["m.py"]\n')
        (project / "m.py").write_text(f"x: int = {value}\n")
        os.utime(project / "m.py", (1_700_000_000, 1_700_000_000))

    type_check(tmp_path / "typed" / "project", "seed-test", session)
    with pytest.raises(AssertionError, match="Incompatible types in assignment"):
        type_check(tmp_path / "mistyped" / "project", "seed-test", session)


def test_seeded_bytecode_stands_only_for_a_source_of_the_same_content(tmp_path: Path) -> None:
    # Three projects of one module and one test module each, at the same paths with the
    # same sizes and modification times: the second changes the module, the third the
    # test module (which pytest rewrites and caches apart from the import system).
    session = tmp_path / "session"
    session.mkdir()
    projects = {"first": ("1", "=="), "changed-module": ("2", "=="), "changed-test": ("1", "!=")}
    for name, (value, comparison) in projects.items():
        project = tmp_path / name
        project.mkdir()
        (project / "m.py").write_text(f"VALUE = {value}\n")
        test = (
            f"from m import VALUE\n\n\ndef test_value() -> None:\n    assert VALUE {comparison} 1\n"
        )
        (project / "test_m.py").write_text(test)
        for file in project.iterdir():
            os.utime(file, (1_700_000_000, 1_700_000_000))
    arguments = ["-p", "no:cacheprovider", "-p", "no:xdist"]
    this_python = f"{sys.version_info.major}.{sys.version_info.minor}"
    seed = session / f"bytecode-seed-{this_python}"

    run_project_tests(this_python, arguments, tmp_path / "first", {}, session)
    published = sorted(file.name for file in (seed / "__pycache__").iterdir())
    assert any("-pytest-" in name for name in published)  # the rewritten test module
    assert any(name.startswith("m.") for name in published)
    for pyc in (seed / "__pycache__").iterdir():
        assert pyc.read_bytes()[4:8] == CHECKED_HASH_FLAGS, pyc.name

    for name, failure in {
        "changed-module": "assert 2 == 1",
        "changed-test": "assert 1 != 1",
    }.items():
        seed_bytecode(seed, tmp_path / name)
        copied = sorted(file.name for file in (tmp_path / name / "__pycache__").iterdir())
        assert copied == published
        with pytest.raises(AssertionError, match=failure):
            run_project_tests(this_python, arguments, tmp_path / name, {}, session)


@pytest.mark.parametrize("path", list(SHARED_CODE_TESTS))
def test_each_shared_code_test_runs_for_every_answer_it_depends_on(path: str) -> None:
    # pytest ignores a missing --ignore path silently: a renamed test must fail here.
    assert (TEMPLATE_DIR / path).exists(), f"{path} is not in the template"
    having = [name for name in BAKED if has_path(name, path)]
    running = projects_running(path)
    assert running, f"no baked project has {path}"
    for question in SHARED_CODE_TESTS[path]:
        wanted = {answers_of(name)[question] for name in having}
        assert {answers_of(name)[question] for name in running} == wanted, question


def test_the_fault_matrix_runs_for_every_vendor_auth_scheme_and_state_backend() -> None:
    running = projects_running("tests/flow/test_fault_matrix.py")
    assert {answers_of(name)["vendor_auth"] for name in running} == set(
        PAIRWISE_QUESTIONS["vendor_auth"]
    )
    assert {answers_of(name)["state_backend"] for name in running} == {"memory", "redis"}
    assert len(running) < len(BAKED) / 3  # what running it in fewer projects is for


def test_pairwise_set_covers_every_pair() -> None:
    rows = pairwise()
    names = list(PAIRWISE_QUESTIONS)
    for first, second in combinations(names, 2):
        for a in PAIRWISE_QUESTIONS[first]:
            for b in PAIRWISE_QUESTIONS[second]:
                if not is_supported({first: a, second: b}):
                    continue
                assert any(row[first] == a and row[second] == b for row in rows), (
                    first,
                    a,
                    second,
                    b,
                )


@pytest.mark.baked
@pytest.mark.parametrize("name", list(BAKED))
def test_baked_project_passes_lint_types_and_its_tests(
    name: str, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory, worker_id: str
) -> None:
    answers: dict[str, Any] = {"integration_name": BAKED_INTEGRATION_NAME, **BAKED[name]}
    project = render(tmp_path, answers)

    # The project's own Makefile, as its README tells people to use it: every target parses
    # and the run line starts the sandbox with this project's auth and pagination.
    planned = run_checked(["make", "-n", *MAKE_TARGETS], project)
    expected_sandbox = f"--auth-scheme {answers_of(name)['vendor_auth']} --pagination "
    assert expected_sandbox + answers_of(name)["vendor_pagination"] in planned, planned
    phases = {} if name in FULL_FUZZING else LIGHT_FUZZING
    left_to_others = [
        f"--ignore={path}" for path in SHARED_CODE_TESTS if name not in projects_running(path)
    ]
    python_version = answers_of(name)["python_version"]
    folder = session_folder(tmp_path_factory, worker_id)
    lint_types_and_tests(project, python_version, folder, left_to_others, phases)


def session_folder(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Path:
    """The folder every xdist worker of this session shares (mypy seeds, environments)."""
    basetemp = tmp_path_factory.getbasetemp()
    return basetemp if worker_id == "master" else basetemp.parent


def lint_types_and_tests(
    project: Path,
    python_version: str,
    folder: Path,
    ignored: list[str],
    env: dict[str, str],
) -> None:
    """ruff, ruff format and mypy --strict on `project`, then its own tests (`ignored`
    arguments added) on the Python version it was generated for."""
    run_checked([sys.executable, "-m", "ruff", "check", "--no-cache", "."], project)
    run_checked([sys.executable, "-m", "ruff", "format", "--check", "--no-cache", "."], project)
    type_check(project, python_version, folder)
    plugins_off = [
        argument
        for plugin in ("cacheprovider", *TEMPLATE_ONLY_PLUGINS)
        for argument in ("-p", f"no:{plugin}")
    ]
    run_project_tests(python_version, [*plugins_off, *ignored], project, env, folder)


def run_project_tests(
    python_version: str,
    arguments: list[str],
    project: Path,
    env: dict[str, str],
    session_folder: Path,
) -> None:
    """The project's own pytest (stopping at the first failure) with `arguments`, on the
    Python of `python_version` (interpreter_for) and bytecode seeded from an earlier
    project of the same version (seed_bytecode). Bytecode is written even where
    PYTHONDONTWRITEBYTECODE is set, and beside the sources even where PYTHONPYCACHEPREFIX
    is set (an empty value unsets both): the first project on an environment compiles
    what the tests import once, not every project again."""
    python = interpreter_for(python_version, session_folder)
    seed = session_folder / f"bytecode-seed-{python_version}"
    seed_bytecode(seed, project)
    writing = {**env, "PYTHONDONTWRITEBYTECODE": "", "PYTHONPYCACHEPREFIX": ""}
    run_checked([python, "-m", "pytest", "-q", "-x", *arguments], project, writing)
    publish_bytecode(python, project, seed, writing)


# PEP 552: a pyc's flags word; 3 = hash-based, and the hash checked against the source.
CHECKED_HASH_FLAGS = b"\x03\x00\x00\x00"


def seed_bytecode(seed: Path, project: Path) -> None:
    """Copy the seed's bytecode caches into `project`, each folder where the project has
    the same folder.

    A fresh render has no bytecode, so every project's pytest would rewrite the asserts of
    every test module and compile every module again (about 1.4 s of CPU of a project's
    collection), though most are byte for byte those of the project before. The seed holds
    checked-hash pycs only (publish_bytecode; pytest writes its rewritten test modules so
    from 9.2 on): Python and pytest use one only for a source of the same content and
    compile a changed module anew, so a seed file can never stand for a module the project
    changed. A pyc without its source is never read.
    """
    if not seed.is_dir():
        return
    for cache in seed.rglob("__pycache__"):
        target = project / cache.relative_to(seed)
        if target.parent.is_dir():
            shutil.copytree(cache, target, dirs_exist_ok=True)


def publish_bytecode(python: str, project: Path, seed: Path, env: dict[str, str]) -> None:
    """Make `project`'s checked-hash pycs the seed of its Python version, unless there is
    one.

    The import system writes timestamp pycs, valid for a source of the same size and
    modification time; they are recompiled as checked-hash pycs first. Any other pyc left
    (an older pytest writes its rewritten modules with timestamps) stays out of the seed.
    The seed is built beside its final name and renamed into place, so another worker
    sees a whole seed or none.
    """
    if seed.exists():
        return
    recompile = ["-m", "compileall", "-q", "-f", "--invalidation-mode", "checked-hash", "."]
    run_checked([python, *recompile], project, env)
    staging = seed.with_name(f"{seed.name}.{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)
    for pyc in project.rglob("__pycache__/*.pyc"):
        with pyc.open("rb") as file:
            if file.read(8)[4:] != CHECKED_HASH_FLAGS:
                continue
        target = staging / pyc.relative_to(project)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(pyc, target)
    if not staging.is_dir():
        return
    try:
        staging.rename(seed)
    except OSError as error:
        shutil.rmtree(staging, ignore_errors=True)
        if error.errno not in (errno.ENOTEMPTY, errno.EEXIST):
            raise
        # Another worker published first: its seed serves as well.


def interpreter_for(python_version: str, session_folder: Path) -> str:
    """A Python of `python_version` holding every generated dependency: this environment's
    own, or an environment made once per session from `python3.X` on PATH.

    Missing, it fails under CI=true (a project set to 3.13 never ran on 3.13 otherwise) and
    skips elsewhere, naming what to install.
    """
    if python_version == f"{sys.version_info.major}.{sys.version_info.minor}":
        return sys.executable
    command = f"python{python_version}"
    found = shutil.which(command)
    # A pyenv shim is on PATH even when no selected version provides the command: ask it.
    if found is None or subprocess.run([found, "--version"], capture_output=True).returncode:
        message = (
            f"{command} is not on PATH (or does not run): projects set to Python "
            f"{python_version} run their tests on it; install it (pyenv install "
            f"{python_version}, then select it, e.g. PYENV_VERSION) or put it on PATH"
        )
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    environment = session_folder / f"venv-{python_version}"
    python = environment / "bin" / "python"
    with exclusive(session_folder / f"venv-{python_version}.lock"):
        if not (environment / "complete").exists():
            shutil.rmtree(environment, ignore_errors=True)
            # uv (a test dependency already, for the locks): several times faster than pip
            # at resolving and installing the same set, which the suite waits for.
            uv = [sys.executable, "-m", "uv"]
            run_checked(
                [*uv, "venv", "--quiet", "--python", found, str(environment)], session_folder
            )
            install = ["pip", "install", "--quiet", "--python", str(python)]
            run_checked([*uv, *install, *generated_dependencies()], session_folder)
            (environment / "complete").touch()
    return str(python)


def generated_dependencies() -> list[str]:
    """The template's test extra: every generated dependency (and a few unused plugins)."""
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    dependencies: list[str] = pyproject["project"]["optional-dependencies"]["test"]
    return dependencies
