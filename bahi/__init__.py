"""Bahi: double-entry accounting for Indian small and medium businesses."""

from bahi._sqlite import install as _install_sqlite

_install_sqlite()

__version__ = "0.1.0"
