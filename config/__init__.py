import bahi  # noqa: F401  (installs the bundled SQLite before Django's backend is imported)
