"""What this service calls itself: its distribution name and version, from package metadata.

pyproject.toml is the one place the version is written; the OpenAPI document and the
User-Agent sent to the vendor read it from the installed package's metadata.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from .constants import PROJECT_SLUG

# Outside an installed package (a copied source tree), the version is unknown, not made up.
UNKNOWN_VERSION = "0+unknown"


def installed_version(distribution: str = PROJECT_SLUG) -> str:
    try:
        return version(distribution)
    except PackageNotFoundError:
        return UNKNOWN_VERSION


VERSION = installed_version()
USER_AGENT = f"{PROJECT_SLUG}/{VERSION}"
