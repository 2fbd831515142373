"""The integration service package."""
