"""Every name the docs put in backticks exists in the code: environment variables (the
settings' own fields), error codes (the catalog), constants, HTTP headers (the source that sends or
reads them), personal fields and the idempotency retention (the settings' defaults)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pydantic_settings import BaseSettings

from {{ cookiecutter.__package_name }}.choices import (
    InboundAuthSettings,
    StateSettings,
    VendorAuthSettings,
)
from {{ cookiecutter.__package_name }}.constants import (
    DATA_CLASSIFICATION,
)
from {{ cookiecutter.__package_name }}.errors import (
    CATALOG,
)
from {{ cookiecutter.__package_name }}.models import (
    Resource,
)
from {{ cookiecutter.__package_name }}.resilience import (
    ResilienceSettings,
)
from {{ cookiecutter.__package_name }}.server import (
    ServerSettings,
)
from {{ cookiecutter.__package_name }}.settings import (
    PERSONAL_FIELDS,
    Settings,
)

from tests.docs.markdown import DOCS, read_doc

PROJECT = DOCS.parent
DOC_FILES = [*sorted(path.name for path in DOCS.glob("*.md")), "../README.md"]
IN_BACKTICKS = re.compile(r"`([^`\n]+)`")
UPPER_SNAKE = re.compile(r"^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$")
HEADER = re.compile(r"^[A-Z][A-Za-z]*(-[A-Z][A-Za-z]*)+$")
# Upper-snake words in the docs that are neither settings nor codes.
OTHER_WORDS = frozenset({"ACTIVE"})
# Variables of the environment the vendor client is documented to ignore (trust_env off).
IGNORED_ENVIRONMENT = frozenset({"HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "SSL_CERT_FILE"})
SETTINGS_CLASSES: tuple[type[BaseSettings], ...] = (
    Settings,
    ResilienceSettings,
    StateSettings,
    InboundAuthSettings,
    VendorAuthSettings,
    ServerSettings,
)


def environment_variables() -> set[str]:
    names = set()
    for settings in SETTINGS_CLASSES:
        prefix = str(settings.model_config.get("env_prefix") or "")
        names |= {(prefix + field).upper() for field in settings.model_fields}
    return names


def sandbox_variables() -> set[str]:
    source = (PROJECT / "sandbox" / "config.py").read_text(encoding="utf-8")
    return set(re.findall(r'"(SANDBOX_[A-Z0-9_]+)"', source))


def make_variables() -> set[str]:
    """Variables of the Makefile a person may override (`make run SANDBOX_PORT=9081`)."""
    source = (PROJECT / "Makefile").read_text(encoding="utf-8")
    return set(re.findall(r"^([A-Z][A-Z0-9_]+)\s*\??=", source, re.MULTILINE))


def python_constants() -> set[str]:
    """Module-level constants of the package (a doc may point at one, like VENDOR_STATES)."""
    files = (PROJECT / "src").rglob("*.py")
    text = "\n".join(path.read_text(encoding="utf-8") for path in files)
    return set(re.findall(r"^([A-Z][A-Z0-9_]+)\s*[:=]", text, re.MULTILINE))


def backticked(doc: str) -> set[str]:
    return {match.strip() for match in IN_BACKTICKS.findall(read_doc(doc))}


def source_text() -> str:
    files = [*(PROJECT / "src").rglob("*.py"), *(PROJECT / "sandbox").rglob("*.py")]
    return "\n".join(path.read_text(encoding="utf-8") for path in files).lower()


@pytest.mark.parametrize("doc", DOC_FILES)
def test_upper_snake_names_are_settings_or_codes(doc: str) -> None:
    known = environment_variables() | sandbox_variables() | python_constants() | set(CATALOG)
    known |= make_variables()
    known |= OTHER_WORDS | IGNORED_ENVIRONMENT
    unknown = {name for name in backticked(doc) if UPPER_SNAKE.match(name)} - known
    assert not unknown, f"{doc} names what the code does not define: {sorted(unknown)}"


@pytest.mark.parametrize("doc", DOC_FILES)
def test_headers_are_ones_the_code_uses(doc: str) -> None:
    source = source_text()
    headers = {name for name in backticked(doc) if HEADER.match(name)}
    missing = {name for name in headers if f'"{name.lower()}' not in source}
    assert not missing, f"{doc} names headers no code sends or reads: {sorted(missing)}"


def personal_data_section(doc: str) -> str:
    text = read_doc(doc)
    assert "\n## Personal data\n" in text, f"{doc} has no Personal data section"
    return text.split("\n## Personal data\n", 1)[1].split("\n## ", 1)[0]


@pytest.mark.skipif(DATA_CLASSIFICATION != "confidential_pii", reason="no personal data")
@pytest.mark.parametrize("doc", ["customer-overview.md", "engineering-guide.md"])
def test_personal_data_is_named_with_its_retention(doc: str) -> None:
    section = personal_data_section(doc)
    canonical = [field for field in PERSONAL_FIELDS if field in Resource.model_fields]
    assert canonical, "no canonical field is personal: update PERSONAL_FIELDS"
    for field in canonical:
        assert re.search(rf"\b{field}\b", section), f"{doc} does not name {field}"
    hours = f"{Settings.model_fields['idempotency_ttl_seconds'].default / 3600:g}"
    assert f"{hours} hours" in section, doc  # the service keeps idempotency records


def test_the_guide_lists_every_personal_field() -> None:
    if DATA_CLASSIFICATION != "confidential_pii":
        assert "\n## Personal data\n" not in read_doc("engineering-guide.md")
        assert "\n## Personal data\n" not in read_doc("customer-overview.md")
        return
    section = personal_data_section("engineering-guide.md")
    for field in PERSONAL_FIELDS:
        assert f"`{field}`" in section, field


def test_documented_paths_exist() -> None:
    for doc in DOC_FILES:
        for name in backticked(doc):
            if name.startswith(("src/", "tests/", "docs/", "sandbox/")) and " " not in name:
                path = name.split("::")[0].rstrip("/")
                if "*" in path:  # a pattern (the zones table): something must match it
                    assert any(PROJECT.glob(path)), (doc, name)
                    continue
                assert Path(PROJECT, path).exists() or "<" in path or "{" in path, (doc, name)
