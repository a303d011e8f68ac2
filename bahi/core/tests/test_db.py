"""The app refuses to run on a SQLite configuration that can lose or corrupt committed books."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.db.backends.sqlite3.base import DatabaseWrapper

from bahi.core.db import check_sqlite_connection
from config.settings.base import SQLITE_OPTIONS

pytestmark = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite configuration")


@pytest.fixture
def connect(tmp_path, django_db_blocker):
    """Open a connection to a fresh file database with the given OPTIONS overrides."""
    opened = []

    def open_connection(**options):
        settings = {
            **connection.settings_dict,
            "NAME": str(tmp_path / "books.sqlite3"),
            "OPTIONS": {**SQLITE_OPTIONS, **options},
        }
        wrapper = DatabaseWrapper(settings, alias="durability-check")
        opened.append(wrapper)
        wrapper.ensure_connection()
        return wrapper

    with django_db_blocker.unblock():
        yield open_connection
        for wrapper in opened:
            wrapper.close()


def test_bundled_sqlite_is_new_enough():
    import sqlite3

    assert tuple(map(int, sqlite3.sqlite_version.split("."))) >= (3, 51, 3)


def test_default_settings_give_wal_with_full_sync(connect):
    wrapper = connect()
    raw = wrapper.connection
    assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert raw.execute("PRAGMA synchronous").fetchone()[0] == 2
    check_sqlite_connection(wrapper)


def test_refuses_to_connect_with_synchronous_off(connect):
    with pytest.raises(ImproperlyConfigured, match="synchronous"):
        connect(init_command="PRAGMA journal_mode=WAL;PRAGMA synchronous=OFF")


def test_refuses_rollback_journal(connect):
    with pytest.raises(ImproperlyConfigured, match="journal_mode"):
        connect(init_command="PRAGMA journal_mode=DELETE;PRAGMA synchronous=FULL")


def test_refuses_deferred_transactions(connect):
    with pytest.raises(ImproperlyConfigured, match="IMMEDIATE"):
        connect(transaction_mode="DEFERRED")
