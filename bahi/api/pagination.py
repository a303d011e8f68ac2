"""Opaque cursors over (entry_date, id): page N costs what page 1 costs (index entry_daybook)."""

from datetime import date

from django.db.models import Q, QuerySet

from bahi.ledger.models import JournalEntry
from bahi.reports.cursor import cursor_date, cursor_int, decode_cursor, encode_cursor

DEFAULT_LIMIT = 100
MAX_LIMIT = 1000
_KIND = "entries"


def entry_cursor(entry_date: date, entry_id: int) -> str:
    return encode_cursor(_KIND, entry_date.isoformat(), entry_id)


def entries_after(entries: QuerySet[JournalEntry], cursor: str) -> QuerySet[JournalEntry]:
    """The entries after the cursor's position. Raises InvalidCursor."""
    day_value, id_value = decode_cursor(cursor, _KIND, 2)
    day, entry_id = cursor_date(day_value), cursor_int(id_value)
    # The redundant lower bound lets the database seek the index instead of scanning for the OR.
    return entries.filter(entry_date__gte=day).filter(
        Q(entry_date__gt=day) | Q(entry_date=day, id__gt=entry_id)
    )


def page(
    entries: QuerySet[JournalEntry], cursor: str | None, limit: int
) -> tuple[list[JournalEntry], str | None]:
    """One page in (entry_date, id) order and the cursor of the next (None on the last)."""
    if cursor is not None:
        entries = entries_after(entries, cursor)
    rows = list(entries.order_by("entry_date", "id")[: limit + 1])
    if len(rows) <= limit:
        return rows, None
    rows = rows[:limit]
    return rows, entry_cursor(rows[-1].entry_date, rows[-1].id)
