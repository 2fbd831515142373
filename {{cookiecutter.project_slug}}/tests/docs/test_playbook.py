"""docs/troubleshooting.md is the error catalog, rendered; a catalog change needs `make docs`."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from {{ cookiecutter.__package_name }}.errors import (
    CATALOG,
)
from {{ cookiecutter.__package_name }}.playbook import (
    LOG_FIELDS,
    RELATED_METRICS,
    RETRY_NO_CALLER,
    listed_codes,
    main,
    metric_for,
    render_playbook,
    words,
)

from tests.docs.markdown import DOCS

PLAYBOOK = DOCS / "troubleshooting.md"
RENDER_IN_ANOTHER_PROCESS = (
    "import sys; from {{ cookiecutter.__package_name }}.playbook import render_playbook; "
    "sys.stdout.write(render_playbook())"
)


def sections(text: str) -> dict[str, str]:
    """The playbook's entries by code ("## CODE" up to the next heading)."""
    parts = text.split("\n## ")
    return {part.split("\n", 1)[0]: part for part in parts[1:]}


def test_the_committed_playbook_is_the_catalog_rendered() -> None:
    committed = PLAYBOOK.read_text(encoding="utf-8")
    assert committed == render_playbook(), "docs/troubleshooting.md is stale: run `make docs`"


@pytest.mark.parametrize("hash_seed", ["1", "2"])
def test_rendering_is_deterministic_across_processes(hash_seed: str) -> None:
    # Another process with another string-hash seed: set or dict ordering that leaks into
    # the text would change it.
    rendered = subprocess.run(
        [sys.executable, "-c", RENDER_IN_ANOTHER_PROCESS],
        capture_output=True,
        check=True,
        # This process's module path: the package need not be installed.
        env={**os.environ, "PYTHONHASHSEED": hash_seed, "PYTHONPATH": os.pathsep.join(sys.path)},
        text=True,
        timeout=60,
    ).stdout

    assert rendered == render_playbook()


def test_every_listed_code_has_an_entry_with_status_meaning_actor_and_retry() -> None:
    entries = sections(render_playbook())
    assert [code for code in entries if code in CATALOG] == listed_codes()
    for code in listed_codes():
        spec, entry = CATALOG[code], entries[code]
        assert f"**{spec.status} {spec.title}.** {spec.explanation}" in entry
        assert "- Who acts: " in entry
        assert ("- Retry: Yes" if spec.retryable else "- Retry: No") in entry
        assert all(f"- {words(cause)}" in entry for cause in spec.causes)
        assert all(words(check) in entry for check in spec.checks)
        assert metric_for(code) in entry
        assert all(f"`{field}`" in entry for field in LOG_FIELDS)


def test_no_entry_asks_for_a_changed_request_and_a_retry_at_once() -> None:
    for code, entry in sections(render_playbook()).items():
        if code in CATALOG:
            assert not (RETRY_NO_CALLER in entry and "- Retry: Yes" in entry), code


def test_placeholders_are_all_filled() -> None:
    playbook = render_playbook()
    assert "{" not in playbook.replace('{error_code="', "")


def test_summary_table_lists_every_listed_code_with_its_status() -> None:
    playbook = render_playbook()
    for code, spec in CATALOG.items():
        row = f"[`{code}`](#{code.lower()}) | {spec.status} |"
        assert (row in playbook) == (code in listed_codes()), code


def test_related_metrics_name_catalog_codes() -> None:
    assert set(RELATED_METRICS) <= set(CATALOG)


def test_the_command_writes_and_checks(tmp_path: Path) -> None:
    path = tmp_path / "docs" / "troubleshooting.md"
    assert main(["--check", "--path", str(path)]) == 1
    assert main(["--path", str(path)]) == 0
    assert main(["--check", "--path", str(path)]) == 0
    path.write_text(path.read_text(encoding="utf-8") + "An edit by hand.\n", encoding="utf-8")
    assert main(["--check", "--path", str(path)]) == 1
