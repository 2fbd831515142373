"""What every rendered project must satisfy, whatever the answers."""

from __future__ import annotations

import ast
import functools
import json
import tomllib
from pathlib import Path

import yaml

# Built from halves so that no template tool mistakes this file for a template.
TEMPLATE_MARKERS = (*("{" + second for second in ("{", "%", "#")), "cookiecutter.")


def leftover_markers(project: Path) -> list[str]:
    found = []
    for path in project.rglob("*"):
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            found += [f"{path.relative_to(project)}: {m}" for m in TEMPLATE_MARKERS if m in text]
    return found


def unparsable_files(project: Path) -> list[str]:
    """Every .py, .toml, .yaml/.yml and .json file must parse."""
    problems = []
    for path in sorted(project.rglob("*")):
        if path.is_file():
            error = parse_error(path.suffix, path.read_text(encoding="utf-8"))
            if error:
                problems.append(f"{path.relative_to(project)}: {error}")
    return problems


@functools.lru_cache(maxsize=8192)
def parse_error(suffix: str, text: str) -> str | None:
    """Why `text` does not parse as its file type, or None. Cached: most files of two
    renders are identical, and the matrix renders thousands."""
    try:
        if suffix == ".py":
            ast.parse(text)
        elif suffix == ".toml":
            tomllib.loads(text)
        elif suffix in (".yaml", ".yml"):
            yaml.safe_load(text)
        elif suffix == ".json":
            json.loads(text)
    except (SyntaxError, ValueError, yaml.YAMLError) as error:
        return str(error)
    return None
