"""The extension reads the template's commit from its .git files (renders run no git), so a
plain cookiecutter render records the commit git itself would name."""

from __future__ import annotations

import subprocess
from pathlib import Path

from template_extensions import checkout_commit, zones_table
from tests.standard.repos import commit_all, git, require_git


def head(folder: Path) -> str:
    return subprocess.run(
        ["git", "-C", str(folder), "rev-parse", "HEAD"], capture_output=True, text=True, check=True
    ).stdout.strip()


def test_loose_packed_detached_and_worktree_heads(tmp_path: Path) -> None:
    require_git()
    repo = tmp_path / "template"
    repo.mkdir()
    assert checkout_commit(repo) == ""  # not a git checkout
    git(repo, "init", "-q", "-b", "main")
    (repo / "cookiecutter.json").write_text("{}\n")
    first = commit_all(repo, "one")
    assert checkout_commit(repo) == first  # loose ref

    git(repo, "pack-refs", "--all")
    assert checkout_commit(repo) == first  # packed ref

    second = commit_all(repo, "two")
    git(repo, "checkout", "-q", "--detach", first)
    assert checkout_commit(repo) == first  # detached HEAD

    linked = tmp_path / "linked"
    git(repo, "worktree", "add", "-q", "-b", "other", str(linked), second)
    assert checkout_commit(linked) == head(linked) == second  # .git file, common dir refs


def test_the_zones_table_names_the_package_and_every_zone() -> None:
    table = zones_table("acme_crm_integration")
    lines = table.splitlines()
    assert lines[0] == "| Zone | Files | Whose |"
    assert [line.split(" | ")[0] for line in lines[2:]] == ["| generated", "| seeded", "| standard"]
    assert "`src/acme_crm_integration/normalize.py`" in lines[3]
    assert "{package}" not in table
