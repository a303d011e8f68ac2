"""Where the posting time goes: wall time per kind of SQL statement (Django's execute_wrapper),
plus COPY on PostgreSQL (it bypasses Django's cursor, so the ledger's `_copy` helper is timed
instead, when it exists) and COMMIT. The rest of the time is Python: generation (measured
separately), the checks of bahi.ledger.calc, building the rows."""

import re
import time
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext

from django.db import connection

_STATEMENT = re.compile(
    r"^\s*(INSERT INTO|UPDATE|SELECT .*? FROM|DELETE FROM)\s+(\w+)", re.S | re.I
)


def classify(sql: str) -> str:
    match = _STATEMENT.match(sql)
    if match is None:
        return sql.split(None, 1)[0].upper() if sql.strip() else "?"
    verb = match.group(1).split()[0].upper()
    return f"{verb} {match.group(2)}"


def _copy_target() -> tuple[object, str] | None:
    """The module function that sends COPY (PostgreSQL), wherever the ledger keeps it."""
    import importlib

    for module_name, function_name in (
        ("bahi.ledger.writes", "_copy"),
        ("bahi.ledger.posting", "_copy"),
        ("bahi.ledger.services", "_copy"),
        ("bahi.ledger.services", "_insert_lines"),
    ):
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            continue
        if hasattr(module, function_name):
            return module, function_name
    return None


def _copy_label(function_name: str, args: tuple) -> str:
    if function_name == "_copy" and len(args) > 1 and isinstance(args[1], str):
        return " ".join(args[1].split()[:2])  # "COPY ledger_journalline"
    return "COPY ledger_journalline (_insert_lines)"


@contextmanager
def _timed_copy(seconds: dict[str, float]) -> Iterator[None]:
    target = _copy_target()
    if target is None or connection.vendor != "postgresql":
        yield
        return
    module, function_name = target
    original = getattr(module, function_name)

    def timed(*args, **kwargs):
        started = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            seconds[_copy_label(function_name, args)] += time.perf_counter() - started

    setattr(module, function_name, timed)
    try:
        yield
    finally:
        setattr(module, function_name, original)


@contextmanager
def _timed_commit(seconds: dict[str, float]) -> Iterator[None]:
    """COMMIT (the fsync with synchronous=FULL / synchronous_commit=on) is not a statement
    Django sends through its cursor: time the connection's own commit instead."""
    from django.db import connections

    wrapper = connections["default"]
    original = wrapper._commit

    def timed():
        started = time.perf_counter()
        try:
            return original()
        finally:
            seconds["COMMIT"] += time.perf_counter() - started

    wrapper._commit = timed
    try:
        yield
    finally:
        del wrapper._commit


@contextmanager
def statement_times(enabled: bool = True) -> Iterator[dict[str, float]]:
    seconds: dict[str, float] = defaultdict(float)
    if not enabled:
        with nullcontext():
            yield seconds
        return

    def wrapper(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            seconds[classify(sql) + (" (many)" if many else "")] += time.perf_counter() - started

    with connection.execute_wrapper(wrapper), _timed_copy(seconds), _timed_commit(seconds):
        yield seconds
