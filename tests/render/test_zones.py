"""Every generated path belongs to exactly one ownership zone (zones.yaml), and the record a
render writes (.integration-standard.json) matches the files it describes."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

from tests.render.in_process import answers_for, pre_gen, render_in_process
from tests.support import CHOICE_QUESTIONS, QUESTIONNAIRE

ZONES = {"standard", "seeded", "generated"}


def representative_answers() -> list[dict[str, Any]]:
    """The defaults, then sets that between them select every choice of every question
    (the k-th choice of each, wrapping), made valid where a rule forbids a pairing."""
    questions = {**CHOICE_QUESTIONS}
    questions.update({key: [True, False] for key, value in QUESTIONNAIRE.items() if value is True})
    widest = max(len(choices) for choices in questions.values())
    sets: list[dict[str, Any]] = [{}]
    for k in range(widest):
        answers = {key: choices[k % len(choices)] for key, choices in questions.items()}
        if pre_gen.validate(answers_for(answers)):
            answers["data_classification"] = "internal"
        sets.append(answers)
    return sets


@pytest.mark.parametrize("answers", representative_answers(), ids=lambda a: "-".join(
    str(value) for value in a.values()) or "defaults")  # fmt: skip
def test_every_rendered_path_has_one_zone(answers: dict[str, Any], tmp_path: Path) -> None:
    project = render_in_process(tmp_path, answers)
    record = json.loads((project / ".integration-standard.json").read_text())
    rendered = {
        path.relative_to(project).as_posix() for path in project.rglob("*") if path.is_file()
    }

    unzoned = sorted(rendered - set(record["files"]))
    assert not unzoned, f"add these paths to a zone in zones.yaml: {unzoned}"
    assert set(record["files"]) == rendered
    for path, entry in record["files"].items():
        assert entry["zone"] in ZONES, path
        if entry["zone"] == "standard":
            digest = hashlib.sha256((project / path).read_bytes()).hexdigest()
            assert entry["sha256"] == digest, path
    for folder in record["standard_folders"]:
        inside = [path for path in rendered if path.rpartition("/")[0] == folder]
        assert inside and all(record["files"][path]["zone"] == "standard" for path in inside)
