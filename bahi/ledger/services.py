"""Writes to the books. Every function here is atomic and checks its rules before writing;
the database re-checks the ledger invariants (see migrations/0002_ledger_triggers)."""

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date
from itertools import islice
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from bahi.core.errors import DomainError, InvalidInput
from bahi.core.money import from_paise
from bahi.identity.models import Company, User
from bahi.identity.permissions import Action, ensure_can
from bahi.identity.services import create_company
from bahi.ledger import calc
from bahi.ledger.chart import DEFAULT_CHART
from bahi.ledger.errors import (
    DuplicateAccount,
    EntryAlreadyReversed,
    EntryNotFound,
    EntryNotPosted,
    IdempotencyConflict,
    SourceAlreadyPosted,
)
from bahi.ledger.models import Account, EntryStatus, JournalEntry, JournalLine, Nature, Party
from bahi.ledger.schedule_iii import BY_CODE
from bahi.ledger.types import AccountInfo, BooksWindow, CheckedEntry, EntryInput, LineInput

BULK_BATCH = 2000


# --- companies and the chart of accounts -------------------------------------------------------


@transaction.atomic
def create_company_with_books(
    *,
    owner: User,
    legal_name: str,
    state_code: str,
    books_begin_date: date,
    gstin: str = "",
    pan: str = "",
    fy_start_month: int = 4,
) -> Company:
    """A new company, its owner as admin, and the default Indian chart of accounts."""
    company = create_company(
        owner=owner,
        legal_name=legal_name,
        state_code=state_code,
        books_begin_date=books_begin_date,
        gstin=gstin,
        pan=pan,
        fy_start_month=fy_start_month,
    )
    install_default_chart(company=company)
    return company


def install_default_chart(*, company: Company) -> None:
    by_code: dict[str, Account] = {}
    for code, name, parent_code, nature, is_group, schedule, is_control, role in DEFAULT_CHART:
        parent = by_code.get(parent_code)
        by_code[code] = Account.objects.create(
            company=company,
            parent=parent,
            code=code,
            name=name,
            nature=nature or (parent.nature if parent else ""),
            is_group=is_group,
            schedule_iii=schedule or (parent.schedule_iii if parent else ""),
            is_control=is_control,
            system_role=role,
        )


@transaction.atomic
def create_account(
    *,
    company: Company,
    actor: User,
    code: str,
    name: str,
    parent: Account,
    is_group: bool = False,
    schedule_iii: str = "",
    is_control: bool = False,
) -> Account:
    """A ledger or group under `parent`; nature is the parent's, Schedule III line inherited
    unless given. Raises DuplicateAccount, InvalidInput."""
    ensure_can(actor=actor, company=company, action=Action.MANAGE_ACCOUNTS)
    if parent.company_id != company.id or not parent.is_group:
        raise InvalidInput(f"{parent.name} is not a group of this company's chart")
    if schedule_iii and schedule_iii not in BY_CODE:
        raise InvalidInput(f"unknown Schedule III line {schedule_iii!r}")
    clash = Account.objects.filter(company=company).filter(code=code).exists() or (
        Account.objects.filter(company=company, parent=parent, name=name).exists()
    )
    if clash:
        raise DuplicateAccount(f"an account with code {code} or name {name!r} already exists")
    return Account.objects.create(
        company=company,
        parent=parent,
        code=code,
        name=name,
        nature=parent.nature,
        is_group=is_group,
        schedule_iii=schedule_iii or parent.schedule_iii,
        is_control=is_control,
    )


@transaction.atomic
def create_party(
    *,
    company: Company,
    actor: User,
    name: str,
    is_customer: bool = False,
    is_supplier: bool = False,
    gstin: str = "",
    state_code: str = "",
) -> Party:
    ensure_can(actor=actor, company=company, action=Action.MANAGE_ACCOUNTS)
    if Party.objects.filter(company=company, name=name).exists():
        raise InvalidInput(f"a party named {name!r} already exists")
    return Party.objects.create(
        company=company,
        name=name,
        is_customer=is_customer,
        is_supplier=is_supplier,
        gstin=gstin.upper(),
        state_code=state_code,
    )


@transaction.atomic
def set_lock_date(*, company: Company, actor: User, lock_date: date | None) -> Company:
    """Close the books up to `lock_date` (None reopens them). Admins only."""
    ensure_can(actor=actor, company=company, action=Action.MANAGE_COMPANY)
    Company.objects.filter(pk=company.pk).update(lock_date=lock_date)
    company.lock_date = lock_date
    return company


# --- posting -----------------------------------------------------------------------------------


def books_window(company: Company) -> BooksWindow:
    return BooksWindow(
        books_begin_date=company.books_begin_date,
        lock_date=company.lock_date,
        fy_start_month=company.fy_start_month,
    )


def _account_infos(company: Company, ids: Iterable[int] | None = None) -> dict[int, AccountInfo]:
    # Plain SQL: this runs on every posting, and compiling an ORM query costs more than running it.
    sql = (
        "SELECT id, code, name, is_group, is_active, is_control FROM ledger_account "
        "WHERE company_id = %s"
    )
    params: list[int] = [company.id]
    if ids is not None:
        wanted = sorted(set(ids))
        sql += f" AND id IN ({', '.join(['%s'] * len(wanted))})"
        params.extend(wanted)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {
            int(row[0]): AccountInfo(int(row[0]), row[1], row[2], *map(bool, row[3:]))
            for row in cursor.fetchall()
        }


def _party_ids(company: Company, ids: Iterable[int | None] | None = None) -> set[int]:
    sql = "SELECT id FROM ledger_party WHERE company_id = %s"
    params: list[int] = [company.id]
    if ids is not None:
        wanted = sorted({party_id for party_id in ids if party_id is not None})
        if not wanted:
            return set()
        sql += f" AND id IN ({', '.join(['%s'] * len(wanted))})"
        params.extend(wanted)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {int(row[0]) for row in cursor.fetchall()}


@transaction.atomic
def post_journal_entry(*, company: Company, actor: User, entry: EntryInput) -> JournalEntry:
    """Post one balanced entry and return it.

    Idempotent per (company, idempotency_key): a retry returns the entry first posted. A fixed
    number of queries whatever the number of lines. Raises PermissionDenied, TooFewLines,
    InvalidLineAmount, UnbalancedEntry, UnknownAccount, AccountNotPostable, InactiveAccount,
    PartyRequired, UnknownParty, DateOutsideBooks, PeriodLocked.
    """
    ensure_can(actor=actor, company=company, action=Action.POST_ENTRIES)
    if entry.idempotency_key is not None:
        existing = JournalEntry.objects.filter(
            company=company, idempotency_key=entry.idempotency_key
        ).first()
        if existing is not None:
            return existing
    checked = calc.check_entry(
        entry,
        accounts=_account_infos(company, (line.account_id for line in entry.lines)),
        party_ids=_party_ids(company, (line.party_id for line in entry.lines)),
        window=books_window(company),
    )
    if entry.idempotency_key is None and not entry.source_type:
        [(entry_id, number)] = _write_entries(company=company, actor=actor, entries=[checked])
        return _posted_entry(company, actor, checked, entry_id, number)
    try:
        with transaction.atomic():
            [(entry_id, number)] = _write_entries(company=company, actor=actor, entries=[checked])
    except IntegrityError:
        # A concurrent request with the same key committed first (PostgreSQL waits on the unique
        # index, then reports the clash): the retry contract is to return that entry.
        winner = _entry_posted_under_key(company, entry.idempotency_key)
        if winner is None:
            _raise_if_source_already_posted(company, entry)
            raise
        return winner
    return _posted_entry(company, actor, checked, entry_id, number)


def _posted_entry(
    company: Company, actor: User, checked: CheckedEntry, entry_id: int, number: int
) -> JournalEntry:
    """The entry as written, without reading it back (posting is on the hot path)."""
    source = checked.source
    entry = JournalEntry(
        id=entry_id,
        company=company,
        series=source.series,
        fiscal_year=checked.fiscal_year,
        number=number,
        entry_date=source.entry_date,
        narration=source.narration,
        status=EntryStatus.POSTED,
        total_paise=checked.total_paise,
        source_type=source.source_type,
        source_id=source.source_id,
        idempotency_key=source.idempotency_key,
        reverses_id=source.reverses_id,
        created_by=actor,
        created_at=timezone.now(),
    )
    entry._state.adding = False
    entry._state.db = "default"
    return entry


def _entry_posted_under_key(company: Company, key: str | None) -> JournalEntry | None:
    if key is None:
        return None
    return JournalEntry.objects.filter(company=company, idempotency_key=key).first()


def _raise_if_source_already_posted(company: Company, entry: EntryInput) -> None:
    if entry.source_type and entry.reverses_id is None:
        live = JournalEntry.objects.filter(
            company=company,
            source_type=entry.source_type,
            source_id=entry.source_id,
            reverses__isnull=True,
        )
        if live.exists():
            raise SourceAlreadyPosted(
                f"{entry.source_type} {entry.source_id} already has a posted entry; cancel it "
                "by reversal before posting again",
                details={"source_type": entry.source_type, "source_id": entry.source_id},
            )


def post_journal_entries_bulk(
    *,
    company: Company,
    actor: User,
    entries: Iterable[EntryInput],
    batch_size: int = BULK_BATCH,
    on_progress: Callable[[int], None] | None = None,
) -> int:
    """Post many entries in one transaction (imports): all of them, or none.

    Streams `entries` in batches, so memory stays flat however many there are. Entries whose
    idempotency key is already posted are skipped (a retried import does not post twice).
    A rule broken by any entry raises its DomainError with `details["entry"]`, the entry's
    1-based position, and nothing is written. Returns the number of entries posted.
    """
    ensure_can(actor=actor, company=company, action=Action.POST_ENTRIES)
    accounts = _account_infos(company)
    party_ids = _party_ids(company)
    window = books_window(company)
    posted = 0
    iterator = iter(entries)
    position = 0
    with transaction.atomic():
        for raw_batch in _batches(iterator, batch_size):
            checked = []
            for entry in _without_posted_keys(company, raw_batch):
                position += 1
                try:
                    checked.append(
                        calc.check_entry(
                            entry, accounts=accounts, party_ids=party_ids, window=window
                        )
                    )
                except DomainError as error:
                    error.details = {**error.details, "entry": position}
                    error.message = f"entry {position}: {error.message}"
                    raise
            _write_entries(company=company, actor=actor, entries=checked)
            posted += len(checked)
            if on_progress is not None:
                on_progress(len(checked))
    return posted


def _batches(iterator: Iterator[EntryInput], size: int) -> Iterator[list[EntryInput]]:
    while batch := list(islice(iterator, size)):
        yield batch


def _without_posted_keys(company: Company, batch: list[EntryInput]) -> list[EntryInput]:
    keys = [entry.idempotency_key for entry in batch if entry.idempotency_key is not None]
    if not keys:
        return batch
    if len(set(keys)) != len(keys):
        raise IdempotencyConflict("the same idempotency key appears twice in one batch")
    done = set(
        JournalEntry.objects.filter(company=company, idempotency_key__in=keys).values_list(
            "idempotency_key", flat=True
        )
    )
    return [entry for entry in batch if entry.idempotency_key not in done]


def _reserve_numbers(company: Company, series: str, fiscal_year: str, count: int) -> int:
    """Take `count` consecutive numbers; returns the first. The row lock (PostgreSQL) or the
    write lock taken at BEGIN IMMEDIATE (SQLite) makes concurrent posters queue here, so the
    sequence has no gaps and no duplicates."""
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


ENTRY_COLUMNS = (
    "company_id, series, fiscal_year, number, entry_date, narration, status, total_paise, "
    "source_type, source_id, idempotency_key, reverses_id, created_by_id, created_at"
)
LINE_COLUMNS = (
    "company_id, entry_id, line_no, entry_date, account_id, party_id, debit_paise, "
    "credit_paise, description"
)


def _write_entries(
    *, company: Company, actor: User, entries: Sequence[CheckedEntry]
) -> list[tuple[int, int]]:
    """Insert checked entries as drafts, their lines, then post them with one UPDATE per
    (series, year): the database checks balance and updates period totals as they post.
    Returns (id, voucher number) per entry, in the order given."""
    groups: dict[tuple[str, str], list[CheckedEntry]] = defaultdict(list)
    for checked in entries:
        groups[(checked.source.series, checked.fiscal_year)].append(checked)
    created_at = connection.ops.adapt_datetimefield_value(timezone.now())
    written: dict[int, tuple[int, int]] = {}
    with connection.cursor() as cursor:
        for (series, fiscal_year), group in groups.items():
            first = _reserve_numbers(company, series, fiscal_year, len(group))
            rows = [
                _entry_row(company, actor, checked, first + offset, created_at)
                for offset, checked in enumerate(group)
            ]
            entry_ids = _insert_entries(cursor, company, series, fiscal_year, first, rows)
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
    company: Company, actor: User, checked: CheckedEntry, number: int, created_at: object
) -> tuple[object, ...]:
    source = checked.source
    return (
        company.id,
        source.series,
        checked.fiscal_year,
        number,
        connection.ops.adapt_datefield_value(source.entry_date),
        source.narration,
        checked.total_paise,
        source.source_type,
        source.source_id,
        source.idempotency_key,
        source.reverses_id,
        actor.id,
        created_at,
    )


_INSERT_ENTRY = (
    f"INSERT INTO ledger_journalentry ({ENTRY_COLUMNS}) VALUES "  # noqa: S608
    "(%s, %s, %s, %s, %s, %s, 'draft', %s, %s, %s, %s, %s, %s, %s)"
)


def _insert_entries(
    cursor: Any, company: Company, series: str, fiscal_year: str, first: int, rows: list[Any]
) -> list[int]:
    """Insert draft entries numbered first, first + 1, ...; returns their ids in that order."""
    if len(rows) == 1:
        cursor.execute(_INSERT_ENTRY + " RETURNING id", rows[0])
        return [int(cursor.fetchone()[0])]
    if connection.vendor == "postgresql":
        with cursor.cursor.copy(f"COPY ledger_journalentry ({ENTRY_COLUMNS}) FROM STDIN") as copy:
            for row in rows:  # status is the seventh column: every entry starts as a draft
                copy.write_row((*row[:6], EntryStatus.DRAFT.value, *row[6:]))
    else:
        cursor.executemany(_INSERT_ENTRY, rows)
    cursor.execute(
        "SELECT number, id FROM ledger_journalentry WHERE company_id = %s AND series = %s "
        "AND fiscal_year = %s AND number BETWEEN %s AND %s",
        [company.id, series, fiscal_year, first, first + len(rows) - 1],
    )
    id_by_number = dict(cursor.fetchall())
    return [int(id_by_number[first + offset]) for offset in range(len(rows))]


def _insert_lines(
    cursor: Any, company: Company, group: list[CheckedEntry], entry_ids: list[int]
) -> None:
    adapt_date = connection.ops.adapt_datefield_value
    rows = []
    for checked, entry_id in zip(group, entry_ids, strict=True):
        entry_date = adapt_date(checked.source.entry_date)
        for line_no, (account_id, party_id, debit, credit, description) in enumerate(
            checked.lines, start=1
        ):
            rows.append(
                (
                    company.id,
                    entry_id,
                    line_no,
                    entry_date,
                    account_id,
                    party_id,
                    debit,
                    credit,
                    description,
                )
            )
    if connection.vendor == "postgresql":
        raw = cursor.cursor
        with raw.copy(f"COPY ledger_journalline ({LINE_COLUMNS}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return
    cursor.executemany(
        f"INSERT INTO ledger_journalline ({LINE_COLUMNS}) VALUES "  # noqa: S608
        "(%s, %s, %s, %s, %s, %s, %s, %s, %s)",
        rows,
    )


# --- reversal ----------------------------------------------------------------------------------


@transaction.atomic
def reverse_journal_entry(
    *,
    company: Company,
    actor: User,
    entry_id: int,
    reversal_date: date,
    reason: str,
    idempotency_key: str | None = None,
) -> JournalEntry:
    """Post the mirror image of a posted entry, linked to it; the original is never changed.

    Locks the original (select_for_update) so two reversals cannot both succeed; the database's
    unique reverses_id backs that. Raises EntryNotFound, EntryNotPosted, EntryAlreadyReversed and
    every posting error (a reversal dated in a locked period is refused).
    """
    ensure_can(actor=actor, company=company, action=Action.POST_ENTRIES)
    original = JournalEntry.objects.select_for_update().filter(company=company, pk=entry_id).first()
    if original is None:
        raise EntryNotFound(f"journal entry {entry_id} does not exist in this company")
    if original.status != EntryStatus.POSTED:
        raise EntryNotPosted(f"entry {entry_id} is a draft; only posted entries are reversed")
    if JournalEntry.objects.filter(reverses=original).exists():
        raise EntryAlreadyReversed(f"{original.voucher_number} is already reversed")
    lines = _line_inputs(original)
    reversal = EntryInput(
        entry_date=reversal_date,
        lines=calc.mirror_lines(lines),
        narration=f"Reversal of {original.voucher_number}: {reason}".strip(),
        series=original.series,
        idempotency_key=idempotency_key,
        source_type=original.source_type,
        source_id=original.source_id,
        reverses_id=original.id,
    )
    try:
        return post_journal_entry(company=company, actor=actor, entry=reversal)
    except IntegrityError as error:  # a concurrent reversal won the race on reverses_id
        raise EntryAlreadyReversed(f"{original.voucher_number} is already reversed") from error


def _line_inputs(entry: JournalEntry) -> list[LineInput]:
    return [
        LineInput(
            account_id=line.account_id,
            party_id=line.party_id,
            debit=from_paise(line.debit_paise),
            credit=from_paise(line.credit_paise),
            description=line.description,
        )
        for line in JournalLine.objects.filter(entry=entry).order_by("line_no")
    ]


__all__ = [
    "Nature",
    "create_account",
    "create_company_with_books",
    "create_party",
    "post_journal_entries_bulk",
    "post_journal_entry",
    "reverse_journal_entry",
    "set_lock_date",
]
