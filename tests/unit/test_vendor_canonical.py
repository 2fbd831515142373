"""The canonical record written from the day-one mapping, on the real corpus: ruff- and
mypy --strict-clean beside the vendor models it reads, and every sandbox record of the
spec's shape maps through the vendor models to a canonical record carrying the vendor's
values (rendered into projects by spec_files)."""

from __future__ import annotations

import enum
import importlib
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from integration_template.vendor_spec import generate_models, load_spec, model_schemas, propose
from integration_template.vendor_spec._canonical import canonical_module, canonical_types
from integration_template.vendor_spec._mapping import mapping_section, plan_mapping, record_schema
from integration_template.vendor_spec._samples import sample_records
from tests.support import ROOT, run_checked
from tests.unit.test_vendor_mapping import MAPPED
from tests.unit.test_vendor_spec import SPECS, Case

COUNT = 10


def write_package(folder: Path, case: Case) -> tuple[str, Any, Any]:
    """pkg_<vendor>/upstream/spec_models.py and pkg_<vendor>/canonical.py; the package name,
    the plan and the record schema."""
    spec = load_spec(SPECS / f"{case.vendor}.json")
    proposal = propose(spec, case.item, case.collection, case.given)
    schemas = model_schemas(spec, proposal)
    trimmed = json.loads(schemas.spec_text)
    plan = plan_mapping(trimmed, proposal.facts.item_id_parameter)
    package = f"pkg_{case.vendor}"
    upstream = folder / package / "upstream"
    upstream.mkdir(parents=True)
    (folder / package / "__init__.py").write_text("")
    (upstream / "__init__.py").write_text("")
    (upstream / "spec_models.py").write_text(generate_models(schemas))
    models = importlib.import_module(f"{package}.upstream.spec_models")
    (folder / package / "canonical.py").write_text(canonical_module(plan, models, schemas.record))
    samples = sample_records(
        trimmed, plan, record_schema(trimmed)[0], proposal.facts.item_path, COUNT
    )
    return package, plan, (getattr(models, schemas.record), samples)


@pytest.fixture(scope="module")
def packages(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[dict[str, tuple[str, Any, Any]]]:
    folder = tmp_path_factory.mktemp("canonical")
    sys.path.insert(0, str(folder))
    try:
        yield {case.vendor: write_package(folder, case) for case in MAPPED}
    finally:
        sys.path.remove(str(folder))


def test_the_canonical_modules_are_ruff_and_mypy_clean(
    packages: dict[str, tuple[str, Any, Any]],
) -> None:
    folder = Path(sys.modules[next(iter(packages.values()))[0]].__file__ or "").parents[1]
    modules = [str(folder / package / "canonical.py") for package, _, _ in packages.values()]
    bin_dir = Path(sys.executable).parent
    run_checked(
        [
            str(bin_dir / "ruff"),
            "check",
            "--isolated",
            "--select",
            "E,F,W,I,UP,B,RUF",
            "--line-length",
            "100",
            *modules,
        ],
        ROOT,
    )
    run_checked(
        [
            str(bin_dir / "ruff"),
            "format",
            "--isolated",
            "--check",
            "--line-length",
            "100",
            *modules,
        ],
        ROOT,
    )
    run_checked([sys.executable, "-m", "mypy", "--strict", "--no-incremental", *modules], folder)


@pytest.mark.parametrize("case", MAPPED, ids=[case.vendor for case in MAPPED])
def test_sandbox_records_map_to_canonical_records(
    case: Case, packages: dict[str, tuple[str, Any, Any]]
) -> None:
    package, plan, (record_model, samples) = packages[case.vendor]
    canonical = importlib.import_module(f"{package}.canonical")
    for sample in samples:
        wire = {plan.envelope: sample} if plan.envelope else sample
        vendor = record_model.model_validate(wire)
        resource = canonical.to_resource(vendor)
        assert isinstance(resource, BaseModel)
        dumped = resource.model_dump(mode="json")
        assert dumped["id"] == str(sample[plan.id_field.vendor_name])
        for field in plan.mapped[1:]:
            expected = sample.get(field.vendor_name)
            got = dumped[field.canonical_name]
            if isinstance(expected, str) and field.scalar.format == "date-time":
                assert got is not None
            elif isinstance(expected, enum.Enum):
                assert got == expected.value
            else:
                assert got == expected, field


def test_the_guide_section_lists_mapped_fields_with_their_types_and_the_rest(
    packages: dict[str, tuple[str, Any, Any]],
) -> None:
    package, plan, (record_model, _) = packages["github"]
    models = sys.modules[f"{package}.upstream.spec_models"]
    section = mapping_section(plan, canonical_types(plan, models, record_model.__name__))
    # The canonical id is a string whatever the vendor's type (an int here).
    assert "| `number` | `id` | `str` |" in section
    assert "| `comments` | `comments` | `int` |" in section
    assert "| `body` | `body` | `str \\| None` |" in section
    assert all(f"- `{field.vendor_name}`: {field.reason}" in section for field in plan.unmapped)
    assert "- `milestone`: a nested object" in section
    assert "inside" not in section
    package, plan, (record_model, _) = packages["asana"]
    models = sys.modules[f"{package}.upstream.spec_models"]
    types = canonical_types(plan, models, record_model.__name__)
    assert "The vendor sends the record inside `data`." in mapping_section(plan, types)
