"""Sandbox records in the vendor's own shape, from the spec's examples or its schema.

`sample_records` builds `count` records of the trimmed spec's record schema: every field the
schema requires and every field the day-one mapping carries, each from the spec's `example`
(or the first of `examples`, or the record's example in the GET response) when that value
fits the field's schema, else synthesized from the schema (type, format, enum, bounds).
Records differ where the vendor's would (ids, enums, numbers, timestamps) and are the same
bytes every time: no clock, no randomness, no hash seeds.
"""

from __future__ import annotations

import hashlib
import re
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

from ._mapping import MappingPlan, merged, resolve, scalar_of, success_schema
from .project import vendor_models as tool

EPOCH = datetime(2024, 1, 1, tzinfo=UTC)
# Nested objects deeper than this get their required fields only down to MAX_DEPTH, then
# the smallest value their schema allows (recursive schemas end here).
MAX_DEPTH = 6
UUID_NAMESPACE = uuid.UUID("6ba7b811-9dad-11d1-80b4-00c04fd430c8")  # RFC 4122 URL namespace
_TRAILING_DIGITS = re.compile(r"\d+$")


def _example(schema: dict[str, Any]) -> tuple[bool, Any]:
    if "example" in schema:
        return True, schema["example"]
    examples = schema.get("examples")
    if isinstance(examples, list) and examples:
        return True, examples[0]
    return False, None


def _date_time(value: str) -> bool:
    """An RFC 3339 date-time: date, time and offset (the vendor models read date-times as
    pydantic's AwareDatetime, which refuses one without an offset)."""
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return False
    return ("T" in value or " " in value) and parsed.tzinfo is not None


def fits(spec: dict[str, Any], schema: Any, value: Any) -> bool:
    """Whether a scalar example fits the field's scalar schema (type, enum, bounds,
    pattern, date formats); anything not a simple scalar field is never taken from examples."""
    scalar = scalar_of(spec, schema)
    if scalar is None:
        return False
    if value is None:
        return scalar.nullable
    resolved = merged(spec, schema)
    kind: dict[str, type | tuple[type, ...]] = {
        "string": str,
        "integer": int,
        "number": (int, float),
        "boolean": bool,
    }
    if not isinstance(value, kind[scalar.json_type]) or (
        isinstance(value, bool) and scalar.json_type != "boolean"
    ):
        return False
    if scalar.enum and value not in scalar.enum:
        return False
    if isinstance(value, str):
        pattern = resolved.get("pattern")
        if len(value) < int(resolved.get("minLength", 0)) or (
            "maxLength" in resolved and len(value) > int(resolved["maxLength"])
        ):
            return False
        if isinstance(pattern, str) and not _search(pattern, value):
            return False
        if scalar.format == "date-time" and not _date_time(value):
            return False
        if scalar.format == "date" and not _parses(date.fromisoformat, value):
            return False
        if scalar.format == "uuid" and not _parses(uuid.UUID, value):
            return False
        if scalar.format in ("uri", "url") and not re.match(r"^[a-z][a-z0-9+.-]*://\S+$", value):
            return False
        if scalar.format == "email" and not re.match(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", value):
            return False
    elif (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and not _within(resolved, value)
    ):
        return False
    return True


def _search(pattern: str, value: str) -> bool:
    try:
        return re.search(pattern, value) is not None
    except re.error:
        return False


def _parses(parse: Callable[[str], object], value: str) -> bool:
    try:
        parse(value)
    except ValueError:
        return False
    return True


def _within(schema: dict[str, Any], value: float) -> bool:
    minimum, maximum = schema.get("minimum"), schema.get("maximum")
    low, high = schema.get("exclusiveMinimum"), schema.get("exclusiveMaximum")
    if isinstance(minimum, int | float) and (value < minimum or (low is True and value == minimum)):
        return False
    if isinstance(maximum, int | float) and (
        value > maximum or (high is True and value == maximum)
    ):
        return False
    if isinstance(low, int | float) and not isinstance(low, bool) and value <= low:
        return False
    return not (isinstance(high, int | float) and not isinstance(high, bool) and value >= high)


CATEGORIES = {
    sre.CATEGORY_DIGIT: "0123456789",
    sre.CATEGORY_WORD: "abcdefghijklmnopqrstuvwxyz0123456789",
    sre.CATEGORY_SPACE: " ",
}
# Characters tried for `.` and negated classes, in order.
PRINTABLE = "abcdefghijklmnopqrstuvwxyz0123456789"


def _class_members(items: list[tuple[Any, Any]]) -> str:
    negated = any(op is sre.NEGATE for op, _ in items)
    members = ""
    for op, argument in items:
        if op is sre.LITERAL:
            members += chr(argument)
        elif op is sre.RANGE:
            members += "".join(chr(code) for code in range(argument[0], argument[1] + 1))
        elif op is sre.CATEGORY:
            members += CATEGORIES.get(argument, "")
    if negated:
        return "".join(char for char in PRINTABLE if char not in members)
    return members


def _from_parsed(parsed: Any, number: int, out: list[str]) -> None:
    for op, argument in parsed:
        if op is sre.LITERAL:
            out.append(chr(argument))
        elif op in (sre.ANY, sre.IN, sre.NOT_LITERAL):
            members = (
                _class_members(argument)
                if op is sre.IN
                else "".join(char for char in PRINTABLE if op is sre.ANY or ord(char) != argument)
            )
            if not members:
                raise ValueError("empty character class")
            # Each position varies with the record number, so records get distinct values.
            seed = hashlib.sha256(f"{number}:{len(out)}".encode()).digest()
            out.append(members[int.from_bytes(seed[:4], "big") % len(members)])
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
            low, high, sub = argument
            count = max(low, 1) if high != 0 else 0
            for _ in range(min(count, high) if high != sre.MAXREPEAT else count):
                _from_parsed(sub, number, out)
        elif op is sre.SUBPATTERN:
            _from_parsed(argument[-1], number, out)
        elif op is sre.BRANCH:
            _from_parsed(argument[1][0], number, out)
        elif op is sre.AT:
            continue
        else:
            raise ValueError(f"unsupported pattern part {op}")


def from_pattern(pattern: str, number: int) -> str | None:
    """A string matching `pattern` (a simple one: literals, classes, repeats, groups,
    alternatives, anchors), varied by `number`; None for patterns beyond that."""
    try:
        out: list[str] = []
        _from_parsed(sre_parse.parse(pattern), number, out)
    except (ValueError, re.error, RecursionError):
        return None
    text = "".join(out)
    return text if _search(pattern, text) else None


class _Builder:
    def __init__(self, spec: dict[str, Any], plan: MappingPlan, number: int) -> None:
        self.spec = spec
        self.plan = plan
        self.number = number

    def record(self, schema: dict[str, Any], hint: Any) -> dict[str, Any]:
        wanted = {field.vendor_name for field in self.plan.mapped}
        record = self.object(schema, hint, 0, wanted)
        record[self.plan.id_field.vendor_name] = self.identifier(
            schema["properties"][self.plan.id_field.vendor_name], hint
        )
        return record

    def identifier(self, schema: Any, hint: Any) -> str | int:
        if self.plan.id_field.scalar.json_type == "integer":
            return self.number
        found, example = _example(merged(self.spec, schema))
        name = self.plan.id_field.vendor_name
        if not found and isinstance(hint, dict):
            found, example = name in hint, hint.get(name)
        base = _TRAILING_DIGITS.sub("", example) if found and isinstance(example, str) else ""
        number = f"{self.number:04d}"
        resolved = merged(self.spec, schema)
        pattern = resolved.get("pattern")
        candidates = [f"{base or 'rec_'}{number}"]
        if found and isinstance(example, str) and len(example) > len(number):
            candidates.append(example[: -len(number)] + number)
        if resolved.get("format") == "uuid":
            candidates.insert(0, str(uuid.uuid5(UUID_NAMESPACE, f"{name}/{self.number}")))
        if isinstance(pattern, str):
            candidates.append(from_pattern(pattern, self.number) or candidates[0])
        return next((item for item in candidates if fits(self.spec, schema, item)), candidates[0])

    def object(
        self, schema: dict[str, Any], hint: Any, depth: int, wanted: set[str]
    ) -> dict[str, Any]:
        properties: dict[str, Any] = schema.get("properties") or {}
        required = set(schema.get("required") or [])
        hints = hint if isinstance(hint, dict) else {}
        return {
            name: self.value(value, name, hints.get(name), depth + 1)
            for name, value in properties.items()
            if name in required or name in wanted
        }

    def value(self, schema: Any, name: str, hint: Any, depth: int) -> Any:
        resolved = merged(self.spec, schema)
        found, example = _example(resolved)
        for candidate_found, candidate in ((found, example), (hint is not None, hint)):
            if candidate_found and fits(self.spec, resolved, candidate):
                return candidate
        scalar = scalar_of(self.spec, resolved)
        if scalar is not None:
            return self.scalar(resolved, scalar.json_type, scalar.format, scalar.enum, name)
        for combinator in ("anyOf", "oneOf"):
            options = resolved.get(combinator)
            if isinstance(options, list) and options:
                chosen = next(
                    (
                        option
                        for option in options
                        if resolve(self.spec, option).get("type") != "null"
                    ),
                    options[0],
                )
                return self.value(chosen, name, hint, depth)
        if "const" in resolved:
            return resolved["const"]
        types = resolved.get("type")
        kind = (
            types
            if isinstance(types, str)
            else next((item for item in types or [] if item != "null"), None)
        )
        if kind == "array" or "items" in resolved:
            count = int(resolved.get("minItems", 0))
            return [self.value(resolved.get("items") or {}, name, None, depth + 1)] * count
        if kind == "object" or "properties" in resolved:
            if depth > MAX_DEPTH and (resolved.get("nullable") or "null" in (types or [])):
                return None
            return self.object(resolved, hint, depth, set()) if depth <= MAX_DEPTH else {}
        return None if resolved.get("nullable") else f"{name}-{self.number}"

    def scalar(
        self,
        schema: dict[str, Any],
        json_type: str,
        fmt: str | None,
        enum: tuple[str | int | float | bool, ...],
        name: str,
    ) -> Any:
        number = self.number
        if enum:
            return enum[(number - 1) % len(enum)]
        if json_type == "boolean":
            return number % 2 == 1
        if json_type in ("integer", "number"):
            low = schema.get("minimum", schema.get("exclusiveMinimum", 0))
            low = 0 if isinstance(low, bool) or not isinstance(low, int | float) else low
            high = schema.get("maximum")
            value = low + number
            if isinstance(high, int | float) and not isinstance(high, bool):
                value = min(value, high)
            return int(value) if json_type == "integer" else float(value)
        moment = EPOCH + timedelta(days=number - 1, hours=number % 24)
        text = {
            "date-time": moment.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "date": moment.date().isoformat(),
            "email": f"person{number}@example.com",
            "uri": f"https://example.com/{name}/{number}",
            "url": f"https://example.com/{name}/{number}",
            "uuid": str(uuid.uuid5(UUID_NAMESPACE, f"{name}/{number}")),
        }.get(fmt or "", f"{name.strip()} {number}")
        pattern = schema.get("pattern")
        if isinstance(pattern, str) and not _search(pattern, text):
            text = from_pattern(pattern, number) or text
        minimum = int(schema.get("minLength", 0))
        maximum = schema.get("maxLength")
        text = text.ljust(minimum, "x")
        return text[: int(maximum)] if isinstance(maximum, int) else text


def response_example(spec: dict[str, Any], item_path: str, envelope: str | None) -> Any:
    """The record in the GET response's own example, if the spec gives one."""
    path_item = resolve(spec, (spec.get("paths") or {}).get(item_path)) or {}
    operation = path_item.get("get") if isinstance(path_item, dict) else None
    for response in ((operation or {}).get("responses") or {}).values():
        for body in (resolve(spec, response).get("content") or {}).values():
            if not isinstance(body, dict):
                continue
            found, example = _example(body)
            if not found:
                named = body.get("examples")
                first = next(iter(named.values()), None) if isinstance(named, dict) else None
                found, example = isinstance(first, dict), resolve(spec, first or {}).get("value")
            if found and envelope and isinstance(example, dict):
                example = example.get(envelope)
            if isinstance(example, dict):
                return example
    return None


def sample_records(
    spec: dict[str, Any], plan: MappingPlan, record: dict[str, Any], item_path: str, count: int
) -> list[dict[str, Any]]:
    """`count` records of the vendor's record schema, numbered from 1."""
    hint = response_example(spec, item_path, plan.envelope)
    return [_Builder(spec, plan, number).record(record, hint) for number in range(1, count + 1)]


def item_response(spec: dict[str, Any], plan: MappingPlan, record: dict[str, Any]) -> Any:
    """The GET-on-the-item answer around one record: the record itself, or its envelope
    (Asana's `{"data": ...}`, Square's `{"customer": ...}`) with the envelope's other
    required fields."""
    _, item_path, _ = tool.resource_of(spec)
    return answer_around(spec, plan, record, (item_path, "get"), plan.envelope)


def answer_around(
    spec: dict[str, Any],
    plan: MappingPlan,
    record: dict[str, Any],
    operation: tuple[str, str],
    envelope: str | None,
) -> Any:
    """The success answer of `operation` (path, method) around one record: the record
    itself without an `envelope`, else the answer's schema synthesized (its required
    fields) with the record at `envelope`."""
    if envelope is None:
        return record
    schema = success_schema(spec, *operation)
    answer = _Builder(spec, plan, 1).object(schema, None, 0, {envelope})
    answer[envelope] = record
    return answer


def list_response(
    spec: dict[str, Any], plan: MappingPlan, records: list[dict[str, Any]], records_at: str | None
) -> Any:
    """The GET-on-the-collection answer holding `records`: the array itself when the vendor
    answers with one (`records_at` None), else an object with the list schema's required
    fields (synthesized; the sandbox sets the pagination ones) and the records at
    `records_at`."""
    if records_at is None:
        return records
    _, _, collection_path = tool.resource_of(spec)
    listing = success_schema(spec, collection_path)
    answer = _Builder(spec, plan, 1).object(listing, None, 0, {records_at})
    answer[records_at] = records
    return answer
