"""Render a project from a corpus vendor spec in process, as `new --vendor-spec` does: the
spec's proposals as answers (given answers winning), then the spec files written after
rendering."""

from __future__ import annotations

from pathlib import Path

from integration_template.vendor_spec import load_spec, propose, spec_files, write_spec_files
from tests.render.in_process import answers_for, render_in_process
from tests.support import ROOT
from tests.unit.test_vendor_spec import CASES, SPECS, Case

# Trello's spec describes no response body for GET /cards/{id}: no models to generate.
MODELLED = [case for case in CASES if case.vendor != "trello"]


def render_from_spec(output_dir: Path, case: Case) -> Path:
    spec = load_spec(SPECS / f"{case.vendor}.json")
    proposal = propose(spec, case.item, case.collection, case.given)
    given = {**proposal.answers, **case.given}
    answers = answers_for(given)
    project = render_in_process(output_dir / case.vendor, given)
    files = spec_files(spec, proposal, str(answers["resource_name"]))
    write_spec_files(project, ROOT, str(answers["__package_name"]), files)
    return project
