"""Schemathesis fuzzes the running service from its own OpenAPI document.

It must find no server error, no undocumented status code, and no response that breaks the
documented content type or schema. Examples are bounded and the seed fixed, so the run is
repeatable and takes seconds.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from {{ cookiecutter.__package_name }}.constants import (
    READ_SCOPE,
    WRITE_SCOPE,
)

from tests.support.inbound_{{ cookiecutter.inbound_auth }} import (
    CallerCredentials,
)

CHECKS = ",".join(
    [
        "not_a_server_error",
        "status_code_conformance",
        "content_type_conformance",
        "response_schema_conformance",
    ]
)
MAX_EXAMPLES = int(os.environ.get("SCHEMATHESIS_MAX_EXAMPLES", "15"))
# The coverage phase (boundary and negative cases) is the thorough and slow one; a caller
# that runs many projects at once may trim the phases and examples with these variables.
PHASES = os.environ.get("SCHEMATHESIS_PHASES", "examples,coverage,fuzzing")
TIMEOUT_SECONDS = 240


def test_fuzzing_finds_no_server_error_or_undocumented_answer(
    service_url: str,
    credentials: CallerCredentials,
    tmp_path: Path,
    openapi_document: dict[str, object],
) -> None:
    schema = tmp_path / "openapi.json"
    schema.write_text(json.dumps(openapi_document), encoding="utf-8")
    (authorization,) = credentials.headers(READ_SCOPE, WRITE_SCOPE).items()

    result = subprocess.run(
        [
            sys.executable, "-m", "schemathesis.cli", "run", str(schema),
            "--url", service_url,
            "--header", f"{authorization[0]}: {authorization[1]}",
            "--checks", CHECKS,
            "--max-examples", str(MAX_EXAMPLES),
            "--phases", PHASES,
            "--seed", "1",
            "--generation-deterministic",
            "--request-timeout", "30",
            "--no-color",
        ],
        capture_output=True,
        text=True,
        timeout=TIMEOUT_SECONDS,
        check=False,
    )  # fmt: skip

    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
