"""SQLite writers queue on a file lock: the next writer starts the moment the last one ends."""

import threading
import time

import pytest
from django.db import connection, connections, transaction

from bahi.core.sqlite_backend.base import DatabaseWrapper, WriterLockHeld
from config.settings.base import SQLITE_OPTIONS

pytestmark = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite backend")


@pytest.fixture
def connect(tmp_path, django_db_blocker):
    opened = []

    def open_connection(alias: str) -> DatabaseWrapper:
        settings = {
            **connection.settings_dict,
            "NAME": str(tmp_path / "books.sqlite3"),
            "OPTIONS": dict(SQLITE_OPTIONS),
        }
        wrapper = DatabaseWrapper(settings, alias=alias)
        connections[alias] = wrapper  # this thread's registry: transaction.atomic(using=alias)
        opened.append(wrapper)
        wrapper.ensure_connection()
        return wrapper

    with django_db_blocker.unblock():
        first = open_connection("first")
        first.connection.execute("CREATE TABLE IF NOT EXISTS t (v TEXT)")
        yield open_connection
        for wrapper in opened:
            wrapper.close()
            del connections[wrapper.alias]


def _write_in_thread(wrapper: DatabaseWrapper, value: str, wrote: list[float]) -> None:
    wrapper.inc_thread_sharing()
    connections[wrapper.alias] = wrapper
    with transaction.atomic(using=wrapper.alias):
        wrapper.connection.execute("INSERT INTO t VALUES (?)", (value,))
    wrote.append(time.monotonic())


def test_a_waiting_writer_starts_as_soon_as_the_holder_commits(connect):
    holder, waiter = connect("holder"), connect("waiter")
    wrote: list[float] = []
    with transaction.atomic(using="holder"):
        holder.connection.execute("INSERT INTO t VALUES ('first')")
        other = threading.Thread(target=_write_in_thread, args=(waiter, "second", wrote))
        other.start()
        time.sleep(0.34)  # SQLite's busy handler polls at 328 and 428 ms: it would wake 88 ms late
        assert wrote == []  # it waits for the lock
        released = time.monotonic()
    other.join(timeout=5)
    assert wrote, "the waiting writer never wrote"
    assert wrote[0] - released < 0.05  # woken at once, not at the busy handler's next poll
    rows = holder.connection.execute("SELECT v FROM t ORDER BY rowid").fetchall()
    assert rows == [("first",), ("second",)]


def test_a_rolled_back_transaction_frees_the_lock(connect):
    wrapper = connect("rolls-back")

    def fail_midway() -> None:
        with transaction.atomic(using=wrapper.alias):
            wrapper.connection.execute("INSERT INTO t VALUES ('gone')")
            raise ZeroDivisionError

    with pytest.raises(ZeroDivisionError):
        fail_midway()
    assert not wrapper._writer_locked
    with transaction.atomic(using=wrapper.alias):  # the lock is free again
        wrapper.connection.execute("INSERT INTO t VALUES ('kept')")
    assert wrapper.connection.execute("SELECT v FROM t").fetchall() == [("kept",)]


def test_a_second_connection_of_the_same_thread_is_refused_not_left_hanging(connect):
    first, second = connect("one"), connect("two")
    with (
        transaction.atomic(using=first.alias),
        pytest.raises(WriterLockHeld),
        transaction.atomic(using=second.alias),
    ):
        pass
