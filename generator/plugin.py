"""The name pyproject.toml's entry point gives the plugin; the plugin itself is in builder.py."""

from .builder import PortalPlugin  # noqa: F401
