"""Render in this process, for the full answer matrix (thousands of renders).

A render through cookiecutter's main() spends most of its time starting two hook processes
and recompiling the same Jinja sources. The matrix tier therefore calls the same pieces in
process: cookiecutter's own context handling and generate_files, then the hooks' own
`validate` and `finish` functions. The hook scripts themselves (answers reaching them as
JSON through Jinja) are exercised by every other render test, which goes through main().
Work that depends only on the template's files is done once per process, not per render.
"""

from __future__ import annotations

import functools
import importlib.machinery
import json
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from cookiecutter import generate as cookiecutter_generate
from cookiecutter import prompt as cookiecutter_prompt
from cookiecutter.generate import generate_context, generate_files
from cookiecutter.prompt import prompt_for_config
from jinja2 import FileSystemLoader

from tests.support import MANIFEST, ROOT, STANDARD, load_hook

pre_gen = load_hook("pre_gen_project")
post_gen = load_hook("post_gen_project")


def answers_for(extra_context: Mapping[str, Any]) -> dict[str, Any]:
    context = generate_context(
        context_file=str(ROOT / "cookiecutter.json"), extra_context=dict(extra_context)
    )
    answers: dict[str, Any] = dict(prompt_for_config(context, no_input=True))
    answers["_template"] = str(ROOT)
    return answers


def render_in_process(output_dir: Path, extra_context: Mapping[str, Any]) -> Path:
    answers = answers_for(extra_context)
    errors = pre_gen.validate(answers)
    assert not errors, pre_gen.format_errors(errors)
    project = Path(
        generate_files(
            repo_dir=str(ROOT),
            context={"cookiecutter": answers},
            output_dir=str(output_dir),
            accept_hooks=False,
        )
    )
    post_gen.finish(project, answers, MANIFEST, STANDARD)
    return project


@contextmanager
def template_analysis_reused() -> Iterator[None]:
    """Work that depends only on the template's files, done once for all renders: loading
    and compiling each Jinja source (one environment is kept per configuration), telling
    binary files from text (binaryornot reads and scores every file on every render),
    matching each path against _copy_without_render, and compiling the generated
    playbook's modules (which the post_gen hook imports)."""
    with (
        environments_reused(),
        binary_checks_reused(),
        copy_only_checks_reused(),
        module_compiles_reused(),
    ):
        yield


@contextmanager
def environments_reused() -> Iterator[None]:
    """cookiecutter builds a new Jinja environment and a new file loader per render, so
    Jinja's own template cache (keyed by loader, checked against each file's modification
    time) starts empty every time. One environment per configuration (the template's
    extensions and environment options, the same in every render) and one loader per search
    path keep that cache: a template is loaded once and only re-checked with a stat."""
    original_environment = cookiecutter_generate.create_env_with_context
    original_loader = cookiecutter_generate.FileSystemLoader

    @functools.cache
    def environment_for(configuration: str) -> Any:
        extensions, variables = json.loads(configuration)
        context = {"cookiecutter": {"_extensions": extensions, "_jinja2_env_vars": variables}}
        environment = original_environment(context)
        # Every file and folder name is rendered as a template too, and Jinja keeps no cache
        # of templates made from strings.
        from_string = functools.lru_cache(maxsize=8192)(environment.from_string)
        environment.from_string = from_string
        return environment

    def create_env_with_context(context: dict[str, Any]) -> Any:
        answers = context.get("cookiecutter", {})
        configuration = [answers.get("_extensions", []), answers.get("_jinja2_env_vars", {})]
        return environment_for(json.dumps(configuration, sort_keys=True))

    @functools.cache
    def loader_for(folder: str, search_path: tuple[str, ...]) -> FileSystemLoader:
        return FileSystemLoader([os.path.join(folder, path) for path in search_path])

    def file_system_loader(search_path: list[str]) -> FileSystemLoader:
        return loader_for(os.getcwd(), tuple(search_path))

    # The answers' defaults are rendered too (prompt_for_config), with an environment of
    # their own: the same configuration, so the same one.
    cookiecutter_generate.create_env_with_context = create_env_with_context
    cookiecutter_prompt.create_env_with_context = create_env_with_context
    cookiecutter_generate.FileSystemLoader = file_system_loader
    try:
        yield
    finally:
        cookiecutter_generate.create_env_with_context = original_environment
        cookiecutter_prompt.create_env_with_context = original_environment
        cookiecutter_generate.FileSystemLoader = original_loader


@contextmanager
def module_compiles_reused() -> Iterator[None]:
    """The post_gen hook imports the new project's playbook (and what it imports) without
    bytecode files; most renders hold the same source at the same path, so compile each
    (source, path) once."""
    loader = importlib.machinery.SourceFileLoader
    original = loader.source_to_code

    @functools.lru_cache(maxsize=1024)
    def compiled(data: bytes, path: str) -> Any:
        return original(loader, data, path)  # type: ignore[arg-type]

    def source_to_code(self: Any, data: Any, path: Any, *, _optimize: int = -1) -> Any:
        if not isinstance(data, bytes) or not isinstance(path, str) or _optimize != -1:
            return original(self, data, path, _optimize=_optimize)
        return compiled(data, path)

    loader.source_to_code = source_to_code  # type: ignore[method-assign]
    try:
        yield
    finally:
        loader.source_to_code = original  # type: ignore[method-assign]


@contextmanager
def copy_only_checks_reused() -> Iterator[None]:
    """cookiecutter matches every path against every _copy_without_render pattern with
    fnmatch on each render; the answer depends only on the path and the patterns."""
    original = cookiecutter_generate.is_copy_only_path

    @functools.lru_cache(maxsize=8192)
    def is_copy_only_once(path: str, patterns: tuple[str, ...]) -> bool:
        return bool(original(path, {"cookiecutter": {"_copy_without_render": list(patterns)}}))

    def is_copy_only(path: str, context: dict[str, Any]) -> bool:
        patterns = context.get("cookiecutter", {}).get("_copy_without_render")
        if patterns is None:
            return False
        return is_copy_only_once(path, tuple(patterns))

    cookiecutter_generate.is_copy_only_path = is_copy_only
    try:
        yield
    finally:
        cookiecutter_generate.is_copy_only_path = original


@contextmanager
def binary_checks_reused() -> Iterator[None]:
    original = cookiecutter_generate.is_binary

    @functools.lru_cache(maxsize=4096)
    def is_binary_once(absolute_path: str) -> bool:
        return bool(original(absolute_path))

    cookiecutter_generate.is_binary = lambda path: is_binary_once(os.path.abspath(path))
    try:
        yield
    finally:
        cookiecutter_generate.is_binary = original
