"""The manifest matches the template and the questionnaire."""

from __future__ import annotations

import fnmatch

from tests.support import (
    CHOICE_QUESTIONS,
    MANIFEST,
    PACKAGE_DIR_NAME,
    QUESTIONNAIRE,
    ROOT,
    TEMPLATE_DIR,
    TEMPLATE_MARKERS,
)


def test_every_manifest_path_exists_in_the_template() -> None:
    for owners in MANIFEST["owned_paths"].values():
        for owned in owners.values():
            for path in owned or []:
                assert (TEMPLATE_DIR / path.replace("{package}", PACKAGE_DIR_NAME)).exists(), path


def test_manifest_questions_and_choices_are_in_the_questionnaire() -> None:
    for question, owners in MANIFEST["owned_paths"].items():
        assert question in QUESTIONNAIRE, question
        allowed = CHOICE_QUESTIONS.get(question, [True, False])
        assert set(owners) == set(allowed), question


def test_no_path_is_owned_twice() -> None:
    seen: list[str] = [
        path
        for owners in MANIFEST["owned_paths"].values()
        for owned in owners.values()
        for path in owned or []
    ]
    assert len(seen) == len(set(seen))


def test_the_questionnaire_stays_short_and_every_question_has_a_prompt() -> None:
    questions = [key for key in QUESTIONNAIRE if not key.startswith("_")]
    assert len(questions) <= 15
    assert set(questions) <= set(QUESTIONNAIRE["__prompts__"])


HOOK_DATA_LINES = (
    "ANSWERS_JSON = ",
    "MANIFEST_JSON = ",
    "STANDARD_JSON = ",
    "CHECKOUT_JSON = ",
    "DEPENDENCY_NAMES_JSON = ",
    "CHOICE_LISTS_JSON = ",
)


def test_hooks_hold_jinja_only_in_their_data_lines() -> None:
    """Cookiecutter renders hooks with Jinja: a stray marker would break every render."""
    for hook in sorted((ROOT / "hooks").glob("*.py")):
        for line in hook.read_text(encoding="utf-8").splitlines():
            if any(marker in line for marker in TEMPLATE_MARKERS):
                assert line.startswith(HOOK_DATA_LINES), (hook.name, line)


def test_copy_without_render_lists_exactly_the_files_without_jinja() -> None:
    """Files without Jinja are copied as they are: faster renders, and nothing in them can
    be mistaken for a template. A file with Jinja must not be listed, or it stays raw."""
    patterns = QUESTIONNAIRE["_copy_without_render"]
    for path in sorted(TEMPLATE_DIR.rglob("*")):
        if not path.is_file() or "__pycache__" in path.parts:
            continue
        relative = path.relative_to(TEMPLATE_DIR).as_posix()
        has_jinja = any(marker in path.read_text(encoding="utf-8") for marker in TEMPLATE_MARKERS)
        copied = any(fnmatch.fnmatch(relative, pattern) for pattern in patterns)
        assert copied != has_jinja, (relative, "has Jinja" if has_jinja else "has no Jinja")
