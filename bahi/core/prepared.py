"""A queryset compiled once, run many times with new values: for the few lookups every request
makes (the API key with its user and company).

Compiling an ORM query (`as_sql`: columns, joins, where clause) costs about ten times more than
SQLite takes to run it, and an authenticated API call made that compilation for the same query
on every request. `PreparedQuery` compiles the queryset on first use per connection vendor, then
executes the SQL with the call's values and builds the model instances the way Django's own
`ModelIterable` does (the backend's converters, `Model.from_db`, select_related populators), so
the objects are the ones the ORM would return. The queryset is written with `Param` (text) and
`IntParam` (integer) markers where the values go; bahi/ledger/tests/test_prepared_lookups.py and
bahi/identity/tests/test_api_key_lookup.py compare the results with the ORM's.
It uses two of Django's documented-but-internal pieces (the compiler's `select`/`klass_info`
and `get_related_populators`); Django is pinned to 5.2 LTS and the test catches a change.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.db import connection
from django.db.models import Model, QuerySet
from django.db.models.query import get_related_populators

M = TypeVar("M", bound=Model)


class Param(str):
    """A marker for a value given at each run, in a lookup on a text column."""

    __slots__ = ()


# Integer columns turn what they are given into a plain int, so an integer marker is a number
# no row uses (negative, inside a 32-bit column's range) that compiling finds again by value.
_NUMBER_MARKERS: dict[int, str] = {}


def IntParam(name: str) -> int:  # noqa: N802 - used like the Param class
    """A marker for an integer value given at each run (an id, a foreign key)."""
    for number, known in _NUMBER_MARKERS.items():
        if known == name:
            return number
    number = -2_000_000_000 - len(_NUMBER_MARKERS)
    _NUMBER_MARKERS[number] = name
    return number


@dataclass(frozen=True)
class _Compiled:
    sql: str
    params: tuple[Any, ...]
    slots: dict[str, list[int]]  # marker name -> its positions in params
    run: Callable[[Sequence[tuple[Any, ...]]], list[Any]]


class PreparedQuery(Generic[M]):
    def __init__(self, build: Callable[[], QuerySet[M]]) -> None:
        self._build = build
        self._compiled: dict[str, _Compiled] = {}

    def _compile(self) -> _Compiled:
        queryset = self._build()
        compiler = queryset.query.get_compiler(using=queryset.db)
        sql, params = compiler.as_sql()
        slots: dict[str, list[int]] = {}
        for index, value in enumerate(params):
            if isinstance(value, Param):
                slots.setdefault(str(value), []).append(index)
            elif type(value) is int and value in _NUMBER_MARKERS:
                slots.setdefault(_NUMBER_MARKERS[value], []).append(index)
        select, klass_info = compiler.select, compiler.klass_info
        if klass_info is None or compiler.annotation_col_map:
            raise ValueError("PreparedQuery takes a plain model queryset")
        model_cls = klass_info["model"]
        fields = klass_info["select_fields"]
        start, end = fields[0], fields[-1] + 1
        init_list = [column[0].target.attname for column in select[start:end]]
        populators = get_related_populators(klass_info, select, queryset.db)  # type: ignore[call-arg]  # stubs: 6.0
        converters = compiler.get_converters([column[0] for column in select])
        db = queryset.db

        def run(rows: Sequence[tuple[Any, ...]]) -> list[Any]:
            if converters:
                rows = list(compiler.apply_converters(rows, converters))
            objects = []
            for row in rows:
                obj = model_cls.from_db(db, init_list, row[start:end])
                for populator in populators:
                    populator.populate(row, obj)
                objects.append(obj)
            return objects

        return _Compiled(sql, tuple(params), slots, run)

    def all(self, **values: Any) -> list[M]:
        compiled = self._compiled.get(connection.vendor)
        if compiled is None:
            compiled = self._compiled[connection.vendor] = self._compile()
        if set(values) != set(compiled.slots):
            raise TypeError(f"values for {sorted(compiled.slots)} expected, got {sorted(values)}")
        params = list(compiled.params)
        for name, indexes in compiled.slots.items():
            for index in indexes:
                params[index] = values[name]
        with connection.cursor() as cursor:
            cursor.execute(compiled.sql, params)
            rows = cursor.fetchall()
        return compiled.run(rows)

    def first(self, **values: Any) -> M | None:
        found = self.all(**values)
        return found[0] if found else None
