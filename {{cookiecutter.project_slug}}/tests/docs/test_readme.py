"""The README's create example works against the service, and "Make it yours" names the
seeded files that hold the placeholder model."""

from __future__ import annotations

import json
import re
import uuid

import httpx

from {{ cookiecutter.__package_name }}.constants import (
    RESOURCE_PLURAL,
    WRITE_SCOPE,
)

from tests.docs.markdown import DOCS
from tests.support.inbound_{{ cookiecutter.inbound_auth }} import (
    CallerCredentials,
)

README = (DOCS.parent / "README.md").read_text(encoding="utf-8")
CREATE_BODY = re.compile(r"-X POST [^\n]*/v1/[^\n]*\n(?:[^\n]*\\\n)*?\s*-d '([^']+)'")


def make_it_yours() -> str:
    assert "\n## Make it yours\n" in README
    return README.split("\n## Make it yours\n", 1)[1].split("\n## ", 1)[0]


def test_make_it_yours_lists_the_seeded_model_files_and_their_tests() -> None:
    section = make_it_yours()
    for path in ("/models.py`", "/upstream/models.py`", "/normalize.py`", "`sandbox/records.py`"):
        assert path in section, path
    for test in ("tests/unit/test_normalize.py", "tests/flow/test_create.py"):
        assert f"`{test}`" in section, test


def test_the_readme_create_example_creates_a_record(
    client: httpx.Client, credentials: CallerCredentials
) -> None:
    bodies = CREATE_BODY.findall(README)
    assert len(bodies) == 1, "the README should show one create"
    headers = {**credentials.headers(WRITE_SCOPE), "Idempotency-Key": str(uuid.uuid4())}

    response = client.post(f"/v1/{RESOURCE_PLURAL}", json=json.loads(bodies[0]), headers=headers)

    assert response.status_code == 201, response.text
