"""Journal entries as the API shows them, their ETags, and the API's inputs as ledger types."""

import hashlib
import json

from django.db import connection

from bahi.api.schemas import EntryIn, EntryOut, EntrySummary, LineOut, rupees
from bahi.core.errors import NotFound
from bahi.identity.models import Company
from bahi.ledger.models import Account, JournalEntry, JournalLine
from bahi.ledger.types import EntryInput, LineInput, WrittenLine


def entry_input(payload: EntryIn) -> EntryInput:
    return EntryInput(
        entry_date=payload.entry_date,
        narration=payload.narration,
        series=payload.series,
        idempotency_key=payload.idempotency_key,
        source_type=payload.source_type,
        source_id=payload.source_id,
        lines=tuple(
            LineInput(
                account_id=line.account_id,
                debit=line.debit,
                credit=line.credit,
                party_id=line.party_id,
                description=line.description,
            )
            for line in payload.lines
        ),
    )


def get_entry(company: Company, entry_id: int, *, for_update: bool = False) -> JournalEntry:
    entries = JournalEntry.objects.filter(company=company, pk=entry_id)
    if for_update:
        entries = entries.select_for_update()
    entry = entries.first()
    if entry is None:
        raise NotFound(f"journal entry {entry_id} does not exist in this company")
    return entry


_LINES_SQL = (
    "SELECT l.line_no, l.account_id, a.code, a.name, l.party_id, l.debit_paise, l.credit_paise, "
    f"l.description FROM {JournalLine._meta.db_table} AS l "  # noqa: S608 - our table names
    f"JOIN {Account._meta.db_table} AS a ON a.id = l.account_id "
    "WHERE l.company_id = %s AND l.entry_id = %s ORDER BY l.line_no"
)


def _lines(entry: JournalEntry) -> list[WrittenLine]:
    """The entry's lines as plain values (one SQL statement, written out: the ORM's compilation
    of the same join, and building model instances, cost more than running it)."""
    with connection.cursor() as cursor:
        cursor.execute(_LINES_SQL, [entry.company_id, entry.pk])
        return [tuple(row) for row in cursor.fetchall()]


def entry_etag(entry: JournalEntry, lines: list[WrittenLine] | None = None) -> str:
    """A strong ETag over everything a client can change or see change: the header, the status
    and every line. Drafts have no updated_at; their content is their version."""
    lines = _lines(entry) if lines is None else lines
    state = [
        entry.pk,
        entry.status,
        entry.number,
        entry.entry_date.isoformat(),
        entry.narration,
        entry.series,
        entry.source_type,
        entry.source_id,
        entry.total_paise,
        [
            [no, account, party, debit, credit, text]
            for no, account, _, _, party, debit, credit, text in lines
        ],
    ]
    digest = hashlib.sha256(json.dumps(state, separators=(",", ":")).encode()).hexdigest()
    return f'"{digest[:40]}"'


def _reversed_by(entry: JournalEntry, *, fresh: bool) -> int | None:
    """The entry that reversed this one. None without asking for a draft, or for an entry just
    written by this request (`fresh`: nothing can have reversed it yet)."""
    if fresh or entry.status != "posted":
        return None
    return (
        JournalEntry.objects.filter(company_id=entry.company_id, reverses=entry)
        .values_list("id", flat=True)
        .first()
    )


def entry_out(entry: JournalEntry, *, fresh: bool = False) -> tuple[EntryOut, str]:
    """The entry with its lines (as written, when the posting just returned it), and its ETag."""
    lines = _lines(entry) if entry.written_lines is None else entry.written_lines
    out = EntryOut(
        id=entry.pk,
        status=entry.status,  # type: ignore[arg-type]
        voucher_number=entry.voucher_number,
        series=entry.series,
        fiscal_year=entry.fiscal_year,
        entry_date=entry.entry_date,
        narration=entry.narration,
        total=rupees(entry.total_paise),
        source_type=entry.source_type,
        source_id=entry.source_id,
        reverses_id=entry.reverses_id,
        reversed_by_id=_reversed_by(entry, fresh=fresh),
        lines=[
            LineOut(
                line_no=no,
                account_id=account,
                account_code=code,
                account_name=name,
                party_id=party,
                debit=rupees(debit),
                credit=rupees(credit),
                description=text,
            )
            for no, account, code, name, party, debit, credit, text in lines
        ],
    )
    return out, entry_etag(entry, lines)


def entry_summary(entry: JournalEntry) -> EntrySummary:
    return EntrySummary(
        id=entry.pk,
        status=entry.status,  # type: ignore[arg-type]
        voucher_number=entry.voucher_number,
        entry_date=entry.entry_date,
        narration=entry.narration,
        total=rupees(entry.total_paise),
        reverses_id=entry.reverses_id,
    )
