"""The rendered CI files validate against their published JSON schemas, offline, for every
answer they depend on. Only the distinct files are validated: the CI files use few answers
(a test below keeps it so), and most of the 2,880 combinations render them byte for byte alike.
"""

from __future__ import annotations

import itertools
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.render.in_process import render_in_process, template_analysis_reused
from tests.support import CHOICE_QUESTIONS, COMMAND_TIMEOUT_SECONDS, TEMPLATE_DIR

# CI file in the template -> the builtin schema of check-jsonschema it must follow.
CI_FILES = {
    ".github/workflows/ci.yml": "vendor.github-workflows",
    ".github/dependabot.yml": "vendor.dependabot",
    ".gitlab-ci.yml": "vendor.gitlab-ci",
    "renovate.json": "vendor.renovate",
}
# The answers the CI files are rendered from (besides the slug, a folder-safe name).
CI_ANSWERS = ("ci_provider", "state_backend", "python_version")


def test_the_ci_files_depend_only_on_the_answers_rendered_here() -> None:
    for name in CI_FILES:
        used = set(re.findall(r"cookiecutter\.(\w+)", (TEMPLATE_DIR / name).read_text("utf-8")))
        assert used <= {*CI_ANSWERS, "project_slug"}, (name, used)


def combinations() -> list[tuple[str, ...]]:
    return list(itertools.product(*(CHOICE_QUESTIONS[key] for key in CI_ANSWERS)))


def render_ci_files(output_dir: Path, values: tuple[str, ...]) -> Path:
    answers = dict(zip(CI_ANSWERS, values, strict=True))
    return render_in_process(output_dir / "-".join(values), answers)


@pytest.mark.render
def test_every_rendered_ci_file_follows_its_schema(tmp_path: Path) -> None:
    distinct: dict[str, set[str]] = {schema: set() for schema in CI_FILES.values()}
    with template_analysis_reused():
        projects = [render_ci_files(tmp_path, values) for values in combinations()]
    for project in projects:
        for name, schema in CI_FILES.items():
            if (project / name).is_file():
                distinct[schema].add((project / name).read_text(encoding="utf-8"))
    check = Path(sys.executable).with_name("check-jsonschema")
    for schema, texts in distinct.items():
        assert texts, f"no combination renders a file for {schema}"
        files = []
        for number, text in enumerate(sorted(texts)):
            path = tmp_path / "distinct" / schema / f"{number}{Path(next(iter(CI_FILES))).suffix}"
            if schema == "vendor.renovate":
                path = path.with_suffix(".json")
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            files.append(str(path))
        result = subprocess.run(
            [str(check), "--builtin-schema", schema, *files],
            capture_output=True,
            text=True,
            timeout=COMMAND_TIMEOUT_SECONDS,
            check=False,
        )
        assert result.returncode == 0, f"{schema}:\n{result.stdout}\n{result.stderr}"
