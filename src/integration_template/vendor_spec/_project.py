"""The vendor spec and its models in a freshly rendered project.

`spec_files` builds everything before rendering, so a spec the models cannot come from stops
`new` with nothing written; `write_spec_files` puts the files into the rendered project and
records them in its .integration-standard.json under their zones.yaml zones. This runs in the
command-line tool after rendering, never in the hooks: hooks stay pure so update tools can
re-run them, and a project rendered without a spec keeps exactly the template's files.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from ._canonical import CanonicalError
from ._document import SpecDocument
from ._mapping import MappingError
from ._models import generate_models, model_schemas
from ._proposal import Proposal
from ._service import DocEdit, service_files
from .project import vendor_models as tool

RECORD = ".integration-standard.json"
ZONES_FILE = "zones.yaml"
# Match order of zones.yaml (as the post_gen hook reads it).
ZONE_ORDER = ("generated", "seeded", "standard")
MODELS_FILE = "src/{package}/upstream/" + tool.MODELS_NAME
COPIED = {
    "tools/vendor_models.py": "vendor_models.py",
    "tests/unit/test_spec_models.py": "test_spec_models.py",
}
# The spec-shaped sandbox and tests, the same in every spec project.
SPEC_COPIED = {
    "sandbox/records.py": "sandbox_records.py",
    "sandbox/new_record.py": "sandbox_new_record.py",
    "tests/unit/test_normalize.py": "test_normalize.py",
    "tests/sandbox/test_records.py": "sandbox_test_records.py",
    "tests/sandbox/test_create.py": "sandbox_test_create.py",
    "tests/sandbox/test_contract.py": "sandbox_test_contract.py",
}


@dataclass(frozen=True)
class SpecFiles:
    """The project files a vendor spec brings, by path ({package} not yet expanded)."""

    files: dict[str, bytes]
    record: str
    # Edits of rendered documents that name the placeholder's fields (none when the
    # project keeps the template's placeholder mapping).
    edits: tuple[DocEdit, ...] = ()
    # Why the project keeps the placeholder's mapping, if it does.
    note: str | None = None

    def for_package(self, package: str) -> dict[str, bytes]:
        """The files under the package's name (in copied tests' imports too)."""
        return {
            path.replace("{package}", package): (
                data.replace(b"{package}", package.encode("ascii"))
                if path in SPEC_COPIED and path.endswith(".py")
                else data
            )
            for path, data in self.files.items()
        }


def _with_copies(files: dict[str, bytes]) -> dict[str, bytes]:
    project = resources.files(__package__).joinpath("project")
    return {
        **files,
        **{target: project.joinpath(source).read_bytes() for target, source in COPIED.items()},
    }


def _spec_copies() -> dict[str, bytes]:
    project = resources.files(__package__).joinpath("project", "shaped")
    return {target: project.joinpath(source).read_bytes() for target, source in SPEC_COPIED.items()}


def _item_id_parameter(item_path: str) -> str | None:
    found = re.search(r"\{([^{}]+)\}[^{}]*$", item_path)
    return found.group(1) if found else None


def _spec_files(spec_text: bytes, models: str, record: str) -> SpecFiles:
    """The spec, its models, and (when the record has an id and simple fields to map) the
    spec-shaped service, sandbox and tests; otherwise the project keeps the placeholder's
    mapping and `note` says why."""
    files = {tool.SPEC_FILE: spec_text, MODELS_FILE: models.encode("utf-8")}
    trimmed = json.loads(spec_text)
    _, item_path, _ = tool.resource_of(trimmed)
    try:
        wired = service_files(trimmed, _item_id_parameter(item_path), models, record)
    except (MappingError, CanonicalError) as error:
        note = f"no day-one mapping from the spec ({error}); the project keeps the template's"
        return SpecFiles(_with_copies(files), record, note=note + " placeholder mapping")
    return SpecFiles({**_with_copies(files), **wired.files, **_spec_copies()}, record, wired.edits)


def spec_files(spec: SpecDocument, proposal: Proposal, resource_name: str) -> SpecFiles:
    """The trimmed spec, the models generated from it, the tool and the freshness test, and
    the spec-shaped service, sandbox and tests."""
    answers = {**proposal.answers, "resource_name": resource_name}
    schemas = model_schemas(spec, replace(proposal, answers=answers))
    return _spec_files(schemas.spec_text, generate_models(schemas), schemas.record)


def kept_spec_files(project: Path) -> SpecFiles | None:
    """For `update`: the spec files of a project generated with --vendor-spec, the models
    regenerated from the project's own spec; None for a project without one."""
    path = project / tool.SPEC_FILE
    if not path.is_file():
        return None
    text = path.read_bytes()
    record = tool.model_document(json.loads(text)).record
    return _spec_files(text, tool.render_models(text), record)


def _pattern(pattern: str) -> re.Pattern[str]:
    """A zones.yaml pattern, read as the post_gen hook reads it: "*" within a segment, "**"
    across segments (the hook runs inside the rendered project and cannot import this)."""
    regex = re.escape(pattern).replace(r"\*\*/", "(?:[^/]+/)*").replace(r"\*\*", ".*")
    return re.compile(regex.replace(r"\*", "[^/]*"))


def _zone(zones: dict[str, Any], path: str, package: str) -> dict[str, str] | None:
    for zone in ZONE_ORDER:
        for entry in zones["zones"].get(zone) or []:
            rule = {key: str(value).replace("{package}", package) for key, value in entry.items()}
            if _pattern(rule["path"]).fullmatch(path):
                return {**rule, "zone": zone}
    return None


def edited_docs(project: Path, edits: Iterable[DocEdit]) -> dict[str, bytes]:
    """The rendered documents the edits change. A text the template no longer has is left
    alone; the spec projects' own docs tests (baked in the template suite) then fail on the
    placeholder's names."""
    texts: dict[str, str] = {}
    for path, pattern, replacement in edits:
        target = project / path
        if path not in texts and not target.is_file():
            continue
        text = texts.get(path) or target.read_text(encoding="utf-8")
        texts[path] = re.sub(pattern, replacement, text, count=1, flags=re.DOTALL)
    original = {path: (project / path).read_text(encoding="utf-8") for path in texts}
    return {path: text.encode("utf-8") for path, text in texts.items() if text != original[path]}


def write_spec_files(project: Path, template: Path, package: str, spec: SpecFiles) -> list[str]:
    """Write the files and record their zones (a path the template's zones.yaml does not
    know, as in a template from before --vendor-spec, stays out of the record); the written
    paths."""
    zones = yaml.safe_load((template / ZONES_FILE).read_text(encoding="utf-8"))
    record_path = project / RECORD
    record = json.loads(record_path.read_text(encoding="utf-8"))
    written = spec.for_package(package)
    written.update(edited_docs(project, spec.edits))
    for relative, data in written.items():
        target = project / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        target.chmod(0o644)
        rule = _zone(zones, relative, package)
        if rule is None:
            continue
        entry = {"zone": rule["zone"]}
        if rule["zone"] == "standard":
            entry["sha256"] = hashlib.sha256(data).hexdigest()
            entry["blob"] = hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()
        if "fresh" in rule:
            entry["fresh"] = rule["fresh"]
        record["files"][relative] = entry
    record["files"] = dict(sorted(record["files"].items()))
    record_path.write_text(json.dumps(record, indent=2, ensure_ascii=False) + "\n", "utf-8")
    return sorted(written)


def keep_spec_in_renders(project: Path, package: str, renders: Iterable[tuple[Path, Path]]) -> None:
    """For `update`: put the project's spec files into each (render, template) pair, so they
    merge like the template's own files and the new record lists them."""
    kept = kept_spec_files(project)
    if kept is not None:
        for render, template in renders:
            write_spec_files(render, template, package, kept)
