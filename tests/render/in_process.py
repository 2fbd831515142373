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
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from cookiecutter import generate as cookiecutter_generate
from cookiecutter.generate import generate_context, generate_files
from cookiecutter.prompt import prompt_for_config
from jinja2 import Environment

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
    """Work that depends only on the template's files, done once for all renders: compiling
    each Jinja source, telling binary files from text (binaryornot reads and scores every
    file on every render), and matching each path against _copy_without_render."""
    with compiled_templates_reused(), binary_checks_reused(), copy_only_checks_reused():
        yield


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

    cookiecutter_generate.is_binary = lambda path: is_binary_once(str(Path(path).absolute()))
    try:
        yield
    finally:
        cookiecutter_generate.is_binary = original


@contextmanager
def compiled_templates_reused() -> Iterator[None]:
    """Cookiecutter builds a fresh Jinja environment per render, identically configured;
    compiled code depends only on the source and that configuration, so reuse it."""
    original: Any = Environment.compile

    @functools.lru_cache(maxsize=4096)
    def cached(source: str, name: str | None, filename: str | None, raw: bool) -> Any:
        return original(_REFERENCE_ENVIRONMENT[0], source, name, filename, raw)

    def compile_once(
        self: Environment,
        source: Any,
        name: str | None = None,
        filename: str | None = None,
        raw: bool = False,
        defer_init: bool = False,
    ) -> Any:
        if not isinstance(source, str) or defer_init:
            return original(self, source, name, filename, raw, defer_init)
        if not _REFERENCE_ENVIRONMENT:
            _REFERENCE_ENVIRONMENT.append(self)
        return cached(source, name, filename, raw)

    Environment.compile = compile_once  # type: ignore[method-assign]
    try:
        yield
    finally:
        Environment.compile = original  # type: ignore[method-assign]
        _REFERENCE_ENVIRONMENT.clear()


_REFERENCE_ENVIRONMENT: list[Environment] = []
