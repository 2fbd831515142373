"""The post_gen hook: manifest-driven removal, .cruft.json, file modes."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from tests.support import MANIFEST, default_answers, load_hook

post_gen = load_hook("post_gen_project")


def test_unselected_choices_own_the_removed_paths() -> None:
    answers = default_answers()

    removed = post_gen.unselected_paths(MANIFEST, answers)

    assert "src/acme_crm_integration/upstream/auth/bearer_token.py" in removed
    assert "src/acme_crm_integration/upstream/auth/api_key_header.py" not in removed
    assert ".gitlab-ci.yml" in removed
    assert ".github/" not in removed


def test_a_question_without_an_answer_is_a_manifest_error() -> None:
    manifest = {"owned_paths": {"no_such_question": {"a": ["x"]}}}

    with pytest.raises(post_gen.ManifestError, match="no_such_question"):
        post_gen.unselected_paths(manifest, default_answers())


def test_a_missing_path_is_a_manifest_error(tmp_path: Path) -> None:
    with pytest.raises(post_gen.ManifestError, match="not in the rendered project"):
        post_gen.remove_paths(tmp_path, ["missing.py"])


def test_removal_prunes_empty_folders(tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "gone.py").write_text("")
    (tmp_path / "a" / "kept.py").write_text("")

    post_gen.remove_paths(tmp_path, ["a/b/gone.py"])

    assert not (tmp_path / "a" / "b").exists()
    assert (tmp_path / "a" / "kept.py").exists()


def test_cruft_record_has_no_machine_paths() -> None:
    answers = {
        **default_answers(),
        "_template_source": "https://git.example/templates/integration.git",
        "_template_commit": "0123456789abcdef0123456789abcdef01234567",
        "_output_dir": "/home/someone/projects",
        "_repo_dir": "/home/someone/template",
        "_checkout": None,
        "_template": "/home/someone/template",
    }

    record = post_gen.cruft_record(answers)

    assert record["template"] == "https://git.example/templates/integration.git"
    assert record["commit"] == "0123456789abcdef0123456789abcdef01234567"
    assert "/home/someone" not in json.dumps(record)
    context = record["context"]["cookiecutter"]
    assert context["project_slug"] == "acme-crm-integration"
    assert context["_template"] == record["template"]
    assert set(record) == {"template", "commit", "checkout", "context", "directory", "skip"}


def test_manifest_json_is_parsed_and_checked() -> None:
    with pytest.raises(post_gen.ManifestError):
        post_gen.parse_manifest("[]")
    assert post_gen.parse_manifest(json.dumps(MANIFEST))["owned_paths"]


PLAYBOOK_MODULE = """\
import sys
from pathlib import Path


def main(argv):
    Path(argv[1]).write_text(f"written by {__name__} in {sys.argv[0] or 'process'}\\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
"""


def project_with_playbook(root: Path, package: str) -> Path:
    (root / "src" / package).mkdir(parents=True)
    (root / "src" / package / "__init__.py").write_text("")
    (root / "src" / package / "playbook.py").write_text(PLAYBOOK_MODULE)
    (root / "docs").mkdir()
    return root


def test_the_playbook_is_written_in_process_and_forgotten(tmp_path: Path) -> None:
    project = project_with_playbook(tmp_path, "fresh_package_for_the_hook")

    post_gen.write_playbook(project, {"__package_name": "fresh_package_for_the_hook"})

    text = (project / "docs" / "troubleshooting.md").read_text()
    assert text.startswith("written by fresh_package_for_the_hook.playbook")
    assert not any(name.startswith("fresh_package_for_the_hook") for name in sys.modules)
    assert not list(project.rglob("__pycache__"))


def test_a_package_named_like_a_loaded_module_is_written_by_a_fresh_interpreter(
    tmp_path: Path,
) -> None:
    assert "json" in sys.modules
    project = project_with_playbook(tmp_path, "json")

    post_gen.write_playbook(project, {"__package_name": "json"})

    text = (project / "docs" / "troubleshooting.md").read_text()
    assert text.startswith("written by __main__")
    assert json.loads("[1]") == [1]  # the loaded module is untouched


def test_a_project_without_a_playbook_gets_none(tmp_path: Path) -> None:
    post_gen.write_playbook(tmp_path, {"__package_name": "no_package"})

    assert not (tmp_path / "docs").exists()


# Which choice keeps which optional paths, written out by hand rather than read from
# features.yaml: a path listed under the wrong choice there makes the hook remove the wrong
# file, and only an expectation of independent origin can notice. Package: the default.
PACKAGE = "src/acme_crm_integration"
KEPT_BY_CHOICE: dict[str, dict[str, set[str]]] = {
    "vendor_auth": {
        scheme: {f"{PACKAGE}/upstream/auth/{scheme}.py", f"tests/vendor_auth/test_{scheme}.py"}
        for scheme in (
            "api_key_header",
            "bearer_token",
            "oauth2_client_credentials",
            "hmac_signature",
            "none",
        )
    },
    "vendor_pagination": {
        style: {f"{PACKAGE}/upstream/pagination/{style}.py"}
        for style in ("cursor", "page_number", "offset", "link_header")
    },
    "inbound_auth": {
        scheme: {
            f"{PACKAGE}/api/auth/{scheme}_auth.py",
            f"tests/support/inbound_{scheme}.py",
            f"tests/flow/test_{scheme}_auth.py",
        }
        for scheme in ("api_key", "jwt")
    },
    "state_backend": {
        "memory": {
            f"{PACKAGE}/state/memory_store.py",
            "tests/state/test_memory_store.py",
            "tests/support/state_memory.py",
        },
        "redis": {
            f"{PACKAGE}/state/redis_store.py",
            "tests/state/test_redis_store.py",
            "tests/flow/test_shared_rate_limit.py",
            "tests/flow/test_shared_idempotency.py",
            "tests/flow/test_redis_outage.py",
            "tests/flow/test_rate_limit_key_prefix.py",
            "tests/support/redis_server.py",
            "tests/support/state_redis.py",
        },
    },
    "ci_provider": {
        "github": {".github/"},
        "gitlab": {".gitlab-ci.yml", "renovate.json"},
        "none": set(),
    },
}


@pytest.mark.parametrize(
    ("question", "choice"),
    [(question, choice) for question, kept in KEPT_BY_CHOICE.items() for choice in kept],
)
def test_each_choice_keeps_its_own_paths_and_removes_the_others(question: str, choice: str) -> None:
    answers = {**default_answers(), question: choice}

    removed = set(post_gen.unselected_paths(MANIFEST, answers))

    owned = KEPT_BY_CHOICE[question]
    assert owned[choice].isdisjoint(removed)
    others = set().union(*(paths for other, paths in owned.items() if other != choice))
    assert others <= removed


def test_the_hand_written_expectation_covers_every_optional_path() -> None:
    answers = default_answers()
    listed = {
        question: {
            post_gen.expand(path, answers) for paths in owners.values() for path in paths or []
        }
        for question, owners in MANIFEST["owned_paths"].items()
    }

    assert listed == {
        question: set().union(*kept.values()) for question, kept in KEPT_BY_CHOICE.items()
    }
