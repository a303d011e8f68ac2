"""Opaque cursors over (a date column, id): page N costs what page 1 costs (an index on
(company, date, id) or one that starts with the company and the date)."""

from typing import Any, TypeVar

from django.db.models import Model, Q, QuerySet

from bahi.reports.cursor import cursor_date, cursor_int, decode_cursor, encode_cursor

DEFAULT_LIMIT = 100
MAX_LIMIT = 1000
_KIND = "entries"

Row = TypeVar("Row", bound=Model)


def rows_after(rows: QuerySet[Row], cursor: str, *, kind: str, field: str) -> QuerySet[Row]:
    """The rows after the cursor's position. Raises InvalidCursor."""
    day_value, id_value = decode_cursor(cursor, kind, 2)
    day, row_id = cursor_date(day_value), cursor_int(id_value)
    # The redundant lower bound lets the database seek the index instead of scanning for the OR.
    return rows.filter(**{f"{field}__gte": day}).filter(
        Q(**{f"{field}__gt": day}) | Q(**{field: day, "id__gt": row_id})
    )


def page_by(
    rows: QuerySet[Row], cursor: str | None, limit: int, *, kind: str, field: str
) -> tuple[list[Row], str | None]:
    """One page in (`field`, id) order and the cursor of the next (None on the last); `kind`
    tags the cursor so one list's cursor is refused by another."""
    if cursor is not None:
        rows = rows_after(rows, cursor, kind=kind, field=field)
    found = list(rows.order_by(field, "id")[: limit + 1])
    if len(found) <= limit:
        return found, None
    found = found[:limit]
    last: Any = found[-1]
    return found, encode_cursor(kind, getattr(last, field).isoformat(), last.pk)


def page(rows: QuerySet[Row], cursor: str | None, limit: int) -> tuple[list[Row], str | None]:
    """Journal entries by (entry_date, id)."""
    return page_by(rows, cursor, limit, kind=_KIND, field="entry_date")
