"""Propose questionnaire answers from the operations a vendor spec describes for one resource.

The chosen operations are GET on the item path, GET on the collection path (the list) and,
when the spec has one, POST on the collection path (the create). Each proposal carries the
place in the spec it came from; facts no question asks for are returned as `VendorFacts`.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

from ._document import SpecDocument
from ._errors import SpecProblem, VendorSpecError
from ._naming import collection_word, singular, snake, vendor_name

AUTH_CHOICES = "api_key_header, bearer_token, oauth2_client_credentials, hmac_signature or none"
IDENTIFIER = re.compile(r"^[a-z][a-z0-9_]*$")
PARAMETER = re.compile(r"\{([^{}]+)\}")
JSON_MEDIA = re.compile(r"^application/(?:[\w.+-]+\+)?json\b", re.IGNORECASE)
ANY_MEDIA = re.compile(r"^\*/\*")
LOOPBACK_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})


def request_media_type(body: object) -> str | None:
    """The media type a request body (resolved) is sent in: a JSON one where the spec
    offers several, else the first; None without one."""
    content = (body.get("content") or {}) if isinstance(body, dict) else {}
    media_types = [str(media) for media in content]
    for media in media_types:
        if JSON_MEDIA.match(media):
            return media
    return media_types[0] if media_types else None


# Query parameters (in snake_case) that mark a pagination style.
CURSOR_PARAMETERS = frozenset(
    {
        "starting_after",
        "ending_before",
        "cursor",
        "start_cursor",
        "page_cursor",
        "page_token",
        "next_page_token",
        "next_token",
        "continuation_token",
        "after",
        "marker",
    }
)
OFFSET_PARAMETERS = frozenset({"offset", "skip"})
PAGE_PARAMETERS = frozenset({"page", "page_number", "page_num"})
PAGE_SIZE_PARAMETERS = frozenset(
    {"limit", "per_page", "page_size", "count", "max_results", "size", "top"}
)
# Where list responses keep their records, most telling first.
RECORDS_PROPERTIES = ("data", "items", "results", "records", "entries", "elements", "value")

# Keys the proposal may set, in cookiecutter.json's spelling.
RESOURCE_PLURAL_KEY = "__resource_plural"


@dataclass(frozen=True)
class PathParameter:
    """A path parameter of the collection path: a parent the service must be told."""

    name: str
    type: str
    description: str


@dataclass(frozen=True)
class AuthFacts:
    """The security scheme chosen for vendor_auth, with what its settings need."""

    scheme: str
    kind: str
    header_name: str | None = None
    token_url: str | None = None
    scopes: tuple[str, ...] = ()


@dataclass(frozen=True)
class VendorFacts:
    """What the spec says that no question asks for (yet)."""

    item_path: str
    collection_path: str
    item_id_parameter: str | None
    server_url: str | None
    collection_path_in_base_url: bool
    parent_parameters: tuple[PathParameter, ...]
    auth: AuthFacts | None
    pagination_parameters: tuple[str, ...]
    records_property: str | None
    records_at_top_level: bool
    has_create: bool
    create_media_type: str | None

    def settings(self) -> dict[str, str]:
        """Settings of the generated service that carry a fact, as environment variables."""
        values: dict[str, str] = {}
        if self.auth is not None and self.auth.header_name:
            values["VENDOR_API_KEY_HEADER_NAME"] = self.auth.header_name
        if self.auth is not None and self.auth.token_url:
            values["VENDOR_TOKEN_URL"] = self.auth.token_url
        if not self.collection_path_in_base_url:
            # Parent parameters are filled in by hand: {owner} -> <owner>.
            values["VENDOR_COLLECTION_PATH"] = PARAMETER.sub(r"<\1>", self.collection_path)
        return values


@dataclass(frozen=True)
class Proposal:
    """Answers proposed from the spec (cookiecutter.json keys), each with where it came from."""

    spec: str
    answers: dict[str, object]
    reasons: dict[str, str]
    facts: VendorFacts
    notes: tuple[str, ...]


@dataclass(frozen=True)
class _Operation:
    method: str
    path: str
    value: dict[str, Any]
    path_item: dict[str, Any]
    base: Path


def _template(path: str) -> str:
    return PARAMETER.sub("{}", path.rstrip("/") or "/")


class _Reader:
    """The spec seen through the three operations of one resource."""

    def __init__(self, spec: SpecDocument) -> None:
        self.spec = spec
        self.root = spec.root
        self.paths: dict[str, Any] = spec.root["paths"]

    def find_path(self, path: str, option: str) -> str:
        if path in self.paths:
            return path
        same_shape = [known for known in self.paths if _template(known) == _template(path)]
        if len(same_shape) == 1:
            return same_shape[0]
        close = difflib.get_close_matches(path, list(self.paths), n=3, cutoff=0.6)
        hint = ", ".join(close) if close else "a path listed under `paths` in the spec"
        raise self.spec.problem(option, path, "is not a path of the spec", hint)

    def operation(self, path: str, method: str) -> _Operation | None:
        item, base = self.spec.resolve(self.paths[path])
        if not isinstance(item, dict) or not isinstance(item.get(method), dict):
            return None
        return _Operation(method.upper(), path, item[method], item, base)

    def parameters(self, operation: _Operation) -> list[dict[str, Any]]:
        """Path-level parameters overridden by the operation's own, by (name, in)."""
        merged: dict[tuple[str, str], dict[str, Any]] = {}
        for raw in [
            *(operation.path_item.get("parameters") or []),
            *(operation.value.get("parameters") or []),
        ]:
            parameter = self.spec.deref(raw, operation.base)
            if isinstance(parameter, dict) and isinstance(parameter.get("name"), str):
                merged[(parameter["name"], str(parameter.get("in")))] = parameter
        return list(merged.values())

    def schema(self, value: Any, base: Path) -> tuple[dict[str, Any], Path]:
        schema, where = self.spec.resolve(value, base)
        return (schema if isinstance(schema, dict) else {}), where

    def properties(self, value: Any, base: Path, depth: int = 0) -> dict[str, tuple[Any, Path]]:
        """An object schema's properties, allOf parts merged in."""
        schema, where = self.schema(value, base)
        found: dict[str, tuple[Any, Path]] = {}
        if depth < 8:
            for part in schema.get("allOf") or []:
                found.update(self.properties(part, where, depth + 1))
        for name, item in (schema.get("properties") or {}).items():
            found[str(name)] = (item, where)
        return found

    def is_array(self, value: Any, base: Path) -> bool:
        schema, _ = self.schema(value, base)
        kind = schema.get("type")
        return kind == "array" or (isinstance(kind, list) and "array" in kind) or "items" in schema

    def success_response(self, operation: _Operation) -> tuple[dict[str, Any], Path] | None:
        responses = operation.value.get("responses") or {}
        for code in ("200", "201", "2XX", "2xx", "default"):
            if code in responses:
                response, where = self.spec.resolve(responses[code], operation.base)
                if isinstance(response, dict):
                    return response, where
        return None

    def servers(self, operation: _Operation) -> list[Any]:
        for owner in (operation.value, operation.path_item, self.root):
            servers = owner.get("servers")
            if servers:
                return list(servers)
        return []


def _server_url(server: Any) -> str:
    """servers[0].url with each server variable at its default."""
    url = str(server.get("url", "")) if isinstance(server, dict) else ""
    variables = server.get("variables") or {} if isinstance(server, dict) else {}

    def default(match: re.Match[str]) -> str:
        variable = variables.get(match.group(1))
        value = variable.get("default") if isinstance(variable, dict) else None
        return str(value) if value is not None else match.group(0)

    return PARAMETER.sub(default, url)


def _security(reader: _Reader, operation: _Operation) -> list[dict[str, list[str]]] | None:
    """The operation's security requirements, the document's when it declares none;
    None when neither says anything."""
    requirements = operation.value.get("security", reader.root.get("security"))
    if requirements is None:
        return None
    return [
        {str(name): [str(scope) for scope in scopes or []] for name, scopes in item.items()}
        for item in requirements
        if isinstance(item, dict)
    ]


def _classify(scheme: dict[str, Any], name: str, server: str | None) -> tuple[str, AuthFacts]:
    """(template answer or '' when unsupported, facts) for one security scheme."""
    kind = str(scheme.get("type", "")).lower()
    if kind == "apikey":
        where = str(scheme.get("in", ""))
        header = str(scheme.get("name", ""))
        described = f"apiKey in {where} {header!r}"
        if where == "header" and header:
            return "api_key_header", AuthFacts(name, described, header_name=header)
        return "", AuthFacts(name, described)
    if kind == "http":
        http = str(scheme.get("scheme", "")).lower()
        if http == "bearer":
            return "bearer_token", AuthFacts(name, "http bearer")
        return "", AuthFacts(name, f"http {http}")
    if kind == "oauth2":
        flows = scheme.get("flows") or {}
        flow = flows.get("clientCredentials")
        if isinstance(flow, dict) and flow.get("tokenUrl"):
            token_url = str(flow["tokenUrl"])
            if server and not urlsplit(token_url).scheme:
                token_url = urljoin(server if server.endswith("/") else server + "/", token_url)
            return "oauth2_client_credentials", AuthFacts(
                name, "oauth2 clientCredentials", token_url=token_url
            )
        return "", AuthFacts(name, f"oauth2 {' and '.join(flows) or 'without flows'}")
    return "", AuthFacts(name, kind or "a scheme without a type")


_AUTH_HINTS = {
    "apiKey in query": "if the vendor also takes the key in a header, --set "
    "vendor_auth=api_key_header and set VENDOR_API_KEY_HEADER_NAME",
    "http basic": "if the vendor also takes the key as a bearer token, --set "
    "vendor_auth=bearer_token",
    "oauth2": "if the vendor issues long-lived (personal or server) tokens, --set "
    "vendor_auth=bearer_token",
}


def resource_paths(
    spec: SpecDocument, item_path: str, collection_path: str | None = None
) -> tuple[str, str]:
    """The item and collection paths as the spec spells them; the collection is the item
    path without its last `{parameter}` segment unless given."""
    reader = _Reader(spec)
    item = reader.find_path(item_path, "--vendor-resource")
    if collection_path is not None:
        return item, reader.find_path(collection_path, "--vendor-collection")
    head, _, last = item.rstrip("/").rpartition("/")
    if not PARAMETER.fullmatch(last) or not head:
        raise spec.problem(
            "--vendor-resource",
            item,
            "does not end in a {parameter}, so its collection path cannot be derived",
            "give the list path with --vendor-collection PATH",
        )
    return item, reader.find_path(head, "--vendor-collection (derived)")


class _Proposer:
    def __init__(
        self,
        spec: SpecDocument,
        item_path: str,
        collection_path: str | None,
        given: Mapping[str, object],
    ) -> None:
        self.spec = spec
        self.reader = _Reader(spec)
        self.given = given
        self.answers: dict[str, object] = {}
        self.reasons: dict[str, str] = {}
        self.notes: list[str] = []
        self.problems: list[SpecProblem] = []
        self.undeclared = False
        self.item_path, self.collection_path = resource_paths(spec, item_path, collection_path)
        item = self.reader.operation(self.item_path, "get")
        listing = self.reader.operation(self.collection_path, "get")
        missing = [
            SpecProblem(
                option, path, "has no GET operation in the spec", "a path the vendor reads with GET"
            )
            for option, path, operation in (
                ("--vendor-resource", self.item_path, item),
                ("--vendor-collection", self.collection_path, listing),
            )
            if operation is None
        ]
        if missing:
            raise VendorSpecError(spec.shown, missing)
        assert item is not None and listing is not None
        self.item = item
        self.listing = listing
        self.create = self.reader.operation(self.collection_path, "post")

    def propose(self, key: str, value: object, reason: str) -> None:
        self.answers[key] = value
        self.reasons[key] = reason

    def operations(self) -> list[_Operation]:
        return [self.item, self.listing, *([self.create] if self.create else [])]

    def run(self) -> Proposal:
        self._vendor_name()
        server = self._base_url()
        plural_in_path = self._resource(server)
        auth = self._auth(server)
        parameters = self._pagination()
        records = self._records()
        media_type = self._create()
        if self.problems:
            raise VendorSpecError(self.spec.shown, self.problems)
        facts = VendorFacts(
            item_path=self.item_path,
            collection_path=self.collection_path,
            item_id_parameter=self._item_id(),
            server_url=server,
            collection_path_in_base_url=plural_in_path,
            parent_parameters=self._parents(),
            auth=auth,
            pagination_parameters=parameters,
            records_property=records,
            records_at_top_level=records is None and self._top_level_array(),
            has_create=self.create is not None,
            create_media_type=media_type,
        )
        return Proposal(self.spec.shown, self.answers, self.reasons, facts, tuple(self.notes))

    def _vendor_name(self) -> None:
        info = self.spec.root.get("info") or {}
        title = info.get("title") if isinstance(info, dict) else None
        if isinstance(title, str) and title.strip():
            self.propose("vendor_name", vendor_name(title), f"info.title {title.strip()!r}")

    def _base_url(self) -> str | None:
        servers = self.reader.servers(self.listing)
        if not servers:
            if "vendor_base_url" not in self.given:
                self.problems.append(
                    SpecProblem(
                        "servers",
                        [],
                        "the spec names no server, so the vendor's base URL is unknown",
                        "--set vendor_base_url=https://api.vendor.example/v1",
                    )
                )
            return None
        url = _server_url(servers[0])
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            if "vendor_base_url" not in self.given:
                self.problems.append(
                    SpecProblem(
                        "servers[0].url",
                        url,
                        "is relative (or has a variable without a default): it is resolved "
                        "against wherever the spec was served from, which a file does not say",
                        "--set vendor_base_url=https://api.vendor.example/v1",
                    )
                )
            return None
        if parts.scheme == "http" and parts.hostname not in LOOPBACK_HOSTS:
            self.notes.append(
                f"vendor_base_url: servers[0] uses http:// ({url}); check whether the vendor "
                "serves https (production refuses plain http for personal data)"
            )
        return url.rstrip("/")

    def _resource(self, server: str | None) -> bool:
        """resource_name, resource_plural and vendor_base_url; whether the collection path is
        vendor_base_url + '/' + resource_plural (the generated client's default path)."""
        prefix, _, segment = self.collection_path.rstrip("/").rpartition("/")
        plural = collection_word(segment)
        usable = bool(IDENTIFIER.match(plural))
        if usable:
            name = singular(plural)
            plural = plural if name != plural else f"{name}_list"
            where = f"the collection path {self.collection_path}"
            self.propose("resource_name", name, f"singular of {segment!r} in {where}")
            # A given name derives its own plural, as cookiecutter.json does.
            if "resource_name" not in self.given:
                self.propose(RESOURCE_PLURAL_KEY, plural, f"{segment!r} in {where}")
        else:
            self.notes.append(
                f"resource_name: the collection segment {segment!r} is not a noun the "
                "template can use; the default stays"
            )
        carried = usable and segment == plural and "{" not in prefix
        if server is not None:
            reason = "servers[0] with its variables at their defaults"
            if carried and prefix:
                reason += f", then {prefix}: the service calls <base>/{plural}"
            self.propose("vendor_base_url", server + (prefix if carried else ""), reason)
        item = _template(self.item_path)
        if item != _template(self.collection_path) + "/{}":
            self.notes.append(
                f"the item path {self.item_path} is not <collection path>/{{id}}, which is "
                "what the generated client calls: adapt upstream/client.py"
            )
        return carried

    def _auth(self, server: str | None) -> AuthFacts | None:
        requirements = [_security(self.reader, operation) for operation in self.operations()]
        schemes = (self.spec.root.get("components") or {}).get("securitySchemes") or {}
        if all(requirement is None for requirement in requirements) and schemes:
            # No operation names a scheme, but the spec defines some: offer those, saying so.
            self.undeclared = True
            requirements = [[{str(name): []} for name in schemes]] * len(requirements)
        if all(requirement is None for requirement in requirements):
            if "vendor_auth" not in self.given:
                self.problems.append(
                    SpecProblem(
                        "security",
                        None,
                        "the spec declares no security for these operations, so how the "
                        "vendor authenticates callers is unknown (its docs may say otherwise)",
                        f"--set vendor_auth=<the vendor's scheme: {AUTH_CHOICES}>",
                    )
                )
            return None
        declared = [requirement or [] for requirement in requirements]
        if all(not alternative for requirement in declared for alternative in requirement):
            self.propose("vendor_auth", "none", "the operations declare no security requirement")
            return None
        facts, unsupported = self._choose_scheme(declared, server)
        if facts is not None or "vendor_auth" in self.given:
            return facts
        named = "; ".join(f"{found.scheme} ({found.kind})" for found in unsupported)
        hints = sorted(
            {
                hint
                for prefix, hint in _AUTH_HINTS.items()
                for found in unsupported
                if found.kind.startswith(prefix)
            }
        )
        self.problems.append(
            SpecProblem(
                "security",
                named or "no scheme every chosen operation accepts",
                "the template cannot authenticate this way (it sends an API key in a header, "
                "a bearer token, an OAuth2 client-credentials token or an HMAC signature)",
                "; ".join([*hints, f"otherwise --set vendor_auth=<{AUTH_CHOICES}>"]),
            )
        )
        return None

    def _choose_scheme(
        self, declared: list[list[dict[str, list[str]]]], server: str | None
    ) -> tuple[AuthFacts | None, list[AuthFacts]]:
        """The first alternative (list operation's order first) that every operation accepts
        and the template can serve; else the alternatives it cannot serve."""
        schemes = (self.spec.root.get("components") or {}).get("securitySchemes") or {}
        # A requirement list containing {} (or empty) also lets anonymous calls through.
        open_to_all = [not requirement or {} in requirement for requirement in declared]
        order = [declared[1], declared[0], *declared[2:]]
        unsupported: list[AuthFacts] = []
        tried: list[set[str]] = []
        anonymous = False
        for alternative in (item for requirement in order for item in requirement):
            names = set(alternative)
            if names in tried:
                continue
            tried.append(names)
            if not all(
                open_to_all[index] or any(set(item) == names for item in requirement)
                for index, requirement in enumerate(declared)
            ):
                continue
            if not names:
                anonymous = True
                continue
            if len(names) > 1:
                unsupported.append(AuthFacts(" + ".join(sorted(names)), "several schemes at once"))
                continue
            name = next(iter(names))
            scheme = self.spec.deref(schemes.get(name, {}))
            answer, facts = _classify(scheme if isinstance(scheme, dict) else {}, name, server)
            if not answer:
                unsupported.append(facts)
                continue
            scopes = sorted(
                {
                    scope
                    for requirement in declared
                    for item in requirement
                    for scope in item.get(name, [])
                }
            )
            facts = AuthFacts(
                facts.scheme, facts.kind, facts.header_name, facts.token_url, tuple(scopes)
            )
            reason = f"security scheme {name!r} ({facts.kind})"
            if self.undeclared:
                reason += ", defined in components though no operation names it"
            self.propose("vendor_auth", answer, reason)
            return facts, []
        if anonymous:
            self.propose("vendor_auth", "none", "every chosen operation allows anonymous calls")
            return None, []
        return None, unsupported

    def _pagination(self) -> tuple[str, ...]:
        parameters = [
            parameter
            for parameter in self.reader.parameters(self.listing)
            if parameter.get("in") == "query"
        ]
        names = {snake(str(parameter["name"])): parameter for parameter in parameters}

        def kind(parameter: dict[str, Any]) -> str:
            schema, _ = self.reader.schema(parameter.get("schema", {}), self.listing.base)
            return str(schema.get("type", ""))

        cursor = sorted(name for name in names if name in CURSOR_PARAMETERS)
        offset = sorted(name for name in names if name in OFFSET_PARAMETERS)
        # An 'offset' that is a string is an opaque token (Asana): a cursor, not a number.
        cursor += [name for name in offset if kind(names[name]) == "string"]
        offset = [name for name in offset if name not in cursor]
        page = sorted(name for name in names if name in PAGE_PARAMETERS)
        sizes = sorted(name for name in names if name in PAGE_SIZE_PARAMETERS)
        original = {
            snake(str(parameter["name"])): str(parameter["name"]) for parameter in parameters
        }
        if self._link_header():
            style, used, reason = (
                "link_header",
                [*page, *sizes],
                "a Link header on the list response",
            )
        elif cursor:
            style, used, reason = "cursor", [*cursor, *sizes], "cursor parameter"
        elif offset:
            style, used, reason = "offset", [*offset, *sizes], "offset parameter"
        elif page:
            style, used, reason = "page_number", [*page, *sizes], "page parameter"
        else:
            self.notes.append(
                f"vendor_pagination: GET {self.collection_path} shows no pagination parameter "
                "or Link header; the default stays"
            )
            return ()
        shown = tuple(original[name] for name in used)
        detail = (
            f" ({', '.join(original[name] for name in (cursor or offset or page))})"
            if style != "link_header"
            else ""
        )
        self.propose("vendor_pagination", style, f"{reason}{detail} on GET {self.collection_path}")
        return shown

    def _link_header(self) -> bool:
        found = self.reader.success_response(self.listing)
        if found is None:
            return False
        response, _ = found
        return any(str(name).lower() == "link" for name in response.get("headers") or {})

    def _list_schema(self) -> tuple[Any, Path] | None:
        found = self.reader.success_response(self.listing)
        if found is None:
            return None
        response, where = found
        content = response.get("content") or {}
        # JSON first; a spec that says */* (SalesLoft) still describes the body it sends.
        for accepted in (JSON_MEDIA.match, ANY_MEDIA.match):
            for media, body in content.items():
                if accepted(str(media)) and isinstance(body, dict) and "schema" in body:
                    return body["schema"], where
        return None

    def _top_level_array(self) -> bool:
        schema = self._list_schema()
        return schema is not None and self.reader.is_array(*schema)

    def _records(self) -> str | None:
        schema = self._list_schema()
        if schema is None or self.reader.is_array(*schema):
            return None
        properties = self.reader.properties(*schema)
        arrays = [
            name for name, (value, base) in properties.items() if self.reader.is_array(value, base)
        ]
        plural = str(self.answers.get(RESOURCE_PLURAL_KEY, ""))
        for preferred in (*RECORDS_PROPERTIES, plural):
            for name in arrays:
                if snake(name) == preferred:
                    return name
        if len(arrays) == 1:
            return arrays[0]
        self.notes.append(
            f"records: the list response of GET {self.collection_path} has "
            f"{len(arrays)} array properties ({', '.join(arrays) or 'none'}); which holds the "
            "records is not clear"
        )
        return None

    def _create(self) -> str | None:
        if self.create is None:
            self.notes.append(
                f"vendor_idempotency_keys: the spec has no POST {self.collection_path}; "
                "the default stays"
            )
            return None
        headers = [
            parameter
            for parameter in self.reader.parameters(self.create)
            if parameter.get("in") == "header"
        ]
        declared = any(str(header["name"]).lower() == "idempotency-key" for header in headers)
        reason = (
            f"an Idempotency-Key header parameter on POST {self.collection_path}"
            if declared
            else f"POST {self.collection_path} declares no Idempotency-Key header"
        )
        self.propose("vendor_idempotency_keys", declared, reason)
        body = self.spec.deref(self.create.value.get("requestBody") or {}, self.create.base)
        return request_media_type(body)

    def _item_id(self) -> str | None:
        last = self.item_path.rstrip("/").rpartition("/")[2]
        match = PARAMETER.search(last)
        return match.group(1) if match else None

    def _parents(self) -> tuple[PathParameter, ...]:
        names = PARAMETER.findall(self.collection_path)
        declared = {
            str(parameter["name"]): parameter
            for parameter in self.reader.parameters(self.listing)
            if parameter.get("in") == "path"
        }
        found = []
        for name in names:
            parameter = declared.get(name, {})
            schema, _ = self.reader.schema(parameter.get("schema", {}), self.listing.base)
            description = " ".join(str(parameter.get("description", "")).split())
            found.append(PathParameter(name, str(schema.get("type", "string")), description))
        return tuple(found)


def propose(
    spec: SpecDocument,
    item_path: str,
    collection_path: str | None = None,
    given: Mapping[str, object] | None = None,
) -> Proposal:
    """Answers for the resource at item_path; given answers (cookiecutter.json keys) silence
    the problems they answer (no servers, auth the template cannot serve)."""
    try:
        return _Proposer(spec, item_path, collection_path, given or {}).run()
    except (AttributeError, TypeError, KeyError, IndexError) as error:
        # A value of the wrong type where OpenAPI requires a mapping or a list.
        raise spec.problem(
            "--vendor-spec",
            spec.shown,
            f"is not a valid OpenAPI document where the tool reads it ({type(error).__name__}: "
            f"{error})",
            "a document that passes an OpenAPI validator",
        ) from None
