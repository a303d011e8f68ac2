"""Django's SQLite backend with writers queued on a file lock instead of SQLite's busy handler.

Every Bahi transaction begins IMMEDIATE (it takes SQLite's write lock at BEGIN). A second writer
that finds the lock taken is left to SQLite's busy handler, which sleeps and polls: 1, 2, 5, 10,
15, 20, 25 ms and so on. Under load a waiter sleeps long after the lock is free, and two
processes posting at once spend much of their time asleep with nobody writing. Here a writer first
takes an exclusive `flock` on a file beside the database (`<name>-writer`): the kernel queues
the waiters and wakes the next the moment the holder commits or rolls back, and drops the lock
of a process that dies. SQLite's own lock and busy timeout stay as they were underneath, for
anything that writes without this backend (the sqlite3 shell, an older process).
"""

import fcntl
import os
import threading

from django.db.backends.sqlite3 import base

from bahi.core.db import is_memory_database

_held = threading.local()  # how many writer locks this thread holds, over all its connections


class WriterLockHeld(RuntimeError):
    """This thread already writes through another connection: waiting would never end."""


class DatabaseWrapper(base.DatabaseWrapper):
    _writer_fd: int | None = None
    _writer_locked = False

    def _writer_lock_path(self) -> str | None:
        if is_memory_database(self):
            return None
        return f"{self.settings_dict['NAME']}-writer"

    def _take_writer_lock(self) -> None:
        path = self._writer_lock_path()
        if path is None or self._writer_locked:
            return
        if self._writer_fd is None:
            self._writer_fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
        try:
            fcntl.flock(self._writer_fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if getattr(_held, "count", 0):
                raise WriterLockHeld(
                    "this thread already holds SQLite's write lock through another connection"
                ) from None
            fcntl.flock(self._writer_fd, fcntl.LOCK_EX)
        self._writer_locked = True
        _held.count = getattr(_held, "count", 0) + 1

    def _release_writer_lock(self) -> None:
        if not self._writer_locked or self._writer_fd is None:
            return
        fcntl.flock(self._writer_fd, fcntl.LOCK_UN)
        self._writer_locked = False
        _held.count = getattr(_held, "count", 1) - 1

    def _start_transaction_under_autocommit(self) -> None:
        self._take_writer_lock()
        try:
            super()._start_transaction_under_autocommit()  # type: ignore[misc]  # private in django-stubs
        except BaseException:
            self._release_writer_lock()
            raise

    def _commit(self) -> None:
        try:
            super()._commit()  # type: ignore[misc]  # private in django-stubs
        finally:
            self._release_writer_lock()

    def _rollback(self) -> None:
        try:
            super()._rollback()  # type: ignore[misc]  # private in django-stubs
        finally:
            self._release_writer_lock()

    def _close(self) -> None:
        try:
            super()._close()  # type: ignore[misc]  # private in django-stubs
        finally:
            self._release_writer_lock()
            if self._writer_fd is not None:
                os.close(self._writer_fd)
                self._writer_fd = None
