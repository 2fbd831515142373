"""Validate every questionnaire answer before cookiecutter writes anything.

Cookiecutter renders this file with Jinja and runs it. The answers arrive as JSON in
ANSWERS_JSON below, so quotes, backslashes and newlines in an answer stay data. The
command-line tool imports this same file to validate answers before it calls cookiecutter,
so there is one validator for both ways of generating a project.

Every invalid answer is reported at once, each with the field, the value, the reason and an
example of a valid value; the hook then exits 1 and cookiecutter removes the project folder.
"""

from __future__ import annotations

import importlib.util
import json
import keyword
import re
import sys
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

ANSWERS_JSON = r"""{{ cookiecutter | tojson }}"""
# The generated project's dependency names (template_extensions.dependency_names), handed
# over at render time: the hook runs from a temporary copy, away from the template's files.
DEPENDENCY_NAMES_JSON = r"""{{ dependency_names_json() }}"""

# Each choice question's allowed answers, from cookiecutter.json, handed over at render time
# like the dependency names (template_extensions.choice_lists_json).
CHOICE_LISTS_JSON = r"""{{ choice_lists_json() }}"""

MAX_NAME_LENGTH = 80
MAX_SLUG_LENGTH = 50
MAX_IDENTIFIER_LENGTH = 40
MAX_URL_LENGTH = 2000
# Rendered files get answers as JSON string literals, which spell such characters as
# surrogate pairs that Python and TOML do not accept.
LAST_BMP_CODE_POINT = 0xFFFF
LOOPBACK_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})
# Built from halves because cookiecutter renders this file with Jinja. The template's tests
# take the markers from here.
TEMPLATE_MARKERS = tuple("{" + second for second in ("{", "%", "#"))
RESERVED_PACKAGE_NAMES = frozenset({"sandbox", "tests", "test", "src", "docs"})

# Used with fullmatch, never match: "$" also matches before a final newline, so
# "acme-crm\n" would pass a "^...$" pattern. Spaces only, not \s, for the same reason.
SLUG_PATTERN = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")
IDENTIFIER_PATTERN = re.compile(r"[a-z][a-z0-9_]*")
RATE_LIMIT_PATTERN = re.compile(
    r" *([1-9][0-9]*) *(?:/|per) *([1-9][0-9]*)? *(second|minute|hour|day)s? *",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class AnswerError:
    """One invalid answer: which field, what was given, why it is wrong, what would work."""

    field: str
    value: object
    reason: str
    example: str

    def render(self) -> str:
        shown = repr(self.value)
        if len(shown) > 60:
            shown = shown[:57] + "..."
        return f"  - {self.field} = {shown}: {self.reason} (example: {self.example})"


def format_errors(errors: list[AnswerError]) -> str:
    """The report printed when answers are invalid; nothing is generated."""
    noun = "answer is" if len(errors) == 1 else "answers are"
    lines = [f"{len(errors)} {noun} invalid; nothing was generated."]
    lines += [error.render() for error in errors]
    return "\n".join(lines)


def _text(answers: Mapping[str, object], field: str) -> str:
    value = answers.get(field, "")
    return value if isinstance(value, str) else str(value)


def _check_name(field: str, value: str, example: str) -> Iterator[AnswerError]:
    if not value.strip():
        yield AnswerError(field, value, "must not be empty", example)
    elif len(value) > MAX_NAME_LENGTH:
        yield AnswerError(field, value, f"must be at most {MAX_NAME_LENGTH} characters", example)
    elif any(not character.isprintable() for character in value):
        yield AnswerError(
            field, value, "must be one line of printable characters (no newlines or tabs)", example
        )
    elif any(ord(character) > LAST_BMP_CODE_POINT for character in value):
        yield AnswerError(
            field, value, "must not contain emoji or other characters beyond U+FFFF", example
        )
    elif any(marker in value for marker in TEMPLATE_MARKERS):
        yield AnswerError(
            field,
            value,
            "must not contain template markers (double braces or brace-percent)",
            example,
        )


def _check_slug(value: str) -> Iterator[AnswerError]:
    example = "acme-crm-integration"
    if not SLUG_PATTERN.fullmatch(value):
        yield AnswerError(
            "project_slug",
            value,
            "must be lowercase letters and digits in dash-separated words, starting with a "
            "letter (it becomes a folder name, so no slashes or dots)",
            example,
        )
    elif len(value) > MAX_SLUG_LENGTH:
        yield AnswerError(
            "project_slug", value, f"must be at most {MAX_SLUG_LENGTH} characters", example
        )
    else:
        yield from _check_not_a_dependency("project_slug", value, example)


def _check_identifier(field: str, value: str, what: str, example: str) -> Iterator[AnswerError]:
    if not IDENTIFIER_PATTERN.fullmatch(value):
        yield AnswerError(
            field,
            value,
            f"{what} must be lowercase letters, digits and underscores, starting with a letter",
            example,
        )
    elif len(value) > MAX_IDENTIFIER_LENGTH:
        yield AnswerError(
            field, value, f"must be at most {MAX_IDENTIFIER_LENGTH} characters", example
        )
    elif keyword.iskeyword(value) or keyword.issoftkeyword(value):
        yield AnswerError(field, value, "is a Python keyword", example)


@cache
def dependency_names() -> frozenset[str]:
    """Names the generated project's own dependencies use (distribution and import names)."""
    if not DEPENDENCY_NAMES_JSON.startswith(TEMPLATE_MARKERS):  # rendered by cookiecutter
        return frozenset(json.loads(DEPENDENCY_NAMES_JSON))
    # Loaded by path from the template (the command-line tool, tests): ask the extension.
    path = Path(__file__).resolve().parents[1] / "template_extensions.py"
    spec = importlib.util.spec_from_file_location("_template_extensions_for_hook", path)
    if not path.is_file() or spec is None or spec.loader is None:
        return frozenset()  # a cut-down template without the extension (tests)
    extensions = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(extensions)
    return frozenset(extensions.dependency_names())


def _check_not_a_dependency(field: str, value: str, example: str) -> Iterator[AnswerError]:
    taken = sorted({value, value.replace("-", "_"), value.replace("_", "-")} & dependency_names())
    if taken:
        yield AnswerError(
            field,
            value,
            f"is the name of a dependency of the generated project ({taken[0]}), which the "
            "project would shadow: its imports and its installation would break",
            example,
        )


def _check_package(value: str) -> Iterator[AnswerError]:
    example = "acme_crm_integration"
    errors = list(_check_identifier("package_name", value, "a Python package name", example))
    yield from errors
    if errors:
        return
    if value in sys.stdlib_module_names or value in RESERVED_PACKAGE_NAMES:
        yield AnswerError(
            "package_name",
            value,
            "would shadow a standard-library or project module of the same name",
            example,
        )
    else:
        yield from _check_not_a_dependency("package_name", value, example)


def _check_base_url(value: str) -> Iterator[AnswerError]:
    """Every reason the URL is not usable, all at once (the value shown without a password)."""
    field, example = "vendor_base_url", "https://api.vendor.example/v2"
    shown = without_password(value)
    reasons: list[str] = []
    if len(value) > MAX_URL_LENGTH:
        reasons.append(f"must be at most {MAX_URL_LENGTH} characters")
    if any(character.isspace() for character in value):
        reasons.append("must not contain spaces or newlines")
    try:
        parts = urlsplit(value)
        port = parts.port
    except ValueError as error:
        reasons.append(f"is not a valid URL ({error})")
        yield from (AnswerError(field, shown, reason, example) for reason in reasons)
        return
    if parts.scheme not in ("http", "https"):
        reasons.append("must start with https:// (or http://)")
    if not parts.hostname:
        reasons.append("must name a host")
    if parts.username is not None or parts.password is not None:
        reasons.append("must not carry credentials; they belong in the environment as secrets")
    if parts.query or value.endswith("?"):
        reasons.append("must not have a query string")
    if parts.fragment or "#" in value:
        reasons.append("must not have a fragment (#...)")
    if port == 0:
        reasons.append("must not use port 0")
    yield from (AnswerError(field, shown, reason, example) for reason in reasons)


def without_password(url: str) -> str:
    """The URL with any password masked, so an error report does not repeat a secret."""
    scheme, separator, rest = url.partition("://")
    userinfo, at, host = rest.partition("@")
    if not at or ":" not in userinfo:
        return url
    return f"{scheme}{separator}{userinfo.split(':', 1)[0]}:***@{host}"


def _check_rate_limit(value: str) -> Iterator[AnswerError]:
    if not RATE_LIMIT_PATTERN.fullmatch(value):
        yield AnswerError(
            "vendor_rate_limit",
            value,
            "must be '<count>/<unit>' or '<count> per <n> <unit>s' with unit second, minute, "
            "hour or day",
            "10/second",
        )


@cache
def choice_lists() -> dict[str, tuple[str, ...]]:
    """Each choice question's allowed answers, the first being the default."""
    if not CHOICE_LISTS_JSON.startswith(TEMPLATE_MARKERS):  # rendered by cookiecutter
        lists = json.loads(CHOICE_LISTS_JSON)
    else:  # loaded by path from the template: read the questionnaire itself
        path = Path(__file__).resolve().parents[1] / "cookiecutter.json"
        questionnaire = json.loads(path.read_text(encoding="utf-8"))
        lists = {
            key: value
            for key, value in questionnaire.items()
            if isinstance(value, list) and not key.startswith("_")
        }
    return {key: tuple(values) for key, values in lists.items()}


def _check_choices(answers: Mapping[str, object]) -> Iterator[AnswerError]:
    for field, allowed in choice_lists().items():
        value = answers.get(field)
        if value not in allowed:
            yield AnswerError(field, value, f"must be one of {', '.join(allowed)}", allowed[0])
    flag = answers.get("vendor_idempotency_keys")
    if not isinstance(flag, bool):
        yield AnswerError("vendor_idempotency_keys", flag, "must be yes or no", "yes")


def combination_errors(answers: Mapping[str, object]) -> list[AnswerError]:
    """The unsupported combinations among `answers`: the one rule the tests enumerate too."""
    return list(_check_combinations(answers))


def _check_combinations(answers: Mapping[str, object]) -> Iterator[AnswerError]:
    personal_data = answers.get("data_classification") == "confidential_pii"
    if personal_data and answers.get("vendor_auth") == "none":
        yield AnswerError(
            "vendor_auth",
            "none",
            "confidential_pii data must not be sent to a vendor API without authentication",
            "oauth2_client_credentials",
        )
    url = _text(answers, "vendor_base_url")
    try:
        parts = urlsplit(url)
        insecure = parts.scheme == "http" and parts.hostname not in LOOPBACK_HOSTS
    except ValueError:
        insecure = False
    if personal_data and insecure:
        yield AnswerError(
            "vendor_base_url",
            url,
            "confidential_pii data must travel over https to a non-local vendor",
            "https://api.vendor.example/v2",
        )
    if _text(answers, "__resource_plural") == _text(answers, "resource_name"):
        yield AnswerError(
            "resource_plural",
            _text(answers, "__resource_plural"),
            "must differ from resource_name so item and collection routes differ",
            "contacts",
        )


def validate(answers: Mapping[str, object]) -> list[AnswerError]:
    """Every problem with the answers, in questionnaire order; empty when they are valid."""
    checks: list[Callable[[], Iterator[AnswerError]]] = [
        lambda: _check_name("customer_name", _text(answers, "customer_name"), "Globex Corporation"),
        lambda: _check_name("vendor_name", _text(answers, "vendor_name"), "Acme CRM"),
        lambda: _check_name(
            "integration_name", _text(answers, "integration_name"), "Acme CRM integration"
        ),
        lambda: _check_slug(_text(answers, "project_slug")),
        lambda: _check_package(_text(answers, "__package_name")),
        lambda: _check_base_url(_text(answers, "vendor_base_url")),
        lambda: _check_identifier(
            "resource_name", _text(answers, "resource_name"), "the resource name", "contact"
        ),
        lambda: _check_identifier(
            "resource_plural", _text(answers, "__resource_plural"), "the plural", "contacts"
        ),
        lambda: _check_rate_limit(_text(answers, "vendor_rate_limit")),
        lambda: _check_choices(answers),
        lambda: _check_combinations(answers),
    ]
    return [error for check in checks for error in check()]


def main() -> int:
    answers = json.loads(ANSWERS_JSON)
    errors = validate(answers)
    if errors:
        print(format_errors(errors), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
