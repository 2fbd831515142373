"""The redaction step every log line passes through, last before it is rendered.

It hides values by key (credentials, tokens, signatures, cookies, and the configured
personal fields) anywhere in the event, nested dicts and lists included, and scrubs text:
every configured secret value, bearer and basic credentials, JWTs, passwords in URLs, and
`key: value` / `key=value` pairs whose key names a credential (headers or forms quoted in an
exception message). Personal data can only be found by key: a personal value inside free
text (an exception message) is not recognised.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, unquote, urlsplit

from pydantic import BaseModel, SecretStr
from structlog.typing import EventDict, WrappedLogger

REDACTED = "[REDACTED]"

SENSITIVE_KEYS = frozenset(
    {
        "authorization",
        "proxy_authorization",
        "x_api_key",
        "api_key",
        "apikey",
        "token",
        "access_token",
        "refresh_token",
        "id_token",
        "client_secret",
        "secret",
        "password",
        "passwd",
        "signature",
        "x_acme_signature",
        "cookie",
        "set_cookie",
        "private_key",
        "credentials",
    }
)
SENSITIVE_SUFFIXES = ("_token", "_secret", "_password", "_signature", "_api_key", "_cookie")

_CREDENTIAL_SCHEME = re.compile(r"(?i)\b(bearer|basic)\s+[A-Za-z0-9\-._~+/]+=*")
_JWT = re.compile(r"\beyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*")
_URL_PASSWORD = re.compile(r"(?i)(\b[a-z][a-z0-9+.-]*://[^/\s:@]*:)[^@\s/]+(@)")
_KEY_VALUE = re.compile(
    r"""(?ix)
    (?P<key>\b[\w-]*?(?:authorization|api[-_]?key|token|secret|password|passwd|signature|cookie)\b)
    (?P<sep>["']?\s*[:=]\s*)
    (?:(?P<quote>["'])[^"']*(?P=quote) | (?!\[REDACTED\])(?:(?:bearer|basic)\s+)?[^\s"',&;)}\]]+)
    """
)


def normalized(key: str) -> str:
    return key.strip().lower().replace("-", "_")


class Redactor:
    """A structlog processor; build it once with the secrets and personal fields to hide."""

    def __init__(self, secrets: Iterable[str] = (), pii_fields: Iterable[str] = ()) -> None:
        variants = {form for secret in secrets if secret for form in (secret, quote(secret))}
        # Longest first, so a secret containing another is replaced whole.
        self._secrets = sorted(variants, key=len, reverse=True)
        # Keys hidden by name (normalised): the credential names and the personal fields.
        self._hidden_keys = SENSITIVE_KEYS | {normalized(field) for field in pii_fields}

    def __call__(self, logger: WrappedLogger, method_name: str, event_dict: EventDict) -> EventDict:
        return {key: self._under(key, value) for key, value in event_dict.items()}

    def _under(self, key: object, value: object) -> object:
        if isinstance(key, str):
            name = normalized(key)
            if name in self._hidden_keys or name.endswith(SENSITIVE_SUFFIXES):
                return REDACTED
        return self.clean(value)

    def clean(self, value: object) -> object:
        if value is None or isinstance(value, bool | int | float):
            return value
        if isinstance(value, str):
            return self.scrub(value)
        if isinstance(value, Mapping):
            return {key: self._under(key, item) for key, item in value.items()}
        if isinstance(value, list | tuple | set | frozenset):
            return [self.clean(item) for item in value]
        if isinstance(value, bytes):
            return self.scrub(value.decode("utf-8", "replace"))
        # Anything else would be rendered through its repr, unredacted: render it here.
        return self.scrub(str(value))

    def scrub(self, text: str) -> str:
        for secret in self._secrets:
            text = text.replace(secret, REDACTED)
        folded = fold(text)
        for pattern in TEXT_PATTERNS:
            if may_contain(folded, pattern.needs):
                scrubbed = pattern.regex.sub(pattern.replacement, text)
                if scrubbed != text:
                    text, folded = scrubbed, fold(scrubbed)
        return text


def fold(text: str) -> str | None:
    """`text` in lower case for `may_contain`; None when only the patterns can tell: in
    text that is not ASCII, case-insensitive matching also pairs some non-ASCII letters
    with ASCII ones (the Kelvin sign with k)."""
    return text.lower() if text.isascii() else None


def may_contain(folded: str | None, words: tuple[str, ...]) -> bool:
    """Whether folded text holds one of `words` (lower case): a cheap test that spares most
    log values the regular expressions."""
    return folded is None or any(word in folded for word in words)


def _redacted_pair(match: re.Match[str]) -> str:
    quote_mark = match.group("quote") or ""
    return f"{match.group('key')}{match.group('sep')}{quote_mark}{REDACTED}{quote_mark}"


@dataclass(frozen=True)
class TextPattern:
    """A pattern scrubbed from text, and the words (lower case) it cannot match without:
    text holding none of them, ignoring case, is not searched."""

    regex: re.Pattern[str]
    replacement: str | Callable[[re.Match[str]], str]
    needs: tuple[str, ...]


# In this order; tests/observability/test_redaction.py checks each pattern's `needs`.
TEXT_PATTERNS = (
    TextPattern(
        _KEY_VALUE,
        _redacted_pair,
        ("authorization", "api", "token", "secret", "passw", "signature", "cookie"),
    ),
    TextPattern(_CREDENTIAL_SCHEME, rf"\1 {REDACTED}", ("bearer", "basic")),
    TextPattern(_JWT, REDACTED, ("eyj",)),
    TextPattern(_URL_PASSWORD, rf"\1{REDACTED}\2", ("://",)),
)


def secret_values_of(*models: BaseModel) -> list[str]:
    """Every SecretStr value of the settings models (lists of them too), plus the password
    of any secret URL."""
    values: list[str] = []
    for model in models:
        for name in type(model).model_fields:
            field: Any = getattr(model, name)
            for secret in field if isinstance(field, list) else [field]:
                if isinstance(secret, SecretStr) and secret.get_secret_value():
                    values.append(secret.get_secret_value())
                    values.extend(url_password(secret.get_secret_value()))
    return values


def url_password(value: str) -> list[str]:
    if "://" not in value:
        return []
    try:
        password = urlsplit(value).password
    except ValueError:
        return []
    return [password, unquote(password)] if password else []
