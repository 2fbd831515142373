"""Render a project with cookiecutter's Python API, turning its failures into one line."""

from __future__ import annotations

import logging
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from cookiecutter.exceptions import (
    CookiecutterException,
    FailedHookException,
    OutputDirExistsException,
)
from cookiecutter.main import cookiecutter
from jinja2 import TemplateError as JinjaError

from .answers import Answers


class GenerationError(Exception):
    """Cookiecutter could not render the project (exit code 1)."""


class _MessageOnly(logging.Handler):
    """Cookiecutter's warnings and errors as one line each, without tracebacks."""

    def emit(self, record: logging.LogRecord) -> None:
        print(record.getMessage(), file=sys.stderr)


@contextmanager
def _one_line_logs() -> Iterator[None]:
    logger = logging.getLogger("cookiecutter")
    handler = _MessageOnly(logging.WARNING)
    saved = logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.propagate = saved


@contextmanager
def hook_scripts_removed() -> Iterator[None]:
    """Cookiecutter writes each rendered hook to a temporary file it never deletes
    (cookiecutter#886: two files in the temporary folder per render, with the answers in
    them); while this is open they go to a folder of their own, removed afterwards."""
    saved = tempfile.tempdir
    with tempfile.TemporaryDirectory(prefix="integration-template-hooks-") as folder:
        tempfile.tempdir = folder
        try:
            yield
        finally:
            tempfile.tempdir = saved


def generate(template: Path, answers: Answers, output_dir: Path, overwrite: bool) -> Path:
    """Render the template with exactly these answers, without prompting; the project path."""
    target = output_dir / str(answers.get("project_slug", ""))
    if target.exists() and not overwrite:
        raise GenerationError(f"{target} already exists; pass --overwrite to render over it")
    try:
        with _one_line_logs(), hook_scripts_removed():
            created = cookiecutter(
                str(template),
                no_input=True,
                extra_context=dict(answers),
                output_dir=str(output_dir),
                overwrite_if_exists=overwrite,
            )
    except OutputDirExistsException:
        raise GenerationError(
            f"{target} already exists; pass --overwrite to render over it"
        ) from None
    except FailedHookException as error:
        raise GenerationError(f"a template hook failed ({error}); see its messages above") from None
    except CookiecutterException as error:
        raise GenerationError(f"cookiecutter failed: {error}") from None
    except JinjaError as error:
        where = getattr(error, "filename", None)
        line = getattr(error, "lineno", None)
        place = f" in {where}, line {line}" if where else ""
        raise GenerationError(f"the template does not render{place}: {error}") from None
    return Path(created)
