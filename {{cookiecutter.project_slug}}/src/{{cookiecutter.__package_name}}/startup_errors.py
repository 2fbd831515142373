"""Invalid settings as "VARIABLE: reason" lines that never repeat a value.

pydantic's own messages print the input (`input_value=...`): the tail of a secret, or the
password inside a URL. Here only the variable, the location inside it and pydantic's reason
are kept, so `python -m <package>` prints one "cannot start: VARIABLE: reason" line per
problem and exits with code 2.
"""

from __future__ import annotations

import re
from typing import Any, TypeVar, cast

from pydantic import BaseModel, ValidationError
from pydantic_settings import BaseSettings
from pydantic_settings.exceptions import SettingsError

SettingsT = TypeVar("SettingsT", bound=BaseSettings)

# pydantic-settings' message when a complex value (a JSON list) does not parse.
_UNPARSABLE_FIELD = re.compile(r'field "(?P<field>[A-Za-z0-9_]+)"')


class ConfigError(Exception):
    """The configuration is invalid; each problem is one "VARIABLE: reason" line."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def load_settings(model_type: type[SettingsT]) -> SettingsT:
    """`model_type()` read from the environment (and .env), or a ConfigError."""
    try:
        return model_type()
    except ValidationError as error:
        raise ConfigError(validation_problems(model_type, error)) from None
    except SettingsError as error:
        match = _UNPARSABLE_FIELD.search(str(error))
        variable = env_variable(model_type, match["field"]) if match else model_type.__name__
        raise ConfigError([f"{variable}: not valid JSON"]) from None


class SettingsLoader:
    """Loads several settings classes and reports the problems of all of them at once."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def load(self, model_type: type[SettingsT]) -> SettingsT:
        try:
            return load_settings(model_type)
        except ConfigError as error:
            self.problems.extend(error.problems)
            # A placeholder, never used: raise_problems() follows.
            return cast(SettingsT, model_type.model_construct())

    def raise_problems(self) -> None:
        if self.problems:
            raise ConfigError(self.problems)


def validation_problems(model_type: type[BaseModel], error: ValidationError) -> list[str]:
    problems = []
    for issue in error.errors(include_url=False, include_input=False):
        reason = _reason(issue["type"], issue["msg"], issue.get("ctx", {}))
        if not issue["loc"]:  # a check across several settings: name those it mentions
            mentioned = [
                env_variable(model_type, name)
                for name in model_type.model_fields
                if re.search(rf"\b{name}\b", reason, re.IGNORECASE)
            ]
            problems.append(f"{', '.join(mentioned)}: {reason}" if mentioned else reason)
            continue
        first, *inside = issue["loc"]
        variable = env_variable(model_type, str(first))
        path = "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in inside)
        problems.append(f"{variable}{path}: {reason}")
    return problems


def _reason(kind: str, message: str, context: dict[str, Any]) -> str:
    # pydantic's length messages end with the actual length ("..., not 6"): a secret's
    # length is not for the log either.
    if kind in ("too_short", "string_too_short"):
        return f"too short (the minimum length is {context['min_length']})"
    if kind in ("too_long", "string_too_long"):
        return f"too long (the maximum length is {context['max_length']})"
    return message.removeprefix("Value error, ")


def env_variable(model_type: type[BaseModel], field_name: str) -> str:
    """The environment variable that sets `field_name` of a settings class."""
    field = model_type.model_fields.get(field_name)
    alias = field.validation_alias or field.alias if field is not None else None
    if isinstance(alias, str):
        return alias.upper()
    prefix = str(model_type.model_config.get("env_prefix", ""))
    return f"{prefix}{field_name}".upper()
