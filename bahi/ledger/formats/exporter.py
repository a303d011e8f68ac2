"""Export the posted books as CSV, an hledger/ledger journal or a Beancount file.

Streams from the database in (entry_date, id) order: entries through an iterator, their lines
fetched a batch of entries at a time, so memory stays flat whatever the size of the books.
Re-importing the file into an empty company gives the same trial balance, account by account.
"""

import contextlib
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from itertools import islice
from typing import TextIO, TypeVar

from django.db import connection, transaction

from bahi.core.errors import DomainError
from bahi.identity.models import Company, User
from bahi.identity.permissions import Action, ensure_can
from bahi.ledger.formats.beancount_format import write_beancount
from bahi.ledger.formats.common import ExportEntry, ExportLine, Format
from bahi.ledger.formats.csv_format import write_csv
from bahi.ledger.formats.journal_format import write_journal
from bahi.ledger.formats.names import ChartNames
from bahi.ledger.models import EntryStatus, JournalEntry, JournalLine

EXPORT_BATCH = 1000
T = TypeVar("T")

Writer = Callable[..., int]
WRITERS: dict[Format, Writer] = {
    Format.CSV: write_csv,
    Format.JOURNAL: write_journal,
    Format.BEANCOUNT: write_beancount,
}


@dataclass(frozen=True)
class ExportSummary:
    file_format: Format
    entries: int


def export_books(
    *,
    company: Company,
    actor: User,
    file_format: Format,
    out: TextIO,
    date_from: date | None = None,
    date_to: date | None = None,
) -> ExportSummary:
    """Write the posted entries dated within [date_from, date_to] (either end open) to `out`.
    Raises PermissionDenied."""
    ensure_can(actor=actor, company=company, action=Action.VIEW_BOOKS)
    # On PostgreSQL one transaction gives the whole export one snapshot and lets the entry
    # iterator use a plain server-side cursor; SQLite's single statement is its own snapshot.
    atomic = transaction.atomic() if connection.vendor == "postgresql" else contextlib.nullcontext()
    with atomic:
        names = ChartNames(company)
        entries = iter_export_entries(company=company, date_from=date_from, date_to=date_to)
        written = WRITERS[file_format](entries, names, out, title=company.legal_name)
    return ExportSummary(file_format, written)


def iter_export_entries(
    *, company: Company, date_from: date | None = None, date_to: date | None = None
) -> Iterator[ExportEntry]:
    """Posted entries in (entry_date, id) order with their lines in line order."""
    entries = JournalEntry.objects.filter(company=company, status=EntryStatus.POSTED)
    if date_from is not None:
        entries = entries.filter(entry_date__gte=date_from)
    if date_to is not None:
        entries = entries.filter(entry_date__lte=date_to)
    rows = (
        entries.order_by("entry_date", "id")
        .values_list("id", "entry_date", "narration", "series", "fiscal_year", "number")
        .iterator(chunk_size=EXPORT_BATCH)
    )
    for batch in _batches(rows, EXPORT_BATCH):
        lines = _lines_of(company, [row[0] for row in batch])
        for entry_id, entry_date, narration, series, fiscal_year, number in batch:
            yield ExportEntry(
                entry_date=entry_date,
                voucher=f"{series}/{fiscal_year}/{number:06d}",
                narration=narration,
                lines=tuple(lines[entry_id]),
            )


def _batches(rows: Iterable[T], size: int) -> Iterator[list[T]]:
    iterator = iter(rows)
    while batch := list(islice(iterator, size)):
        yield batch


def _lines_of(company: Company, entry_ids: list[int]) -> dict[int, list[ExportLine]]:
    """The lines of entries already selected by company. Filtered on the entry ids alone (a
    line's company is its entry's: the database enforces it) because a company_id condition
    makes SQLite scan every line of the company through the (company, account, ...) index, once
    per batch; the company is still checked on every row."""
    lines: dict[int, list[ExportLine]] = defaultdict(list)
    rows = (
        JournalLine.objects.filter(entry_id__in=entry_ids)
        .order_by("entry_id", "line_no")
        .values_list(
            "company_id",
            "entry_id",
            "account_id",
            "party_id",
            "debit_paise",
            "credit_paise",
            "description",
        )
    )
    for company_id, entry_id, account_id, party_id, debit, credit, description in rows:
        if company_id != company.id:
            raise DomainError(f"entry {entry_id} has a line of another company", code="corrupt")
        lines[entry_id].append(ExportLine(account_id, party_id, debit, credit, description))
    return lines
