"""The sandbox keeps the vendor's published contract: its answers to a GET of a record, to a
list and to a create validate against the response schemas of the vendor's own spec
(spec/vendor-openapi.json), so the sandbox cannot drift from what the vendor publishes."""

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from {package}.constants import VENDOR_PAGINATION_STYLE

from sandbox.config import PAGINATION_STYLES
from tests.sandbox.harness import start_sandbox
from tests.support.records import FIRST_ID, VENDOR_MISTYPED_FIELD, VENDOR_NEW_RECORD, vendor_create

SPEC: dict[str, Any] = json.loads(
    (Path(__file__).resolve().parents[2] / "spec" / "vendor-openapi.json").read_text("utf-8")
)
RESOURCE: dict[str, str] = SPEC["x-integration-service"]
SUCCESS = ("200", "201", "2XX", "2xx", "default")


def resolved(value: Any) -> Any:
    while isinstance(value, dict) and isinstance(value.get("$ref"), str):
        node: Any = SPEC
        for part in value["$ref"].removeprefix("#/").split("/"):
            node = node[part.replace("~1", "/").replace("~0", "~")]
        value = node
    return value


def json_schema(value: Any) -> Any:
    """OpenAPI 3.0's `nullable: true` as JSON Schema's null type, for the validator."""
    if isinstance(value, list):
        return [json_schema(item) for item in value]
    if not isinstance(value, dict):
        return value
    converted = {key: json_schema(item) for key, item in value.items()}
    if converted.get("nullable") is True:
        declared = converted.get("type")
        if isinstance(declared, str):
            converted["type"] = [declared, "null"]
        elif "enum" in converted:
            converted["enum"] = [*converted["enum"], None]
        else:
            converted = {"anyOf": [converted, {"type": "null"}]}
    return converted


def answer_schema(path: str, method: str) -> dict[str, Any]:
    """The JSON schema of the spec's success answer to `method` on `path`."""
    responses = resolved(SPEC["paths"][path])[method]["responses"]
    code = next(code for code in SUCCESS if code in responses)
    content = resolved(responses[code])["content"]
    media = next((name for name in content if "json" in name), next(iter(content)))
    schema: dict[str, Any] = content[media]["schema"]
    return schema


def problems(path: str, method: str, answer: object) -> list[str]:
    root = json_schema({**answer_schema(path, method), "components": SPEC.get("components", {})})
    draft = (
        jsonschema.Draft4Validator
        if str(SPEC["openapi"]).startswith("3.0")
        else jsonschema.Draft202012Validator
    )
    errors = draft(root).iter_errors(answer)
    return [f"{list(error.path)}: {error.message}" for error in errors][:5]


def test_a_record_is_the_vendors_record() -> None:
    sandbox = start_sandbox()

    answer = sandbox.client.get(f"/contacts/{FIRST_ID}").json()

    assert problems(RESOURCE["item"], "get", answer) == []


def test_a_page_is_the_vendors_list() -> None:
    # The sandbox pages as the service expects the vendor to (the answers' pagination).
    pagination = next(style for style in PAGINATION_STYLES if style == VENDOR_PAGINATION_STYLE)
    sandbox = start_sandbox(pagination=pagination)

    answer = sandbox.client.get("/contacts").json()

    assert problems(RESOURCE["collection"], "get", answer) == []


def test_a_created_record_is_the_vendors_record() -> None:
    if "post" not in resolved(SPEC["paths"][RESOURCE["collection"]]):
        pytest.skip("the vendor's spec describes no create")
    sandbox = start_sandbox()

    answer = sandbox.client.post("/contacts", **vendor_create(VENDOR_NEW_RECORD)).json()

    assert problems(RESOURCE["collection"], "post", answer) == []


def test_a_record_off_the_contract_is_caught() -> None:
    sandbox = start_sandbox()
    sandbox.queue_fault(
        operation="get", fault="mistyped_field", params={"field": VENDOR_MISTYPED_FIELD}
    )

    answer = sandbox.client.get(f"/contacts/{FIRST_ID}").json()

    assert problems(RESOURCE["item"], "get", answer) != []
