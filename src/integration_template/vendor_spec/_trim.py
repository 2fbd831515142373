"""Trim a spec to one resource: its item and collection paths and all they reference.

The result is a valid OpenAPI document of the same version: `openapi`, `info`, `servers`
and `security` as they were, the two path items (GET on the item; GET and POST on the
collection; success responses only), the components those reach by `$ref`, transitively,
and the security schemes their requirements name. Other references are inlined.
"""

from __future__ import annotations

import copy
from typing import Any

from ._document import SpecDocument
from ._proposal import resource_paths

COMPONENTS_PREFIX = "#/components/"
KEPT_TOP_LEVEL = ("openapi", "info", "jsonSchemaDialect", "servers", "security")
KEPT_METHODS = {"item": ("get",), "collection": ("get", "post")}
PATH_ITEM_FIELDS = ("summary", "description", "servers", "parameters")
SUCCESS_CODES = ("2",)


def _decode(part: str) -> str:
    return part.replace("~1", "/").replace("~0", "~")


class _Trimmer:
    def __init__(self, spec: SpecDocument) -> None:
        self.spec = spec
        self.components: dict[str, dict[str, Any]] = {}
        self.pending: list[tuple[str, str]] = []

    def keep(self, value: Any, inlining: tuple[str, ...] = ()) -> Any:
        """A copy of value whose component refs are queued and other refs inlined."""
        if isinstance(value, list):
            return [self.keep(item, inlining) for item in value]
        if not isinstance(value, dict):
            return value
        ref = value.get("$ref")
        if isinstance(ref, str):
            if not ref.startswith("#"):
                raise self.spec.problem(
                    "$ref", ref, "points outside the spec file", "bundle the spec into one file"
                )
            if ref.startswith(COMPONENTS_PREFIX):
                kind, _, name = ref[len(COMPONENTS_PREFIX) :].partition("/")
                if "/" not in name:
                    self._queue(kind, _decode(name))
                    return copy.deepcopy(value)
            if ref in inlining:
                raise self.spec.problem(
                    "$ref", ref, "refers to itself outside #/components/", "a component"
                )
            return self.keep(self.spec.deref(value), (*inlining, ref))
        return {key: self.keep(item, inlining) for key, item in value.items()}

    def _queue(self, kind: str, name: str) -> None:
        if name not in self.components.setdefault(kind, {}):
            self.components[kind][name] = None
            self.pending.append((kind, name))

    def drain(self) -> None:
        source = self.spec.root.get("components") or {}
        while self.pending:
            kind, name = self.pending.pop()
            found = (source.get(kind) or {}).get(name)
            if found is None:
                raise self.spec.problem(
                    "$ref",
                    f"{COMPONENTS_PREFIX}{kind}/{name}",
                    "points at nothing in the document",
                    "an existing component",
                )
            self.components[kind][name] = self.keep(found)


def _security_names(*owners: dict[str, Any]) -> set[str]:
    return {
        str(name)
        for owner in owners
        for requirement in owner.get("security") or []
        if isinstance(requirement, dict)
        for name in requirement
    }


def _success_only(operation: dict[str, Any]) -> dict[str, Any]:
    """The operation with only its 2xx responses: error bodies are not the resource's shape
    (the service maps vendor errors by status), and some vendors' error schemas reach most
    of their API (Stripe's error names the payment intent, source and setup intent)."""
    responses = operation.get("responses") or {}
    kept = {code: value for code, value in responses.items() if str(code).startswith(SUCCESS_CODES)}
    return {**operation, "responses": kept or responses}


def trim_spec(
    spec: SpecDocument, item_path: str, collection_path: str | None = None
) -> dict[str, Any]:
    """The spec with only the resource's operations and what they reference; the collection
    path is derived from the item path as `propose` derives it, unless given."""
    item_path, collection_path = resource_paths(spec, item_path, collection_path)
    trimmer = _Trimmer(spec)
    trimmed: dict[str, Any] = {
        key: copy.deepcopy(spec.root[key]) for key in KEPT_TOP_LEVEL if key in spec.root
    }
    paths: dict[str, Any] = {}
    operations: list[dict[str, Any]] = []
    for role, found in (("collection", collection_path), ("item", item_path)):
        path_item = spec.deref(spec.root["paths"][found])
        kept = {key: path_item[key] for key in PATH_ITEM_FIELDS if key in path_item}
        for method in KEPT_METHODS[role]:
            if isinstance(path_item.get(method), dict):
                operation = _success_only(path_item[method])
                kept[method] = operation
                operations.append(operation)
        paths[found] = trimmer.keep(kept)
    trimmed["paths"] = dict(sorted(paths.items()))
    named = _security_names(spec.root, *operations)
    if not named and not any("security" in owner for owner in (spec.root, *operations)):
        # No requirement anywhere: the defined schemes are all the spec says about auth.
        named = set((spec.root.get("components") or {}).get("securitySchemes") or {})
    for name in sorted(named):
        trimmer._queue("securitySchemes", name)
    trimmer.drain()
    components = {
        kind: dict(sorted(entries.items())) for kind, entries in sorted(trimmer.components.items())
    }
    if components:
        trimmed["components"] = components
    return trimmed
