"""Refuse to run on a database configured to lose or corrupt committed books."""

from typing import Any

from django.core.exceptions import ImproperlyConfigured

from bahi._sqlite import MINIMUM_SQLITE

# PRAGMA synchronous values: 0 OFF, 1 NORMAL, 2 FULL, 3 EXTRA. FULL or EXTRA fsyncs every commit.
_SYNC_FULL = 2


def is_sqlite(connection: Any) -> bool:
    return bool(connection.vendor == "sqlite")


def is_memory_database(connection: Any) -> bool:
    name = str(connection.settings_dict.get("NAME") or "")
    return name == ":memory:" or name.startswith("file:memorydb") or "mode=memory" in name


def check_sqlite_connection(connection: Any) -> None:
    """Raise ImproperlyConfigured unless this SQLite connection is durable.

    Checked on every new connection: the bundled library is new enough (the WAL-reset bug), the
    journal is WAL, every commit is fsynced, and writers take the write lock at BEGIN.
    """
    raw = connection.connection
    version = tuple(
        int(part) for part in raw.execute("select sqlite_version()").fetchone()[0].split(".")
    )
    if version < MINIMUM_SQLITE:
        raise ImproperlyConfigured(
            f"SQLite {'.'.join(map(str, version))} is too old: Bahi needs "
            f"{'.'.join(map(str, MINIMUM_SQLITE))} or newer (WAL corruption fix). "
            "Install the pysqlite3 wheel and import bahi before Django."
        )
    if connection.transaction_mode != "IMMEDIATE":
        raise ImproperlyConfigured("SQLite must use transaction_mode IMMEDIATE")
    if is_memory_database(connection):
        return
    journal_mode = raw.execute("PRAGMA journal_mode").fetchone()[0]
    synchronous = raw.execute("PRAGMA synchronous").fetchone()[0]
    if journal_mode.lower() != "wal" or synchronous < _SYNC_FULL:
        raise ImproperlyConfigured(
            f"unsafe SQLite settings (journal_mode={journal_mode}, synchronous={synchronous}): "
            "Bahi needs journal_mode=WAL and synchronous=FULL"
        )


def enforce_durable_sqlite(sender: Any, connection: Any, **kwargs: Any) -> None:
    if is_sqlite(connection):
        check_sqlite_connection(connection)
