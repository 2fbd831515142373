"""The integration-template command line, run in process against real cookiecutter renders."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from integration_template.cli import main

ROOT = Path(__file__).resolve().parents[2]
PROJECT_FOLDER = next(path.name for path in ROOT.iterdir() if path.name.startswith("{"))
OPEN, CLOSE = "{" + "{", "}" + "}"
KEYS = [key for key in json.loads((ROOT / "cookiecutter.json").read_text()) if key[0] != "_"]
ALL_KEYS = [*KEYS, "package_name", "resource_plural"]
SMALL_EXTENSIONS = "small_template_extensions"
SMALL_MANIFEST = """\
version: 1
owned_paths:
  ci_provider:
    github: [.github/]
    gitlab: [.gitlab-ci.yml]
    none: []
executables: []
"""


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Keep cookiecutter's replay files out of the home folder; import the extension anew."""
    config = tmp_path / "cookiecutterrc.yaml"
    config.write_text(
        f"replay_dir: {tmp_path / 'replay'}\ncookiecutters_dir: {tmp_path / 'cookiecutters'}\n"
    )
    monkeypatch.setenv("COOKIECUTTER_CONFIG", str(config))
    saved = sys.modules.pop("template_extensions", None)
    yield
    sys.modules.pop("template_extensions", None)
    sys.modules.pop(SMALL_EXTENSIONS, None)
    if saved is not None:
        sys.modules["template_extensions"] = saved


@pytest.fixture
def small_template(tmp_path: Path) -> Path:
    """The real questionnaire, hooks and extension over a three-file project."""
    template = tmp_path / "small-template"
    template.mkdir()
    # The extension module gets its own name: the real one may be imported already.
    questionnaire = json.loads((ROOT / "cookiecutter.json").read_text())
    questionnaire["_extensions"] = [
        name.replace("template_extensions", SMALL_EXTENSIONS)
        for name in questionnaire["_extensions"]
    ]
    (template / "cookiecutter.json").write_text(json.dumps(questionnaire))
    shutil.copy(ROOT / "template_extensions.py", template / f"{SMALL_EXTENSIONS}.py")
    shutil.copytree(ROOT / "hooks", template / "hooks")
    (template / "features.yaml").write_text(SMALL_MANIFEST)
    for name in ("zones.yaml", "pyproject.toml"):
        shutil.copy(ROOT / name, template / name)
    project = template / PROJECT_FOLDER
    (project / ".github" / "workflows").mkdir(parents=True)
    (project / ".github" / "workflows" / "ci.yml").write_text("on: push\n")
    (project / ".gitlab-ci.yml").write_text("test: {}\n")
    (project / "README.md").write_text("A generated project.\n")
    return template


def run(*argv: str | Path) -> int:
    return main([str(arg) for arg in argv])


def cruft_answers(project: Path) -> dict[str, Any]:
    record: dict[str, Any] = json.loads((project / ".cruft.json").read_text())
    answers: dict[str, Any] = record["context"]["cookiecutter"]
    return answers


def assert_no_machine_paths(project: Path) -> None:
    """Only the template's own location may be recorded, never where the render ran."""
    text = (project / ".cruft.json").read_text()
    for folder in (str(project.parent), str(Path.home()) + "/"):
        assert folder not in text
    for key in ("_output_dir", "_repo_dir", "_checkout"):
        assert key not in text


def test_questions_mentions_every_key_and_choice(capsys: pytest.CaptureFixture[str]) -> None:
    assert run("questions") == 0
    out = capsys.readouterr().out
    for key in ALL_KEYS:
        assert f"\n{key}" in f"\n{out}"
    assert "oauth2_client_credentials: OAuth2 client credentials" in out
    assert "src/<package>/upstream/auth/hmac_signature.py" in out
    assert "acme_crm_integration" in out
    assert out.count("(derived, never asked)") == 2


def test_questions_markdown_has_a_section_per_key(capsys: pytest.CaptureFixture[str]) -> None:
    assert run("questions", "--format", "markdown") == 0
    out = capsys.readouterr().out
    assert out.startswith("# Questionnaire\n")
    for key in ALL_KEYS:
        assert f"\n## {key}\n" in out
    assert "| `none` | No authentication | `src/<package>/upstream/auth/none.py`" in out
    assert OPEN not in out


def test_new_renders_the_real_template_without_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = run("new", "--no-input", "-o", tmp_path / "out", "--set", "customer_name=Initech")
    captured = capsys.readouterr()
    assert code == 0, captured.err
    project = tmp_path / "out" / "acme-crm-integration"
    assert f"Created {project}" in captured.out
    for step in (f"cd {project}", "make install", "make run", "make test"):
        assert step in captured.out
    answers = cruft_answers(project)
    assert answers["customer_name"] == "Initech"
    assert answers["__package_name"] == "acme_crm_integration"
    assert answers["_template"] == answers["_template_source"]
    assert_no_machine_paths(project)


def test_new_records_answers_and_template_origin(small_template: Path, tmp_path: Path) -> None:
    answers_file = tmp_path / "answers.yaml"
    answers_file.write_text(
        "vendor_name: Initech Billing\nci_provider: gitlab\nvendor_auth: none\n"
    )
    code = run(
        "new", "--no-input", "--template", small_template, "-o", tmp_path / "out",
        "--answers-file", answers_file,
        "--set", "vendor_auth=bearer_token",
        "--set", "vendor_idempotency_keys=n",
        "--set", "resource_plural=people",
        "--template-source", "https://example.com/acme/template.git",
        "--template-commit", "abc123",
    )  # fmt: skip
    assert code == 0
    project = tmp_path / "out" / "initech-billing-integration"
    assert (project / ".gitlab-ci.yml").is_file()
    assert not (project / ".github").exists()
    answers = cruft_answers(project)
    assert {key: answers[key] for key in KEYS} | {
        "__package_name": answers["__package_name"],
        "__resource_plural": answers["__resource_plural"],
    } == {
        "customer_name": "Globex Corporation",
        "vendor_name": "Initech Billing",
        "integration_name": "Initech Billing integration",
        "project_slug": "initech-billing-integration",
        "vendor_base_url": "https://api.acme-crm.example/v2",
        "resource_name": "contact",
        "vendor_auth": "bearer_token",
        "vendor_pagination": "cursor",
        "vendor_idempotency_keys": False,
        "vendor_rate_limit": "10/second",
        "inbound_auth": "api_key",
        "data_classification": "internal",
        "state_backend": "memory",
        "ci_provider": "gitlab",
        "python_version": "3.11",
        "__package_name": "initech_billing_integration",
        "__resource_plural": "people",
    }
    record = json.loads((project / ".cruft.json").read_text())
    assert record["template"] == "https://example.com/acme/template.git"
    assert record["commit"] == "abc123"
    assert_no_machine_paths(project)


def git(folder: Path, *args: str) -> str:
    command = ["git", "-C", str(folder), "-c", "user.name=t", "-c", "user.email=t@example.com"]
    return subprocess.run([*command, *args], check=True, capture_output=True, text=True).stdout


def commit_everything(folder: Path, message: str) -> None:
    git(folder, "init", "-q")
    git(folder, "add", ".")
    git(folder, "commit", "-q", "-m", message)


def test_origin_and_commit_come_from_git_else_the_template_folder(
    small_template: Path, tmp_path: Path
) -> None:
    commit_everything(small_template, "template")
    git(small_template, "remote", "add", "origin", str(tmp_path / "elsewhere"))
    commit = git(small_template, "rev-parse", "HEAD").strip()
    assert run("new", "--no-input", "--template", small_template, "-o", tmp_path / "a") == 0
    record = json.loads((tmp_path / "a" / "acme-crm-integration" / ".cruft.json").read_text())
    # A local origin is not public: the template folder itself is what can be cloned again.
    assert record["template"] == str(small_template.resolve())
    assert record["commit"] == commit

    git(small_template, "remote", "set-url", "origin", "https://u:secret@git.example/t.git")
    assert run("new", "--no-input", "--template", small_template, "-o", tmp_path / "b") == 0
    record = json.loads((tmp_path / "b" / "acme-crm-integration" / ".cruft.json").read_text())
    assert record["template"] == "https://git.example/t.git"


def test_a_template_inside_another_repository_records_no_commit_of_it(
    small_template: Path, tmp_path: Path
) -> None:
    commit_everything(tmp_path, "a project that happens to hold the template")
    git(tmp_path, "remote", "add", "origin", "https://git.example/someone/project.git")
    assert run("new", "--no-input", "--template", small_template, "-o", tmp_path / "out") == 0
    record = json.loads((tmp_path / "out" / "acme-crm-integration" / ".cruft.json").read_text())
    assert record["template"] == str(small_template.resolve())
    assert record["commit"] is None


def test_a_cruft_record_regenerates_the_same_answers(small_template: Path, tmp_path: Path) -> None:
    first: list[str | Path] = ["new", "--no-input", "--template", small_template]
    assert run(*first, "-o", tmp_path / "a", "--set", "resource_name=invoice") == 0
    recorded = tmp_path / "a" / "acme-crm-integration" / ".cruft.json"
    assert run(*first, "-o", tmp_path / "b", "--answers-file", recorded) == 0
    again = tmp_path / "b" / "acme-crm-integration" / ".cruft.json"
    assert cruft_answers(again.parent) == cruft_answers(recorded.parent)


def test_invalid_answers_exit_1_with_every_error_and_nothing_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    code = run(
        "new", "--no-input", "-o", out,
        "--set", f"integration_name={OPEN} 7*7 {CLOSE}",
        "--set", "project_slug=Bad Slug",
        "--set", "vendor_auth=nope",
        "--set", "vendor_idempotency_keys=maybe",
        "--set", f"vendor_base_url=https://api.example/{OPEN}x{CLOSE}",
    )  # fmt: skip
    assert code == 1
    err = capsys.readouterr().err
    # package_name is derived from the slug through slugify, so it stays valid.
    assert "5 answers are invalid; nothing was generated." in err
    fields = ["integration_name", "project_slug", "vendor_auth"]
    for field in [*fields, "vendor_idempotency_keys", "vendor_base_url"]:
        assert f"  - {field} = " in err
    assert "49" not in err
    assert "Traceback" not in err
    assert not out.exists()


@pytest.mark.parametrize(
    "argv",
    [
        ["new", "--no-input", "--set", "vendor_nam=Acme"],
        ["new", "--no-input", "--set", "_template_source=/tmp/x"],
        ["new", "--no-input", "--template-source", "/home/me/template"],
        ["new", "--no-input", "--set", "customer_name"],
        ["new", "--no-input", "--unknown-flag"],
        ["questions", "--format", "html"],
        [],
    ],
)
def test_usage_errors_exit_2(
    argv: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(*argv, *(["-o", str(tmp_path / "out")] if argv[:1] == ["new"] else [])) == 2
    err = capsys.readouterr().err
    assert "error" in err
    assert "Traceback" not in err
    assert not (tmp_path / "out").exists()


def test_unknown_key_in_answers_file_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    answers_file = tmp_path / "answers.json"
    answers_file.write_text('{"customer_name": "Initech", "colour": "blue"}')
    assert run("new", "--no-input", "--answers-file", answers_file, "-o", tmp_path / "o") == 2
    assert "unknown key 'colour'" in capsys.readouterr().err


def test_invalid_answers_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    answers_file = tmp_path / "answers.yaml"
    answers_file.write_text("customer_name: [\n")
    assert run("new", "--no-input", "--answers-file", answers_file, "-o", tmp_path / "o") == 2
    assert "is not valid yaml" in capsys.readouterr().err


def test_existing_folder_needs_overwrite(
    small_template: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base: list[str | Path] = ["new", "--no-input", "--template", small_template, "-o", tmp_path]
    assert run(*base) == 0
    capsys.readouterr()
    assert run(*base) == 1
    err = capsys.readouterr().err
    assert "already exists; pass --overwrite" in err
    assert "Traceback" not in err
    assert run(*base, "--overwrite", "--set", "customer_name=Initech") == 0
    assert cruft_answers(tmp_path / "acme-crm-integration")["customer_name"] == "Initech"


def test_a_failing_hook_is_one_clear_error(
    small_template: Path, tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    manifest = SMALL_MANIFEST.replace("none: []", "none: [missing.txt]")
    (small_template / "features.yaml").write_text(manifest)
    code = run("new", "--no-input", "--template", small_template, "-o", tmp_path / "out")
    assert code == 1
    err = capfd.readouterr().err  # the hook runs in a subprocess: its own output is on fd 2
    assert "a template hook failed" in err
    assert "missing.txt" in err
    assert "Traceback" not in err
    assert not (tmp_path / "out" / "acme-crm-integration").exists()


def test_a_folder_without_template_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run("questions", "--template", tmp_path) == 1
    assert "is not a template folder" in capsys.readouterr().err


def test_interactive_asks_only_unanswered_questions_and_reasks_invalid_ones(
    small_template: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    given = {
        "vendor_name": "Initech",
        "vendor_base_url": "https://api.initech.example",
        "resource_name": "invoice",
        "vendor_pagination": "offset",
        "vendor_rate_limit": "5/second",
        "inbound_auth": "jwt",
        "data_classification": "internal",
        "state_backend": "redis",
        "ci_provider": "none",
        "python_version": "3.12",
    }
    answered = [f"{key}={value}" for key, value in given.items()]
    # Asked: customer_name, integration_name, project_slug (twice), vendor_auth, idempotency;
    # then the summary, confirmed.
    monkeypatch.setattr(
        sys, "stdin", io.StringIO("Initech Corp\n\nBad Slug\ninitech-app\n2\nno\ny\n")
    )
    argv: list[str | Path] = ["new", "--template", small_template, "-o", tmp_path]
    assert run(*argv, *[part for item in answered for part in ("--set", item)]) == 0
    captured = capsys.readouterr()
    assert "project_slug = 'Bad Slug'" in captured.err
    answers = cruft_answers(tmp_path / "initech-app")
    assert answers["customer_name"] == "Initech Corp"
    assert answers["integration_name"] == "Initech integration"
    assert answers["vendor_auth"] == "bearer_token"
    assert answers["vendor_idempotency_keys"] is False
    assert answers["vendor_pagination"] == "offset"
    assert answers["__package_name"] == "initech_app"
    assert "Select vendor_pagination" not in captured.out
    assert "How the vendor paginates lists" not in captured.out
    assert "How the service authenticates to the vendor" in captured.out


def test_interactive_end_of_input_aborts_cleanly(
    small_template: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    assert run("new", "--template", small_template, "-o", tmp_path / "out") == 130
    assert "aborted" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_a_template_file_that_does_not_render_is_one_clear_error(
    small_template: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (small_template / PROJECT_FOLDER / "README.md").write_text(f"{OPEN} unclosed\n")
    code = run("new", "--no-input", "--template", small_template, "-o", tmp_path / "out")
    assert code == 1
    err = capsys.readouterr().err
    assert "the template does not render in README.md" in err
    assert "Traceback" not in err


def test_a_broken_default_is_one_clear_error(
    small_template: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    questionnaire = json.loads((small_template / "cookiecutter.json").read_text())
    questionnaire["integration_name"] = f"{OPEN} cookiecutter.no_such_answer {CLOSE}"
    (small_template / "cookiecutter.json").write_text(json.dumps(questionnaire))
    assert run("questions", "--template", small_template) == 1
    err = capsys.readouterr().err
    assert "cannot render the defaults of cookiecutter.json" in err
    assert "Traceback" not in err


ANSWERED: dict[str, str] = {
    "customer_name": "Initech",
    "vendor_name": "Initech Billing",
    "integration_name": "Billing link",
    "project_slug": "billing-link",
    "vendor_base_url": "https://api.initech.example",
    "resource_name": "invoice",
    "vendor_auth": "bearer_token",
    "vendor_pagination": "offset",
    "vendor_idempotency_keys": "yes",
    "vendor_rate_limit": "5/second",
    "inbound_auth": "jwt",
    "data_classification": "internal",
    "state_backend": "memory",
    "ci_provider": "none",
    "python_version": "3.12",
}


def answered_except(*asked: str) -> list[str | Path]:
    return [
        part
        for key, value in ANSWERED.items()
        if key not in asked
        for part in ("--set", f"{key}={value}")
    ]


def type_in(monkeypatch: pytest.MonkeyPatch, *lines: str) -> None:
    """What the person types, line by line, read by the questionnaire's input()."""
    monkeypatch.setattr(sys, "stdin", io.StringIO("".join(f"{line}\n" for line in lines)))


def test_choices_take_a_name_a_prefix_or_a_number_and_show_the_names(
    small_template: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    asked = ("vendor_auth", "data_classification", "state_backend", "ci_provider")
    # vendor_auth by full name; data_classification by prefix; state_backend: a number out
    # of range, then a number; ci_provider: an ambiguous prefix, then a longer one.
    type_in(monkeypatch, "oauth2_client_credentials", "conf", "7", "2", "g", "gitl", "y")
    argv = ["new", "--template", small_template, "-o", tmp_path, *answered_except(*asked)]

    assert run(*argv) == 0

    captured = capsys.readouterr()
    answers = cruft_answers(tmp_path / "billing-link")
    assert answers["vendor_auth"] == "oauth2_client_credentials"
    assert answers["data_classification"] == "confidential_pii"
    assert answers["state_backend"] == "redis"
    assert answers["ci_provider"] == "gitlab"
    assert "1 - api_key_header: API key in a header" in captured.out
    assert "3 - oauth2_client_credentials" in captured.out
    assert "7 is not a number from 1 to 2" in captured.err
    assert "'g' could be github, gitlab" in captured.err


def test_the_summary_shows_every_answer_and_changes_one_before_writing(
    small_template: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # Nothing left to ask: the summary comes at once. Change vendor_auth by its name, then
    # python_version by its number in the summary, then confirm.
    number = KEYS.index("python_version") + 1
    type_in(monkeypatch, "vendor_auth", "hmac", str(number), "3.13", "")
    argv = ["new", "--template", small_template, "-o", tmp_path, *answered_except()]

    assert run(*argv) == 0

    out = capsys.readouterr().out
    assert out.count("Your answers:") == 3
    for key in KEYS:
        assert f". {key} " in out, key
    assert "vendor_idempotency_keys" in out and " yes\n" in out
    answers = cruft_answers(tmp_path / "billing-link")
    assert answers["vendor_auth"] == "hmac_signature"
    assert answers["python_version"] == "3.13"


def test_declining_the_summary_writes_nothing(
    small_template: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    type_in(monkeypatch, "n")
    argv = ["new", "--template", small_template, "-o", tmp_path / "out", *answered_except()]

    assert run(*argv) == 130

    assert "nothing was generated" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_yes_skips_the_summary(
    small_template: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    type_in(monkeypatch)  # nothing to read: a prompt would end the run
    argv = ["new", "--yes", "--template", small_template, "-o", tmp_path, *answered_except()]

    assert run(*argv) == 0
    assert "Your answers:" not in capsys.readouterr().out


@pytest.mark.parametrize(("backend", "needs_redis"), [("memory", False), ("redis", True)])
def test_next_steps_name_python_redis_and_the_readme_section(
    backend: str,
    needs_redis: bool,
    small_template: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    argv: list[str | Path] = ["new", "--no-input", "--template", small_template, "-o", tmp_path]
    sets = answered_except("state_backend")
    assert run(*argv, *sets, "--set", f"state_backend={backend}") == 0

    out = capsys.readouterr().out
    assert "Needs: Python 3.12 or later" in out
    assert ("redis-server" in out) is needs_redis
    assert 'README.md, section "Make it yours"' in out


def test_a_bad_url_gets_every_reason_at_once(
    small_template: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv: list[str | Path] = ["new", "--no-input", "--template", small_template]
    argv += ["-o", tmp_path / "out"]
    url = "ftp://user:hunter2@ host.example?q=1#top"

    assert run(*argv, "--set", f"vendor_base_url={url}") == 1

    err = capsys.readouterr().err
    for reason in ("spaces", "https://", "credentials", "query string", "fragment"):
        assert reason in err, reason
    assert "hunter2" not in err


def test_new_leaves_no_hook_script_in_the_temporary_folder(
    small_template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Cookiecutter alone leaves each rendered hook (answers included) in the temporary folder.
    temporary = tmp_path / "temporary"
    temporary.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temporary))
    code = run("new", "--no-input", "--template", small_template, "-o", tmp_path / "out")
    assert code == 0
    assert (tmp_path / "out" / "acme-crm-integration" / ".cruft.json").is_file()
    assert list(temporary.iterdir()) == []
    assert tempfile.gettempdir() == str(temporary)
