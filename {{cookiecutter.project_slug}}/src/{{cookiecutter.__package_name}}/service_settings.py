"""The one base class of every settings class: where settings come from, and renames.

Each settings class (settings.py, resilience/settings.py and the chosen vendor-auth,
inbound-auth and state modules) reads the environment and a `.env` file, ignores variables
it does not know, and is frozen once read. A renamed setting lists its old name in
`RENAMED`: the old environment variable keeps working for one release, with a warning, and
the new name wins when both are set.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from typing import Any, ClassVar

from pydantic.fields import FieldInfo
from pydantic_settings import (
    BaseSettings,
    EnvSettingsSource,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
)


class RenamedSettingWarning(FutureWarning):
    """A setting was given under its old name; it stops working in the next release."""


class ServiceSettings(BaseSettings):
    # Errors never repeat a value: secrets (CURSOR_SECRET, vendor credentials) are settings.
    model_config = SettingsConfigDict(
        env_file=".env", extra="ignore", frozen=True, hide_input_in_errors=True
    )

    # Old name -> new field name, both without the class's env_prefix.
    RENAMED: ClassVar[Mapping[str, str]] = {}

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        # Earlier sources win: a value under the new name beats one under the old name.
        renamed = RenamedSettingsSource(settings_cls, cls.RENAMED, (env_settings, dotenv_settings))
        return init_settings, env_settings, dotenv_settings, renamed, file_secret_settings


class RenamedSettingsSource(PydanticBaseSettingsSource):
    """Values given under a setting's old name, in the environment or the .env file."""

    def __init__(
        self,
        settings_cls: type[BaseSettings],
        renamed: Mapping[str, str],
        sources: tuple[PydanticBaseSettingsSource, ...],
    ) -> None:
        super().__init__(settings_cls)
        self._renamed = renamed
        self._sources = [source for source in sources if isinstance(source, EnvSettingsSource)]

    def get_field_value(self, field: FieldInfo, field_name: str) -> tuple[Any, str, bool]:
        return None, field_name, False  # unused: __call__ reads the old names itself

    def __call__(self) -> dict[str, Any]:
        prefix = str(self.config.get("env_prefix", ""))
        values: dict[str, Any] = {}
        for old, new in self._renamed.items():
            for source in self._sources:
                value = source.env_vars.get(f"{prefix}{old}".lower())
                if value is None:
                    continue
                warnings.warn(
                    f"{(prefix + old).upper()} is now {(prefix + new).upper()}; "
                    "the old name stops working in the next release",
                    RenamedSettingWarning,
                    stacklevel=2,
                )
                values.setdefault(new, value)
        return values
