"""Answers proposed from real vendors' OpenAPI descriptions, and the specs refused clearly."""

from __future__ import annotations

import importlib.util
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from integration_template.answers import user_name
from integration_template.cli import main
from integration_template.vendor_spec import (
    PROPOSED_FROM,
    VendorSpecError,
    load_spec,
    propose,
    summary,
    trim_spec,
)
from integration_template.vendor_spec._naming import singular, vendor_name
from integration_template.vendor_spec._proposal import AUTH_CHOICES
from tests.support import CHOICE_QUESTIONS

SPECS = Path(__file__).resolve().parents[1] / "vendor_specs"


@dataclass(frozen=True)
class Case:
    """One vendor: the resource chosen, what the spec proposes, what else it says."""

    vendor: str
    item: str
    collection: str | None
    answers: dict[str, object]
    given: dict[str, object] = field(default_factory=dict)
    records: str | None = None
    top_level_array: bool = False
    media_type: str | None = None
    parents: tuple[str, ...] = ()
    header_name: str | None = None
    token_url: str | None = None
    pagination_parameters: tuple[str, ...] = ()


CASES = [
    Case(
        "stripe",
        "/v1/products/{id}",
        None,
        {
            "vendor_name": "Stripe",
            "resource_name": "product",
            "__resource_plural": "products",
            "vendor_base_url": "https://api.stripe.com/v1",
            "vendor_auth": "bearer_token",
            "vendor_pagination": "cursor",
            "vendor_idempotency_keys": False,
        },
        records="data",
        media_type="application/x-www-form-urlencoded",
        pagination_parameters=("ending_before", "starting_after", "limit"),
    ),
    Case(
        "asana",
        "/tasks/{task_gid}",
        None,
        {
            "vendor_name": "Asana",
            "resource_name": "task",
            "__resource_plural": "tasks",
            "vendor_base_url": "https://app.asana.com/api/1.0",
            "vendor_auth": "bearer_token",
            # Asana's `offset` is an opaque string token, not a number.
            "vendor_pagination": "cursor",
            "vendor_idempotency_keys": False,
        },
        records="data",
        media_type="application/json",
        pagination_parameters=("offset", "limit"),
    ),
    Case(
        "github",
        "/repos/{owner}/{repo}/issues/{issue_number}",
        None,
        {
            "vendor_name": "GitHub",
            "resource_name": "issue",
            "__resource_plural": "issues",
            "vendor_base_url": "https://api.github.com",
            "vendor_pagination": "link_header",
            "vendor_idempotency_keys": False,
        },
        given={"vendor_auth": "bearer_token"},
        top_level_array=True,
        media_type="application/json",
        parents=("owner", "repo"),
        pagination_parameters=("page", "per_page"),
    ),
    Case(
        "trello",
        "/cards/{id}",
        "/boards/{id}/cards",
        {
            "vendor_name": "Trello",
            "resource_name": "card",
            "__resource_plural": "cards",
            "vendor_base_url": "https://trello.com/1",
        },
        given={"vendor_auth": "api_key_header"},
        parents=("idBoard",),
    ),
    Case(
        "twilio",
        "/2010-04-01/Accounts/{AccountSid}/Messages/{Sid}.json",
        "/2010-04-01/Accounts/{AccountSid}/Messages.json",
        {
            "vendor_name": "Twilio",
            "resource_name": "message",
            "__resource_plural": "messages",
            "vendor_base_url": "https://api.twilio.com",
            "vendor_pagination": "cursor",
            "vendor_idempotency_keys": False,
        },
        given={"vendor_auth": "api_key_header"},
        records="messages",
        media_type="application/x-www-form-urlencoded",
        parents=("AccountSid",),
        pagination_parameters=("PageToken", "PageSize"),
    ),
    Case(
        "square",
        "/v2/customers/{customer_id}",
        None,
        {
            "vendor_name": "Square Connect",
            "resource_name": "customer",
            "__resource_plural": "customers",
            "vendor_base_url": "https://connect.squareup.com/v2",
            "vendor_pagination": "cursor",
            "vendor_idempotency_keys": False,
        },
        given={"vendor_auth": "bearer_token"},
        records="customers",
        media_type="application/json",
        pagination_parameters=("cursor", "limit"),
    ),
    Case(
        "slack",
        "/conversations.info",
        "/conversations.list",
        {
            "vendor_name": "Slack",
            "resource_name": "conversation",
            "__resource_plural": "conversations",
            "vendor_base_url": "https://slack.com/api",
            "vendor_pagination": "cursor",
        },
        given={"vendor_auth": "bearer_token"},
        records="channels",
        pagination_parameters=("cursor", "limit"),
    ),
    Case(
        "launchdarkly",
        "/projects/{projectKey}",
        None,
        {
            "vendor_name": "LaunchDarkly",
            "resource_name": "project",
            "__resource_plural": "projects",
            "vendor_base_url": "https://app.launchdarkly.com/api/v2",
            "vendor_auth": "api_key_header",
            "vendor_idempotency_keys": False,
        },
        records="items",
        media_type="application/json",
        header_name="Authorization",
    ),
    Case(
        "sendgrid",
        "/templates/{template_id}",
        None,
        {
            # As the spec spells them (see SOURCES.md): the person corrects both.
            "vendor_name": "Email Activity (beta)",
            "resource_name": "template",
            "__resource_plural": "templates",
            "vendor_base_url": "http://api.sendgrid.com/v3",
            "vendor_auth": "api_key_header",
            "vendor_pagination": "cursor",
            "vendor_idempotency_keys": False,
        },
        records="result",
        media_type="application/json",
        header_name="Authorization",
        pagination_parameters=("page_token", "page_size"),
    ),
    Case(
        "salesloft",
        "/v2/people/{id}.json",
        "/v2/people.json",
        {
            "vendor_name": "SalesLoft Platform",
            "resource_name": "person",
            "__resource_plural": "people",
            "vendor_base_url": "https://api.salesloft.com",
            "vendor_auth": "oauth2_client_credentials",
            "vendor_pagination": "page_number",
            "vendor_idempotency_keys": False,
        },
        # The spec says a top-level array (SalesLoft wraps it in `data`): as the spec says.
        top_level_array=True,
        media_type="application/x-www-form-urlencoded",
        token_url="https://accounts.salesloft.com/oauth/token",
        pagination_parameters=("page", "per_page"),
    ),
    Case(
        "vimeo",
        "/users/{user_id}/albums/{album_id}",
        None,
        {
            "vendor_name": "Vimeo",
            "resource_name": "album",
            "__resource_plural": "albums",
            "vendor_base_url": "https://api.vimeo.com",
            "vendor_auth": "oauth2_client_credentials",
            "vendor_pagination": "page_number",
            "vendor_idempotency_keys": False,
        },
        top_level_array=True,
        media_type="application/vnd.vimeo.album+json",
        parents=("user_id",),
        token_url="https://api.vimeo.com/oauth/authorize/client",
        pagination_parameters=("page", "per_page"),
    ),
    Case(
        "mailchimp",
        "/lists/{list_id}/members/{subscriber_hash}",
        None,
        {
            "vendor_name": "Mailchimp Marketing",
            "resource_name": "member",
            "__resource_plural": "members",
            "vendor_base_url": "https://server.api.mailchimp.com/3.0",
            "vendor_pagination": "offset",
            "vendor_idempotency_keys": False,
        },
        given={"vendor_auth": "api_key_header"},
        records="members",
        media_type="application/json",
        parents=("list_id",),
        pagination_parameters=("offset", "count"),
    ),
    Case(
        "linode",
        "/linode/instances/{linodeId}",
        None,
        {
            "vendor_name": "Linode",
            "resource_name": "instance",
            "__resource_plural": "instances",
            # The generated client calls <vendor_base_url>/<resource_plural>.
            "vendor_base_url": "https://api.linode.com/v4/linode",
            "vendor_auth": "bearer_token",
            "vendor_pagination": "page_number",
            "vendor_idempotency_keys": False,
        },
        records="data",
        media_type="application/json",
        pagination_parameters=("page", "page_size"),
    ),
]


def proposal_for(case: Case, given: dict[str, object] | None = None) -> Any:
    spec = load_spec(SPECS / f"{case.vendor}.json")
    return propose(spec, case.item, case.collection, case.given if given is None else given)


def test_the_corpus_has_ten_vendors_or_more_and_each_is_small() -> None:
    files = sorted(path.stem for path in SPECS.glob("*.json"))
    assert files == sorted(case.vendor for case in CASES)
    assert len(files) >= 10
    for path in SPECS.glob("*.json"):
        assert path.stat().st_size < 128 * 1024, path.name
        assert path.name in (SPECS / "SOURCES.md").read_text()


@pytest.mark.parametrize("case", CASES, ids=[case.vendor for case in CASES])
def test_proposed_answers_and_facts(case: Case) -> None:
    proposal = proposal_for(case)
    assert proposal.answers == case.answers
    facts = proposal.facts
    assert facts.records_property == case.records
    assert facts.records_at_top_level == case.top_level_array
    assert facts.create_media_type == case.media_type
    assert tuple(parameter.name for parameter in facts.parent_parameters) == case.parents
    assert facts.pagination_parameters == case.pagination_parameters
    auth = facts.auth
    assert (auth.header_name if auth else None) == case.header_name
    assert (auth.token_url if auth else None) == case.token_url
    assert set(proposal.reasons) == set(case.answers)


@pytest.mark.parametrize(
    ("vendor", "named"),
    [
        ("github", "the spec declares no security"),
        ("trello", "api_key (apiKey in query 'key')"),
        ("twilio", "accountSid_authToken (http basic)"),
        ("square", "oauth2 (oauth2 authorizationCode)"),
        ("slack", "slackAuth (oauth2 authorizationCode)"),
        ("mailchimp", "basicAuth (http basic)"),
    ],
)
def test_auth_the_template_cannot_serve_is_named_with_the_answer_to_give(
    vendor: str, named: str
) -> None:
    case = next(case for case in CASES if case.vendor == vendor)
    with pytest.raises(VendorSpecError) as raised:
        proposal_for(case, given={})
    message = str(raised.value)
    assert message.startswith(f"the vendor spec {vendor}.json cannot propose answers")
    assert "nothing was generated" in message
    assert named in message
    assert "--set vendor_auth=" in message
    assert [problem.where for problem in raised.value.problems] == ["security"]


def test_scopes_of_a_client_credentials_scheme_are_the_required_ones() -> None:
    proposal = proposal_for(next(case for case in CASES if case.vendor == "vimeo"))
    assert proposal.facts.auth is not None
    assert "public" in proposal.facts.auth.scopes
    assert proposal.facts.settings()["VENDOR_TOKEN_URL"] == (
        "https://api.vimeo.com/oauth/authorize/client"
    )


def test_summary_says_where_each_answer_came_from() -> None:
    case = next(case for case in CASES if case.vendor == "github")
    proposal = proposal_for(case)
    answers = {
        "customer_name": "Globex Corporation",
        **proposal.answers,
        "vendor_auth": "bearer_token",
        "vendor_pagination": "cursor",
    }
    text = summary(
        proposal, answers, {"vendor_auth": "bearer_token", "vendor_pagination": "cursor"}
    )
    lines = {line.split()[0]: line for line in text.splitlines() if line.startswith("  ")}
    assert lines["customer_name"].endswith("default")
    assert lines["vendor_name"].endswith("from the spec: info.title 'GitHub v3 REST API'")
    assert lines["vendor_auth"].endswith("given")
    assert lines["vendor_pagination"].endswith("given (the spec proposed link_header)")
    assert lines["resource_plural"].split()[1] == "issues"
    assert "parent path parameter {owner} (string)" in text
    assert "VENDOR_COLLECTION_PATH=/repos/<owner>/<repo>/issues" in text
    assert "list records: the list response is a top-level array" in text


def test_header_name_and_token_url_map_to_the_generated_settings() -> None:
    launchdarkly = proposal_for(next(case for case in CASES if case.vendor == "launchdarkly"))
    assert launchdarkly.facts.settings() == {"VENDOR_API_KEY_HEADER_NAME": "Authorization"}
    text = summary(launchdarkly, dict(launchdarkly.answers), {})
    assert "  VENDOR_API_KEY_HEADER_NAME=Authorization" in text


# --- documents of our own: the shapes the corpus does not show --------------------------


def write(folder: Path, name: str, document: object) -> Path:
    path = folder / name
    text = json.dumps(document) if name.endswith(".json") else str(document)
    path.write_text(text, encoding="utf-8")
    return path


def minimal(**overrides: Any) -> dict[str, Any]:
    document: dict[str, Any] = {
        "openapi": "3.1.0",
        "info": {"title": "Initech Billing API", "version": "1"},
        "servers": [
            {
                "url": "https://{region}.initech.example/v2",
                "variables": {"region": {"default": "eu"}},
            }
        ],
        "security": [{"key": []}],
        "components": {
            "securitySchemes": {"key": {"type": "apiKey", "in": "header", "name": "X-Initech-Key"}},
            "schemas": {
                "Invoice": {"type": "object", "properties": {"id": {"type": "string"}}},
            },
        },
        "paths": {
            "/invoices": {
                "get": {
                    "parameters": [
                        {"name": "offset", "in": "query", "schema": {"type": "integer"}},
                        {"name": "limit", "in": "query", "schema": {"type": "integer"}},
                    ],
                    "responses": {
                        "200": {
                            "description": "ok",
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "type": "object",
                                        "properties": {
                                            "invoices": {
                                                "type": "array",
                                                "items": {"$ref": "#/components/schemas/Invoice"},
                                            },
                                            "total": {"type": "integer"},
                                        },
                                    }
                                }
                            },
                        }
                    },
                },
                "post": {
                    "parameters": [
                        {"name": "Idempotency-Key", "in": "header", "schema": {"type": "string"}}
                    ],
                    "requestBody": {"content": {"application/json": {"schema": {}}}},
                    "responses": {"201": {"description": "created"}},
                },
            },
            "/invoices/{invoice_id}": {
                "get": {"responses": {"200": {"description": "ok"}}},
            },
        },
    }
    document.update(overrides)
    return document


def test_a_minimal_yaml_spec_with_variables_offset_and_idempotency_keys(tmp_path: Path) -> None:
    import yaml

    path = write(tmp_path, "initech.yaml", yaml.safe_dump(minimal()))
    proposal = propose(load_spec(path), "/invoices/{invoice_id}")
    assert proposal.answers == {
        "vendor_name": "Initech Billing",
        "resource_name": "invoice",
        "__resource_plural": "invoices",
        "vendor_base_url": "https://eu.initech.example/v2",
        "vendor_auth": "api_key_header",
        "vendor_pagination": "offset",
        "vendor_idempotency_keys": True,
    }
    assert proposal.facts.records_property == "invoices"
    assert proposal.facts.auth is not None
    assert proposal.facts.auth.header_name == "X-Initech-Key"


def test_external_refs_are_read_from_files_next_to_the_spec(tmp_path: Path) -> None:
    document = minimal()
    document["components"]["securitySchemes"] = {"key": {"$ref": "common.yaml#/schemes/key"}}
    listing = document["paths"]["/invoices"]["get"]
    listing["parameters"] = [{"$ref": "common.yaml#/parameters/cursor"}]
    write(tmp_path, "spec.json", document)
    write(
        tmp_path,
        "common.yaml",
        "schemes:\n  key: {type: http, scheme: bearer}\n"
        "parameters:\n  cursor: {$ref: '#/parameters/real'}\n"
        "  real: {name: page_token, in: query, schema: {type: string}}\n",
    )
    proposal = propose(load_spec(tmp_path / "spec.json"), "/invoices/{invoice_id}")
    assert proposal.answers["vendor_auth"] == "bearer_token"
    assert proposal.answers["vendor_pagination"] == "cursor"
    assert proposal.facts.pagination_parameters == ("page_token",)


@pytest.mark.parametrize(
    ("ref", "reason"),
    [
        ("https://specs.example/common.yaml#/schemes/key", "points at a URL"),
        ("missing.yaml#/schemes/key", "not a file next to spec.json"),
        ("#/components/securitySchemes/nowhere", "points at nothing"),
    ],
)
def test_refs_that_cannot_be_followed_are_refused(tmp_path: Path, ref: str, reason: str) -> None:
    document = minimal()
    document["components"]["securitySchemes"] = {"key": {"$ref": ref}}
    write(tmp_path, "spec.json", document)
    with pytest.raises(VendorSpecError, match=reason):
        propose(load_spec(tmp_path / "spec.json"), "/invoices/{invoice_id}")


BAD_SPECS: list[tuple[str, object, str]] = [
    ("not-openapi.json", {"info": {"title": "x"}, "paths": {}}, "no `openapi` field"),
    ("swagger.json", {"swagger": "2.0", "paths": {}}, "Swagger (OpenAPI 2.0)"),
    ("future.json", {"openapi": "4.0.0", "paths": {}}, "only OpenAPI 3.0 and 3.1"),
    ("broken.yaml", "openapi: [3.0\n", "neither valid JSON nor valid YAML"),
    ("list.json", [1, 2], "not a mapping"),
    ("no-servers.json", minimal(servers=[]), "names no server"),
    ("relative.json", minimal(servers=[{"url": "/api/v2"}]), "is relative"),
    ("no-security.json", minimal(security=None, components={}), "declares no security"),
    (
        "query-key.json",
        minimal(
            components={"securitySchemes": {"key": {"type": "apiKey", "in": "query", "name": "k"}}}
        ),
        "key (apiKey in query 'k')",
    ),
    (
        "mtls.json",
        minimal(components={"securitySchemes": {"key": {"type": "mutualTLS"}}}),
        "key (mutualtls)",
    ),
]


@pytest.mark.parametrize(
    ("name", "document", "reason"), BAD_SPECS, ids=[name for name, _, _ in BAD_SPECS]
)
def test_bad_specs_are_refused_with_the_reason(
    tmp_path: Path, name: str, document: object, reason: str
) -> None:
    if isinstance(document, dict) and document.get("security", "") is None:
        del document["security"]
    path = write(tmp_path, name, document)
    with pytest.raises(VendorSpecError) as raised:
        propose(load_spec(path), "/invoices/{invoice_id}")
    assert reason in str(raised.value)
    assert "nothing was generated" in str(raised.value)


@pytest.mark.parametrize(
    "broken",
    [
        {"servers": "https://api.example"},
        {"info": "Initech"},
        {"security": {"key": []}},
        {"components": {"securitySchemes": {"key": "apiKey"}}},
        {"paths": {"/invoices": [], "/invoices/{id}": {"get": {"parameters": {"a": 1}}}}},
    ],
)
def test_malformed_documents_are_refused_not_crashed_on(
    tmp_path: Path, broken: dict[str, Any]
) -> None:
    path = write(tmp_path, "spec.json", minimal(**broken))
    try:
        propose(load_spec(path), "/invoices/{invoice_id}")
    except VendorSpecError as error:
        assert "nothing was generated" in str(error)


def test_swagger_is_refused_with_how_to_convert(tmp_path: Path) -> None:
    path = write(tmp_path, "swagger.json", {"swagger": "2.0", "paths": {}})
    with pytest.raises(VendorSpecError, match="swagger2openapi"):
        load_spec(path)


def test_several_problems_are_reported_at_once(tmp_path: Path) -> None:
    document = minimal(servers=[{"url": "/relative"}])
    document["components"]["securitySchemes"]["key"]["in"] = "cookie"
    path = write(tmp_path, "spec.json", document)
    with pytest.raises(VendorSpecError) as raised:
        propose(load_spec(path), "/invoices/{invoice_id}")
    assert [problem.where for problem in raised.value.problems] == ["servers[0].url", "security"]


def test_given_answers_silence_the_problems_they_answer(tmp_path: Path) -> None:
    document = minimal(servers=[{"url": "/relative"}])
    document["components"]["securitySchemes"]["key"]["in"] = "query"
    path = write(tmp_path, "spec.json", document)
    given = {"vendor_base_url": "https://api.initech.example", "vendor_auth": "none"}
    proposal = propose(load_spec(path), "/invoices/{invoice_id}", None, given)
    assert "vendor_base_url" not in proposal.answers
    assert "vendor_auth" not in proposal.answers


@pytest.mark.parametrize(
    ("item", "collection", "reason"),
    [
        ("/invoice/{id}", None, "'/invoice/{id}': is not a path of the spec"),
        ("/invoices", None, "does not end in a {parameter}"),
        ("/invoices/{invoice_id}", "/bills", "'/bills': is not a path of the spec"),
    ],
)
def test_paths_that_do_not_exist_are_refused(
    tmp_path: Path, item: str, collection: str | None, reason: str
) -> None:
    path = write(tmp_path, "spec.json", minimal())
    with pytest.raises(VendorSpecError, match=reason.replace("{", r"\{").replace("}", r"\}")):
        propose(load_spec(path), item, collection)


def test_a_path_without_get_is_refused(tmp_path: Path) -> None:
    document = minimal()
    document["paths"]["/invoices/{invoice_id}"] = {"delete": {"responses": {}}}
    path = write(tmp_path, "spec.json", document)
    with pytest.raises(VendorSpecError, match="has no GET operation"):
        propose(load_spec(path), "/invoices/{invoice_id}")


def test_parameter_names_need_not_match_the_spec(tmp_path: Path) -> None:
    path = write(tmp_path, "spec.json", minimal())
    proposal = propose(load_spec(path), "/invoices/{id}")
    assert proposal.facts.item_path == "/invoices/{invoice_id}"
    assert proposal.facts.item_id_parameter == "invoice_id"


def test_anonymous_operations_propose_no_vendor_auth(tmp_path: Path) -> None:
    path = write(tmp_path, "spec.json", minimal(security=[{}]))
    assert propose(load_spec(path), "/invoices/{id}").answers["vendor_auth"] == "none"


# --- trimming ---------------------------------------------------------------------------


def test_trimming_keeps_the_operations_and_what_they_reference(tmp_path: Path) -> None:
    document = minimal()
    document["paths"]["/other"] = {"get": {"responses": {}}}
    document["components"]["schemas"]["Unused"] = {"type": "string"}
    document["components"]["schemas"]["Invoice"]["properties"]["lines"] = {
        "$ref": "#/components/schemas/Line"
    }
    document["components"]["schemas"]["Line"] = {"type": "object"}
    path = write(tmp_path, "spec.json", document)
    trimmed = trim_spec(load_spec(path), "/invoices/{invoice_id}", "/invoices")
    assert sorted(trimmed["paths"]) == ["/invoices", "/invoices/{invoice_id}"]
    assert sorted(trimmed["components"]["schemas"]) == ["Invoice", "Line"]
    assert list(trimmed["components"]["securitySchemes"]) == ["key"]
    # The trimmed document proposes what the whole one does.
    again = write(tmp_path, "trimmed.json", trimmed)
    assert (
        propose(load_spec(again), "/invoices/{invoice_id}").answers
        == propose(load_spec(path), "/invoices/{invoice_id}").answers
    )


def trim_script() -> Any:
    path = SPECS.parents[1] / "scripts" / "trim_vendor_spec.py"
    spec = importlib.util.spec_from_file_location("trim_vendor_spec", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("case", CASES, ids=[case.vendor for case in CASES])
def test_the_fixtures_are_what_the_trim_script_writes(case: Case, tmp_path: Path) -> None:
    """Trimming a fixture again gives the same bytes: each is closed under its references."""
    fixture = SPECS / f"{case.vendor}.json"
    collection = ["--vendor-collection", case.collection] if case.collection else []
    output = tmp_path / fixture.name
    argv = [str(fixture), "--vendor-resource", case.item, *collection, "-o", str(output)]
    assert trim_script().main(argv) == 0
    assert output.read_bytes() == fixture.read_bytes()


def test_the_trim_script_refuses_a_bad_spec(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = write(tmp_path, "swagger.json", {"swagger": "2.0", "paths": {}})
    assert trim_script().main([str(spec), "--vendor-resource", "/x/{id}"]) == 2
    assert "Swagger (OpenAPI 2.0)" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("title", "name"),
    [
        ("Stripe API", "Stripe"),
        ("GitHub v3 REST API", "GitHub"),
        ("Twilio - Api", "Twilio"),
        ("The Plaid API", "Plaid"),
        ("Slack Web API", "Slack"),
        ("Asana", "Asana"),
        ("API", "API"),
    ],
)
def test_vendor_name_from_the_title(title: str, name: str) -> None:
    assert vendor_name(title) == name


@pytest.mark.parametrize(
    ("plural", "word"),
    [
        ("customers", "customer"),
        ("activities", "activity"),
        ("addresses", "address"),
        ("boxes", "box"),
        ("people", "person"),
        ("payment_intents", "payment_intent"),
        ("status", "status"),
    ],
)
def test_singular(plural: str, word: str) -> None:
    assert singular(plural) == word


def test_the_reference_names_exactly_the_answers_a_spec_proposes(
    capsys: pytest.CaptureFixture[str],
) -> None:
    proposed = {user_name(key) for case in CASES for key in case.answers}
    assert proposed == set(PROPOSED_FROM)
    assert main(["questions", "--format", "markdown"]) == 0
    out = capsys.readouterr().out
    sections = out.split("\n## ")[1:]
    marked = {
        section.split("\n", 1)[0] for section in sections if "--vendor-spec` from:" in section
    }
    assert marked == set(PROPOSED_FROM)


def test_a_given_resource_name_keeps_its_own_plural_and_the_vendor_path_is_named() -> None:
    stripe = next(case for case in CASES if case.vendor == "stripe")
    given: dict[str, object] = {"resource_name": "item"}
    proposal = proposal_for(stripe, given=given)
    assert "__resource_plural" not in proposal.answers
    answers = {**proposal.answers, **given, "__resource_plural": "items"}
    text = summary(proposal, answers, given)
    assert "  VENDOR_COLLECTION_PATH=/products" in text


@pytest.mark.parametrize(
    ("vendor", "notes"),
    [
        ("stripe", []),
        ("twilio", ["the item path /2010-04-01/Accounts/{AccountSid}/Messages/{Sid}.json is not"]),
        ("slack", ["the item path /conversations.info is not", "vendor_idempotency_keys:"]),
        ("trello", ["the item path /cards/{idCard} is not", "vendor_pagination:", "vendor_idem"]),
        ("sendgrid", ["vendor_base_url: servers[0] uses http://"]),
    ],
)
def test_notes_say_what_the_spec_leaves_open(vendor: str, notes: list[str]) -> None:
    proposal = proposal_for(next(case for case in CASES if case.vendor == vendor))
    assert len(proposal.notes) == len(notes)
    for note, start in zip(proposal.notes, notes, strict=True):
        assert note.startswith(start)


def test_yaml_dates_stay_text_and_status_codes_are_strings() -> None:
    from integration_template.vendor_spec._document import parse_text

    document = parse_text(
        "info: {version: 2020-09-14}\npaths:\n  /x:\n    get:\n      responses:\n"
        "        200: {description: ok}\n",
        "spec.yaml",
    )
    assert document["info"]["version"] == "2020-09-14"
    assert list(document["paths"]["/x"]["get"]["responses"]) == ["200"]


def test_a_missing_spec_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(VendorSpecError, match="cannot be read"):
        load_spec(tmp_path / "nowhere.json")


def test_the_auth_advice_names_exactly_the_questionnaires_vendor_auth_choices() -> None:
    # The spec reader maps security schemes onto these names, so it spells them itself;
    # its advice must still offer exactly what the questionnaire accepts.
    offered = AUTH_CHOICES.replace(" or ", ", ").split(", ")
    assert offered == CHOICE_QUESTIONS["vendor_auth"]
