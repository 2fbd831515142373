"""The integration service package."""

from .about import VERSION as __version__

__all__ = ["__version__"]
