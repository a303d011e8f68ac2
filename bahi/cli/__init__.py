"""The `bahi` command: thin wrappers over the services, for people and scripts.

Each module in this package owns a few sub-commands and exposes `register(subparsers)`; each
command is a function taking the parsed arguments and returning an exit code.
"""

import argparse
import os
import sys
from collections.abc import Sequence

import bahi  # noqa: F401  (the bundled SQLite first)


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    import django

    django.setup()


def build_parser() -> argparse.ArgumentParser:
    """Every module of this package with a `register(subparsers)` adds its commands."""
    import importlib
    import pkgutil

    parser = argparse.ArgumentParser(prog="bahi", description="Bahi accounting for Indian SMEs")
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda info: info.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        if hasattr(module, "register"):
            module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    _setup_django()
    from bahi.core.errors import DomainError

    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.handler(args) or 0)
    except DomainError as error:
        print(f"error: {error.message}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
