"""The template's test environment holds every dependency a generated project asks for.

The baked tier lints, type-checks and tests generated projects in this one environment, so
a requirement a generated pyproject.toml adds (under any answer) must be in the template's
`test` extra too, with the same range.
"""

from __future__ import annotations

import re
import tomllib

from tests.support import ROOT, TEMPLATE_DIR

# One quoted requirement per line, as the generated pyproject.toml writes them.
REQUIREMENT = re.compile(r'^\s*"([A-Za-z0-9][A-Za-z0-9._-]*(?:\[[a-z,]+\])?[<>=!~][^"]*)",?\s*$')
# The template's own tools, which a generated project's dev extra may name differently.
TEMPLATE_TOOLS = frozenset({"hatchling"})
# Installed on demand by the generated `make mutation` (its own extra), never by the baked tier.
ON_DEMAND_TOOLS = frozenset({"mutmut"})


def generated_requirements() -> set[str]:
    """Every requirement of the generated pyproject.toml, whatever the answers (the Jinja
    branches are read as text, so each optional requirement counts)."""
    text = (TEMPLATE_DIR / "pyproject.toml").read_text(encoding="utf-8")
    found = {match.group(1) for line in text.splitlines() if (match := REQUIREMENT.match(line))}
    return {
        requirement
        for requirement in found
        if name_of(requirement) not in TEMPLATE_TOOLS | ON_DEMAND_TOOLS
    }


def name_of(requirement: str) -> str:
    return re.split(r"[\[<>=!~]", requirement, maxsplit=1)[0].lower()


def test_the_test_extra_holds_every_generated_requirement() -> None:
    template = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    test_extra = set(template["project"]["optional-dependencies"]["test"])
    generated = generated_requirements()
    assert {"fastapi>=0.115,<1", "PyJWT[crypto]>=2.8,<3", "redis>=5.2,<8"} <= generated
    assert generated - test_extra == set()


def test_make_install_bootstraps_the_uv_of_the_test_extra() -> None:
    template = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    uv = [
        req for req in template["project"]["optional-dependencies"]["test"] if name_of(req) == "uv"
    ]
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert len(uv) == 1
    assert f"-m pip install --quiet '{uv[0]}'" in makefile
