"""Read an OpenAPI 3.0 or 3.1 document (JSON or YAML) and follow its `$ref`s.

Internal references (`#/components/...`) and references to local files next to the spec
(`common.yaml#/components/schemas/Id`) are followed; a reference to a URL is refused, as
the tool reads no network. Every value is returned with the file it came from, so a
reference inside a referenced file is resolved relative to that file.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import yaml

from ._errors import SpecProblem, VendorSpecError

SUPPORTED_VERSIONS = ("3.0", "3.1")
SWAGGER_HINT = (
    "convert it to OpenAPI 3 first, e.g. `npx swagger2openapi spec.json -o spec3.json`, "
    "then pass the converted file"
)
OPENAPI_VERSION = re.compile(r"^3\.[01](\.\d+)?(-[0-9A-Za-z.]+)?$")
TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"


# libyaml's parser when PyYAML was built with it: vendors' specs run to megabytes, which
# the pure-Python parser reads about three times slower.
_SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _SpecLoader(_SafeLoader):  # type: ignore[valid-type,misc]
    """PyYAML's safe loader without timestamps: a spec's dates are strings, as in JSON."""


_SpecLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != TIMESTAMP_TAG]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _string_keys(value: Any) -> Any:
    """YAML reads `200:` as an int; OpenAPI means the string, as JSON would have it."""
    if isinstance(value, dict):
        return {str(key): _string_keys(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_string_keys(item) for item in value]
    return value


def parse_text(text: str, name: str) -> Any:
    """A JSON or YAML document; the option named in errors is --vendor-spec."""
    try:
        if name.lower().endswith(".json") or text.lstrip().startswith(("{", "[")):
            return json.loads(text)
        return _string_keys(yaml.load(text, Loader=_SpecLoader))
    except (ValueError, yaml.YAMLError) as error:
        detail = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise VendorSpecError(
            name,
            [
                SpecProblem(
                    "--vendor-spec",
                    name,
                    f"is neither valid JSON nor valid YAML ({detail})",
                    "an OpenAPI 3.0 or 3.1 document as .json, .yaml or .yml",
                )
            ],
        ) from None


def read_document(path: Path, shown: str) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        reason = error.strerror if isinstance(error, OSError) else "not UTF-8 text"
        raise VendorSpecError(
            shown,
            [
                SpecProblem(
                    "--vendor-spec", str(path), f"cannot be read ({reason})", "a readable file"
                )
            ],
        ) from None
    return parse_text(text, shown)


def check_version(document: Any, shown: str) -> None:
    """Refuse anything but an OpenAPI 3.0 or 3.1 document, saying what it is instead."""

    def refuse(value: object, reason: str, instead: str) -> None:
        raise VendorSpecError(shown, [SpecProblem("openapi", value, reason, instead)])

    if not isinstance(document, dict):
        refuse(type(document).__name__, "the document is not a mapping", "an OpenAPI document")
    if "swagger" in document:
        refuse(
            document["swagger"],
            "this is a Swagger (OpenAPI 2.0) document, which the tool does not read",
            SWAGGER_HINT,
        )
    version = document.get("openapi")
    if version is None:
        refuse(None, "the document has no `openapi` field, so it is not OpenAPI", "OpenAPI 3.x")
    if not isinstance(version, str) or not OPENAPI_VERSION.match(version):
        refuse(
            version,
            f"only OpenAPI {' and '.join(SUPPORTED_VERSIONS)} documents are read",
            "an OpenAPI 3.0 or 3.1 document",
        )
    if not isinstance(document.get("paths"), dict):
        refuse(version, "the document has no `paths` mapping", "a spec that describes paths")


@dataclass
class SpecDocument:
    """The spec file and every local file it references, parsed once each."""

    path: Path
    root: dict[str, Any]
    shown: str
    _files: dict[Path, Any] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path) -> SpecDocument:
        shown = path.name
        document = read_document(path, shown)
        check_version(document, shown)
        resolved = path.resolve()
        spec = cls(path=resolved, root=document, shown=shown)
        spec._files[resolved] = document
        return spec

    @property
    def version(self) -> str:
        return str(self.root["openapi"])

    def problem(self, where: str, value: object, reason: str, instead: str) -> VendorSpecError:
        return VendorSpecError(self.shown, [SpecProblem(where, value, reason, instead)])

    def _file(self, base: Path, target: str, ref: str) -> Path:
        if urlsplit(target).scheme:
            raise self.problem(
                "$ref",
                ref,
                "points at a URL; the tool reads no network",
                "download the referenced file next to the spec and point the $ref at it",
            )
        path = (base.parent / unquote(target)).resolve()
        if path not in self._files:
            if not path.is_file():
                raise self.problem(
                    "$ref",
                    ref,
                    f"points at {target}, which is not a file next to {base.name}",
                    "keep referenced files beside the spec, or bundle the spec into one file",
                )
            self._files[path] = read_document(path, path.name)
        return path

    def resolve(self, value: Any, base: Path | None = None) -> tuple[Any, Path]:
        """Follow `$ref`s until a value that is not one; the value and its file."""
        where = base or self.path
        seen: set[str] = set()
        while isinstance(value, dict) and "$ref" in value:
            ref = value["$ref"]
            if not isinstance(ref, str):
                raise self.problem("$ref", ref, "is not a string", "'#/components/schemas/Name'")
            target, _, pointer = ref.partition("#")
            where = self._file(where, target, ref) if target else where
            key = f"{where}#{pointer}"
            if key in seen:
                raise self.problem("$ref", ref, "refers to itself in a loop", "a real definition")
            seen.add(key)
            value = self._pointer(self._files[where], pointer, ref)
        return value, where

    def deref(self, value: Any, base: Path | None = None) -> Any:
        return self.resolve(value, base)[0]

    def _pointer(self, document: Any, pointer: str, ref: str) -> Any:
        node = document
        if pointer in ("", "/"):
            return node
        for raw in pointer.lstrip("/").split("/"):
            part = unquote(raw).replace("~1", "/").replace("~0", "~")
            if isinstance(node, dict) and part in node:
                node = node[part]
            elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
                node = node[int(part)]
            else:
                raise self.problem(
                    "$ref", ref, "points at nothing in the document", "an existing definition"
                )
        return node
