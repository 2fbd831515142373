"""What every rendered project must satisfy, whatever the answers."""

from __future__ import annotations

import ast
import functools
import json
import os
import re
import tomllib
from pathlib import Path, PurePosixPath

import yaml

# Built from halves so that no template tool mistakes this file for a template.
from template_extensions import YAML_LOADER
from tests.support import TEMPLATE_MARKERS as JINJA_MARKERS

# Jinja left in a rendered file, or a cookiecutter variable outside of it.
TEMPLATE_MARKERS = (*JINJA_MARKERS, "cookiecutter.")


def read_project(project: Path) -> dict[str, str]:
    """Every file of a rendered project (bytecode caches aside), by POSIX path, in one walk."""
    texts = {}
    root = str(project)
    for folder, subfolders, files in os.walk(root):
        subfolders[:] = [name for name in subfolders if name != "__pycache__"]
        prefix = os.path.relpath(folder, root).replace(os.sep, "/") + "/"
        prefix = "" if prefix == "./" else prefix
        for name in files:
            with open(os.path.join(folder, name), encoding="utf-8") as file:
                texts[prefix + name] = file.read()
    return texts


# GitHub Actions' own expressions, `${{ github.ref }}`, belong in a rendered workflow.
WORKFLOW_FOLDER = ".github/workflows/"
WORKFLOW_EXPRESSION = re.compile(r"\$\{\{[^{}]*\}\}")


def leftover_markers(texts: dict[str, str]) -> list[str]:
    """Template markers left in any file of a project read by read_project."""
    return [
        f"{name}: {marker}"
        for name, text in texts.items()
        for marker in markers_in(
            WORKFLOW_EXPRESSION.sub("", text) if name.startswith(WORKFLOW_FOLDER) else text
        )
    ]


def unparsable_files(texts: dict[str, str]) -> list[str]:
    """Every .py, .toml, .yaml/.yml and .json file must parse."""
    problems = []
    for name in sorted(texts):
        error = parse_error(PurePosixPath(name).suffix, texts[name])
        if error:
            problems.append(f"{name}: {error}")
    return problems


# Cached: most files of two renders are identical, and the matrix renders thousands.
@functools.lru_cache(maxsize=8192)
def markers_in(text: str) -> tuple[str, ...]:
    return tuple(marker for marker in TEMPLATE_MARKERS if marker in text)


@functools.lru_cache(maxsize=8192)
def parse_error(suffix: str, text: str) -> str | None:
    """Why `text` does not parse as its file type, or None."""
    try:
        if suffix == ".py":
            ast.parse(text)
        elif suffix == ".toml":
            tomllib.loads(text)
        elif suffix in (".yaml", ".yml"):
            # Kubernetes manifests hold several documents; libyaml's loader where PyYAML has it.
            list(yaml.load_all(text, Loader=YAML_LOADER))
        elif suffix == ".json":
            json.loads(text)
    except (SyntaxError, ValueError, yaml.YAMLError) as error:
        return str(error)
    return None
