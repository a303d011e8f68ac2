"""Writing checked entries: voucher numbers, entries and lines, as fast as each database allows.

Two ways, both guarded by the database (migrations/0002, 0004):
- one entry (the UI and API): inserted as a draft with its lines, then posted by an UPDATE of its
  status, a fixed number of statements;
- many entries (imports): ids reserved up front, the lines written first and then the entries
  already posted, so each row is written once (COPY on PostgreSQL, executemany on SQLite). The
  database runs the posting checks and the period totals at that INSERT.
"""

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from django.db import connection

from bahi.identity.models import Company, User
from bahi.ledger.models import EntryStatus
from bahi.ledger.types import CheckedEntry


def reserve_numbers(company: Company, series: str, fiscal_year: str, count: int) -> int:
    """Take `count` consecutive voucher numbers; returns the first.

    The row lock (PostgreSQL) or the write lock taken at BEGIN IMMEDIATE (SQLite) makes concurrent
    posters queue here; numbers are taken in the transaction that uses them, so a rollback
    returns them and the sequence has no gaps and no duplicates.
    """
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO ledger_vouchersequence (company_id, series, fiscal_year, last_number) "
            "VALUES (%s, %s, %s, %s) ON CONFLICT (company_id, series, fiscal_year) DO UPDATE "
            "SET last_number = ledger_vouchersequence.last_number + EXCLUDED.last_number "
            "RETURNING last_number",
            [company.id, series, fiscal_year, count],
        )
        last = int(cursor.fetchone()[0])
    return last - count + 1


# --- writing -----------------------------------------------------------------------------------

ENTRY_COLUMNS = (
    "company_id, series, fiscal_year, number, entry_date, narration, status, total_paise, "
    "source_type, source_id, idempotency_key, reverses_id, created_by_id, created_at"
)
LINE_COLUMNS = (
    "company_id, entry_id, line_no, entry_date, account_id, party_id, debit_paise, "
    "credit_paise, description"
)
_INSERT_ENTRY = (
    f"INSERT INTO ledger_journalentry ({ENTRY_COLUMNS}) VALUES "  # noqa: S608
    "(%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)"
)


_INSERT_ENTRY_WITH_ID = (
    f"INSERT INTO ledger_journalentry (id, {ENTRY_COLUMNS}) VALUES "  # noqa: S608
    "(%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)"
)


def write_entries(
    company: Company, actor: User, entries: Sequence[CheckedEntry], created_at: datetime
) -> list[tuple[int, int]]:
    """Insert checked entries as drafts, their lines, then post them with one UPDATE per
    (series, year): the database checks balance and updates period totals as they post.
    Returns (id, voucher number) per entry, in the order given."""
    groups: dict[tuple[str, str], list[CheckedEntry]] = defaultdict(list)
    for checked in entries:
        groups[(checked.source.series, checked.fiscal_year)].append(checked)
    stamp = connection.ops.adapt_datetimefield_value(created_at)
    written: dict[int, tuple[int, int]] = {}
    with connection.cursor() as cursor:
        # Sorted, so concurrent posters take the sequences' row locks in one order.
        for (series, fiscal_year), group in sorted(groups.items()):
            first = reserve_numbers(company, series, fiscal_year, len(group))
            rows = [
                _entry_row(company, actor, checked, first + offset, stamp)
                for offset, checked in enumerate(group)
            ]
            entry_ids = _insert_entries(cursor, company, (series, fiscal_year), first, rows)
            _insert_lines(cursor, company, group, entry_ids)
            cursor.execute(
                "UPDATE ledger_journalentry SET status = 'posted' WHERE company_id = %s "
                "AND series = %s AND fiscal_year = %s AND number BETWEEN %s AND %s",
                [company.id, series, fiscal_year, first, first + len(group) - 1],
            )
            for offset, (checked, entry_id) in enumerate(zip(group, entry_ids, strict=True)):
                written[id(checked)] = (entry_id, first + offset)
    return [written[id(checked)] for checked in entries]


def _entry_row(
    company: Company,
    actor: User,
    checked: CheckedEntry,
    number: int,
    stamp: object,
    status: str = EntryStatus.DRAFT.value,
) -> tuple[object, ...]:
    source = checked.source
    return (
        company.id,
        source.series,
        checked.fiscal_year,
        number,
        connection.ops.adapt_datefield_value(source.entry_date),
        source.narration,
        status,
        checked.total_paise,
        source.source_type,
        source.source_id,
        source.idempotency_key,
        source.reverses_id,
        actor.id,
        stamp,
    )


def _insert_entries(
    cursor: Any, company: Company, sequence: tuple[str, str], first: int, rows: list[Any]
) -> list[int]:
    """Insert draft entries numbered first, first + 1, ...; returns their ids in that order."""
    if len(rows) == 1:
        cursor.execute(_INSERT_ENTRY + " RETURNING id", rows[0])
        # fetchall, not fetchone: it steps the statement to its end, so SQLite finishes it.
        return [int(cursor.fetchall()[0][0])]
    if connection.vendor == "postgresql":
        _copy(cursor, f"COPY ledger_journalentry ({ENTRY_COLUMNS}) FROM STDIN", rows)
    else:
        cursor.executemany(_INSERT_ENTRY, rows)
    cursor.execute(
        "SELECT number, id FROM ledger_journalentry WHERE company_id = %s AND series = %s "
        "AND fiscal_year = %s AND number BETWEEN %s AND %s",
        [company.id, *sequence, first, first + len(rows) - 1],
    )
    id_by_number = dict(cursor.fetchall())
    return [int(id_by_number[first + offset]) for offset in range(len(rows))]


def _insert_lines(
    cursor: Any, company: Company, group: Sequence[CheckedEntry], entry_ids: list[int]
) -> None:
    adapt_date = connection.ops.adapt_datefield_value
    company_id = company.id
    # One flat tuple per line, no per-line attribute lookups: this loop runs for every line.
    rows = [
        (company_id, entry_id, line_no, entry_date, account_id, party_id, debit, credit, text)
        for checked, entry_id in zip(group, entry_ids, strict=True)
        for entry_date in (adapt_date(checked.source.entry_date),)
        for line_no, (account_id, party_id, debit, credit, text) in enumerate(checked.lines, 1)
    ]
    if connection.vendor == "postgresql":
        _copy(cursor, f"COPY ledger_journalline ({LINE_COLUMNS}) FROM STDIN", rows)
        return
    cursor.executemany(
        f"INSERT INTO ledger_journalline ({LINE_COLUMNS}) VALUES "  # noqa: S608
        "(%s, %s, %s, %s, %s, %s, %s, %s, %s)",
        rows,
    )


def write_posted_entries(
    company: Company, actor: User, entries: Sequence[CheckedEntry], created_at: datetime
) -> list[tuple[int, int]]:
    """Write checked entries already posted (bulk): reserve their ids and voucher numbers, insert
    the lines, then the entries with status posted; the database checks each entry and adds it
    to the period totals as it is inserted (migrations/0004). Returns (id, voucher number) per
    entry, in the order given."""
    numbers: dict[int, int] = {}
    groups: dict[tuple[str, str], list[CheckedEntry]] = defaultdict(list)
    for checked in entries:
        groups[(checked.source.series, checked.fiscal_year)].append(checked)
    # Sorted, so concurrent posters take the sequences' row locks in one order.
    for (series, fiscal_year), group in sorted(groups.items()):
        first = reserve_numbers(company, series, fiscal_year, len(group))
        numbers.update((id(checked), first + offset) for offset, checked in enumerate(group))
    stamp = connection.ops.adapt_datetimefield_value(created_at)
    posted = EntryStatus.POSTED.value
    with connection.cursor() as cursor:
        entry_ids = _reserve_entry_ids(cursor, len(entries))
        _insert_lines(cursor, company, entries, entry_ids)
        rows: list[Any] = [
            (entry_id, *_entry_row(company, actor, checked, numbers[id(checked)], stamp, posted))
            for entry_id, checked in zip(entry_ids, entries, strict=True)
        ]
        if connection.vendor == "postgresql":
            _copy(cursor, f"COPY ledger_journalentry (id, {ENTRY_COLUMNS}) FROM STDIN", rows)
        else:
            cursor.executemany(_INSERT_ENTRY_WITH_ID, rows)
    return [
        (entry_id, numbers[id(checked)])
        for entry_id, checked in zip(entry_ids, entries, strict=True)
    ]


def _reserve_entry_ids(cursor: Any, count: int) -> list[int]:
    """Ids for `count` new entries, taken before their lines are written (the lines name them).
    PostgreSQL: from the table's own sequence. SQLite: above every id ever used (AUTOINCREMENT
    keeps that in sqlite_sequence); the write lock taken at BEGIN IMMEDIATE keeps them ours."""
    if connection.vendor == "postgresql":
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence('ledger_journalentry', 'id')) "
            "FROM generate_series(1, %s)",
            [count],
        )
        return [int(row[0]) for row in cursor.fetchall()]
    cursor.execute(
        "SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = "
        "'ledger_journalentry'), 0), coalesce((SELECT max(id) FROM ledger_journalentry), 0))"
    )
    last = int(cursor.fetchall()[0][0])
    return list(range(last + 1, last + count + 1))


def _copy(cursor: Any, statement: str, rows: list[Any]) -> None:
    """COPY rows in (PostgreSQL); database errors surface as Django's, as for any query."""
    with connection.wrap_database_errors, cursor.cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row(row)
