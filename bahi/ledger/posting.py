"""Posting to the books: one entry, many entries (imports), and reversals.

Every entry is checked here first (bahi.ledger.calc, for good errors), then written as a draft with
its lines and posted by one UPDATE of its status; the database re-checks the invariants as it
posts and adds the lines to the period totals (migrations/0002_ledger_triggers).
"""

import gc
import hashlib
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from itertools import islice
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from bahi.core.errors import DomainError, InvalidInput
from bahi.core.money import from_paise
from bahi.core.prepared import IntParam, Param, PreparedQuery
from bahi.identity.audit import AuditChange, record_changes
from bahi.identity.models import Company, User
from bahi.identity.permissions import Action, ensure_can, ensure_role_allows, role_of
from bahi.ledger import calc
from bahi.ledger.errors import (
    EntryAlreadyReversed,
    EntryNotFound,
    EntryNotPosted,
    IdempotencyConflict,
    SourceAlreadyPosted,
)
from bahi.ledger.models import EntryStatus, JournalEntry, JournalLine
from bahi.ledger.types import AccountInfo, BooksWindow, CheckedEntry, EntryInput, LineInput
from bahi.ledger.writes import write_entries, write_posted_entries
from bahi.notifications.services import emit

# Entries per batch of a bulk posting: PostgreSQL's statement-level guards run once per batch,
# and 10,000 costs ~8% less server time than 2,000 at 100k entries (bench.ablation --batch-size);
# SQLite is indifferent. Memory stays a few MB per batch.
BULK_BATCH = 10_000
# Any constant works as long as it is Bahi's own: the lock is (namespace, company id).
_POSTING_LOCK_NAMESPACE = 17057


def books_window(company: Company) -> BooksWindow:
    return BooksWindow(
        books_begin_date=company.books_begin_date,
        lock_date=company.lock_date,
        fy_start_month=company.fy_start_month,
    )


def account_infos(company: Company, ids: Iterable[int] | None = None) -> dict[int, AccountInfo]:
    """What posting needs to know of the company's accounts (all of them, or those in `ids`)."""
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


def _role_and_accounts(
    company: Company, actor: User, ids: Iterable[int]
) -> tuple[str | None, dict[int, AccountInfo]]:
    """The actor's role in the company and the accounts among `ids`, in one query (the posting
    hot path). With no matching account the role is read on its own."""
    wanted = sorted(set(ids))
    placeholders = ", ".join(["%s"] * len(wanted)) or "NULL"
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT m.role, a.id, a.code, a.name, a.is_group, a.is_active, a.is_control "
            "FROM ledger_account AS a LEFT JOIN identity_membership AS m "
            "ON m.company_id = a.company_id AND m.user_id = %s "
            f"WHERE a.company_id = %s AND a.id IN ({placeholders})",  # noqa: S608
            [actor.pk, company.id, *wanted],
        )
        rows = cursor.fetchall()
    if not rows:
        return role_of(user=actor, company=company), {}
    accounts = {
        int(row[1]): AccountInfo(int(row[1]), row[2], row[3], *map(bool, row[4:])) for row in rows
    }
    return (None if rows[0][0] is None else str(rows[0][0])), accounts


def party_ids(company: Company, ids: Iterable[int | None] | None = None) -> set[int]:
    """The ids among `ids` (or all) that are parties of this company."""
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


# --- one entry ---------------------------------------------------------------------------------


def post_journal_entry(*, company: Company, actor: User, entry: EntryInput) -> JournalEntry:
    """Post one balanced entry and return it.

    Idempotent per (company, idempotency_key): a retry returns the entry first posted, also when
    the two requests race. A fixed number of queries whatever the number of lines. Raises
    PermissionDenied, InvalidInput, TooFewLines, InvalidLineAmount, UnbalancedEntry,
    UnknownAccount, AccountNotPostable, InactiveAccount, PartyRequired, UnknownParty,
    DateOutsideBooks, PeriodLocked, SourceAlreadyPosted, IdempotencyConflict.
    """
    if entry.reverses_id is not None:
        raise InvalidInput(
            "a reversal is posted with reverse_journal_entry", details={"field": "reverses_id"}
        )
    return _post_one(company=company, actor=actor, entry=entry)


@transaction.atomic
def _post_one(
    *, company: Company, actor: User, entry: EntryInput, action: str = "post"
) -> JournalEntry:
    role, accounts = _role_and_accounts(company, actor, (line.account_id for line in entry.lines))
    ensure_role_allows(role=role, actor=actor, company=company, action=Action.POST_ENTRIES)
    existing = _entry_under_key(company, entry.idempotency_key)
    if existing is not None:
        return _replayed(existing)
    checked = calc.check_entry(
        entry,
        accounts=accounts,
        party_ids=party_ids(company, (line.party_id for line in entry.lines)),
        window=books_window(company),
    )
    created_at = timezone.now()
    if entry.idempotency_key is None and not entry.source_type and entry.reverses_id is None:
        # Nothing unique can clash, so no savepoint is needed (the hot path of the UI and API).
        [(entry_id, number)] = write_entries(company, actor, [checked], created_at)
        _record_posting(company, actor, action, checked, (entry_id, number))
        return _posted_entry(company, actor, checked, (entry_id, number), created_at, accounts)
    try:
        with transaction.atomic():
            [(entry_id, number)] = write_entries(company, actor, [checked], created_at)
    except IntegrityError:
        # A concurrent request with the same key committed first (PostgreSQL waits on the unique
        # index, then reports the clash): the retry contract is to return that entry.
        winner = _entry_under_key(company, entry.idempotency_key)
        if winner is not None:
            return _replayed(winner)
        _raise_if_source_already_posted(company, entry)
        raise
    _record_posting(company, actor, action, checked, (entry_id, number))
    return _posted_entry(company, actor, checked, (entry_id, number), created_at, accounts)


def _record_posting(
    company: Company, actor: User, action: str, checked: CheckedEntry, written: tuple[int, int]
) -> None:
    """The edit-log record of one posting (MCA audit trail), in the posting's transaction.
    (record_changes: the record object itself is not needed, so none is built.)"""
    change = AuditChange(
        action, "ledger.journalentry", written[0], None, _entry_summary(checked, written[1])
    )
    record_changes(company=company, actor=actor, changes=[change])
    # Webhooks and other side effects leave through the outbox, in this same transaction.
    kind = "entry.reversed" if action == "reverse" else "entry.posted"
    emit(company=company, kind=kind, payload={"entry_id": written[0], **change.after})


def _entry_summary(checked: CheckedEntry, number: int) -> dict[str, Any]:
    source = checked.source
    return {
        "voucher": f"{source.series}/{checked.fiscal_year}/{number:06d}",
        "entry_date": source.entry_date.isoformat(),
        "narration": source.narration,
        "total_paise": checked.total_paise,
        "lines": [list(line) for line in checked.lines],
        "source": [source.source_type, source.source_id],
        "reverses": source.reverses_id,
    }


# Every posting with a key (each issued document's) looks it up: compiled once.
_ENTRY_BY_KEY = PreparedQuery(
    lambda: JournalEntry.objects.filter(
        company_id=IntParam("company"), idempotency_key=Param("key")
    ).order_by("pk")[:1]
)


def _entry_under_key(company: Company, key: str | None) -> JournalEntry | None:
    if key is None:
        return None
    return _ENTRY_BY_KEY.first(company=company.id, key=key)


def _replayed(existing: JournalEntry) -> JournalEntry:
    if existing.status != EntryStatus.POSTED:
        raise IdempotencyConflict(
            f"idempotency key {existing.idempotency_key!r} belongs to a draft: post the draft",
            details={"entry_id": existing.pk},
        )
    return existing


def _posted_entry(
    company: Company,
    actor: User,
    checked: CheckedEntry,
    written: tuple[int, int],
    created_at: datetime,
    accounts: dict[int, AccountInfo] | None = None,
) -> JournalEntry:
    """The entry as written, without reading it back (posting is on the hot path); with the
    accounts, its lines too (`written_lines`)."""
    source = checked.source
    entry = JournalEntry(
        id=written[0],
        company=company,
        series=source.series,
        fiscal_year=checked.fiscal_year,
        number=written[1],
        entry_date=source.entry_date,
        narration=source.narration,
        status=EntryStatus.POSTED,
        total_paise=checked.total_paise,
        source_type=source.source_type,
        source_id=source.source_id,
        idempotency_key=source.idempotency_key,
        reverses_id=source.reverses_id,
        created_by=actor,
        created_at=created_at,
    )
    entry._state.adding = False
    entry._state.db = connection.alias
    if accounts is not None:
        entry.written_lines = [
            (number, account, accounts[account].code, accounts[account].name, party, dr, cr, text)
            for number, (account, party, dr, cr, text) in enumerate(checked.lines, 1)
        ]
    return entry


def _raise_if_source_already_posted(company: Company, entry: EntryInput) -> None:
    if not entry.source_type or entry.reverses_id is not None:
        return
    live = JournalEntry.objects.filter(
        company=company,
        source_type=entry.source_type,
        source_id=entry.source_id,
        reverses__isnull=True,
    )
    if live.exists():
        raise SourceAlreadyPosted(
            f"{entry.source_type} {entry.source_id} already has a posted entry; a source "
            "document posts once (a cancelled one stays cancelled)",
            details={"source_type": entry.source_type, "source_id": entry.source_id},
        )


# --- many entries ------------------------------------------------------------------------------


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
    idempotency key is already posted are skipped (a retried import does not post twice); a key
    or a source document twice in the input is an error. A rule broken by any entry raises its
    DomainError with `details["entry"]`, the entry's 1-based position in the input, and nothing
    is written. Postings of one company are serialised (an advisory lock on PostgreSQL, the
    write lock on SQLite). Returns the number of entries posted.
    """
    ensure_can(actor=actor, company=company, action=Action.POST_ENTRIES)
    with transaction.atomic(), _without_cycle_collection():
        _lock_company_postings(company)
        run = _BulkRun(company, actor)
        for batch in _batches(iter(entries), batch_size):
            posted = run.post_batch(batch)
            if on_progress is not None:
                on_progress(posted)
    return run.posted


@contextmanager
def _without_cycle_collection() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for an import. A batch makes hundreds of
    thousands of small acyclic objects (inputs, Decimals, row tuples): the collector keeps
    rescanning them and took ~30% of the client's CPU at 100k entries. Reference counting still
    frees them; collection resumes afterwards (if it was on), error or not."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


class _BulkRun:
    """The state of one bulk posting: what it has seen, so duplicates across batches are caught."""

    def __init__(self, company: Company, actor: User) -> None:
        self.company, self.actor = company, actor
        self.accounts = account_infos(company)
        self.parties = party_ids(company)
        self.window = books_window(company)
        self.seen_keys: set[str] = set()
        self.seen_sources: set[tuple[str, str]] = set()
        self.position = 0
        self.posted = 0

    def post_batch(self, batch: list[EntryInput]) -> int:
        numbered = list(enumerate(batch, start=self.position + 1))
        self.position += len(batch)
        fresh = self._without_replays(numbered)
        self._refuse_posted_sources(fresh)
        checked = [self._check(position, entry) for position, entry in fresh]
        written = write_posted_entries(self.company, self.actor, checked, timezone.now())
        records = _import_records(checked, written)
        record_changes(company=self.company, actor=self.actor, changes=records)
        for record in records:  # one event per batch and voucher range, not per entry
            emit(company=self.company, kind="entries.imported", payload=record.after)
        self.posted += len(checked)
        return len(checked)

    def _check(self, position: int, entry: EntryInput) -> CheckedEntry:
        try:
            if entry.reverses_id is not None:
                raise InvalidInput("a reversal is posted with reverse_journal_entry")
            return calc.check_entry(
                entry, accounts=self.accounts, party_ids=self.parties, window=self.window
            )
        except DomainError as error:
            raise _at(position, error) from None

    def _without_replays(
        self, numbered: list[tuple[int, EntryInput]]
    ) -> list[tuple[int, EntryInput]]:
        keys = [entry.idempotency_key for _, entry in numbered if entry.idempotency_key]
        done = (
            set(
                JournalEntry.objects.filter(
                    company=self.company, idempotency_key__in=keys, status=EntryStatus.POSTED
                ).values_list("idempotency_key", flat=True)
            )
            if keys
            else set()
        )
        fresh = []
        for position, entry in numbered:
            key = entry.idempotency_key
            if key is not None and key in self.seen_keys:
                raise _at(position, IdempotencyConflict(f"idempotency key {key!r} appears twice"))
            if key is not None:
                self.seen_keys.add(key)
            if key not in done:
                fresh.append((position, entry))
        return fresh

    def _refuse_posted_sources(self, fresh: list[tuple[int, EntryInput]]) -> None:
        sourced = [(p, (e.source_type, e.source_id)) for p, e in fresh if e.source_type]
        if not sourced:
            return
        posted = set(
            JournalEntry.objects.filter(
                company=self.company,
                source_type__in={source[0] for _, source in sourced},
                source_id__in={source[1] for _, source in sourced},
                reverses__isnull=True,
            ).values_list("source_type", "source_id")
        )
        for position, source in sourced:
            if source in self.seen_sources or source in posted:
                raise _at(
                    position,
                    SourceAlreadyPosted(f"{source[0]} {source[1]} already has a posted entry"),
                )
            self.seen_sources.add(source)


def _import_records(
    checked: list[CheckedEntry], written: list[tuple[int, int]]
) -> list[AuditChange]:
    """One edit-log record per voucher series and year of a batch: the range of voucher numbers
    posted, their ids, and a SHA-256 of every entry's content (a record per entry would double the
    cost of an import; the entries themselves can never change afterwards)."""
    groups: dict[tuple[str, str], list[tuple[CheckedEntry, tuple[int, int]]]] = defaultdict(list)
    for entry, ids in zip(checked, written, strict=True):
        groups[(entry.source.series, entry.fiscal_year)].append((entry, ids))
    changes = []
    for (series, fiscal_year), members in sorted(groups.items()):
        digest = hashlib.sha256()
        for entry, (_, number) in members:
            source = entry.source
            content = (number, source.entry_date.isoformat(), source.narration, entry.lines)
            digest.update(repr(content).encode())
        numbers = [number for _, (_, number) in members]
        after = {
            "series": series,
            "fiscal_year": fiscal_year,
            "numbers": [min(numbers), max(numbers)],
            "count": len(members),
            "entry_ids": [entry_id for _, (entry_id, _) in members],
            "content_sha256": digest.hexdigest(),
        }
        object_id = f"{series}/{fiscal_year}/{min(numbers):06d}-{max(numbers):06d}"
        changes.append(AuditChange("import", "ledger.journalentry", object_id, None, after))
    return changes


def _at(position: int, error: DomainError) -> DomainError:
    """The same error, naming the entry's position in the input."""
    error.details = {**error.details, "entry": position}
    error.message = f"entry {position}: {error.message}"
    error.args = (error.message,)
    return error


def _batches(iterator: Iterator[EntryInput], size: int) -> Iterator[list[EntryInput]]:
    while batch := list(islice(iterator, size)):
        yield batch


def _lock_company_postings(company: Company) -> None:
    """Serialise bulk postings of one company: two imports crossing a year end in opposite
    orders would otherwise each hold one year's voucher sequence and wait for the other's.
    SQLite needs nothing: BEGIN IMMEDIATE already admits one writer at a time."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_advisory_xact_lock(%s, %s)", [_POSTING_LOCK_NAMESPACE, company.id]
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
    unique reverses_id backs that. A retry with the same idempotency key returns the reversal.
    Raises EntryNotFound, EntryNotPosted, EntryAlreadyReversed, IdempotencyConflict,
    InvalidInput (dated before the original) and every posting error (a reversal dated in a
    locked period is refused).
    """
    ensure_can(actor=actor, company=company, action=Action.POST_ENTRIES)
    done = _entry_under_key(company, idempotency_key)
    if done is not None:
        if done.reverses_id != entry_id:
            raise IdempotencyConflict(
                f"idempotency key {idempotency_key!r} was used for another entry"
            )
        return done
    original = _locked_posted_entry(company, entry_id)
    if reversal_date < original.entry_date:
        raise InvalidInput(
            f"a reversal cannot be dated before the entry it reverses ({original.entry_date})",
            details={"field": "reversal_date"},
        )
    if JournalEntry.objects.filter(reverses=original).exists():
        raise EntryAlreadyReversed(f"{original.voucher_number} is already reversed")
    reversal = EntryInput(
        entry_date=reversal_date,
        lines=calc.mirror_lines(_line_inputs(original)),
        narration=f"Reversal of {original.voucher_number}: {reason}".strip(),
        series=original.series,
        idempotency_key=idempotency_key,
        source_type=original.source_type,
        source_id=original.source_id,
        reverses_id=original.id,
    )
    try:
        return _post_one(company=company, actor=actor, entry=reversal, action="reverse")
    except IntegrityError:
        if JournalEntry.objects.filter(reverses=original).exists():  # a concurrent reversal won
            raise EntryAlreadyReversed(f"{original.voucher_number} is already reversed") from None
        raise


def _locked_posted_entry(company: Company, entry_id: int) -> JournalEntry:
    no_key = connection.features.has_select_for_no_key_update
    original = (
        JournalEntry.objects.select_for_update(no_key=no_key)
        .filter(company=company, pk=entry_id)
        .first()
    )
    if original is None:
        raise EntryNotFound(f"journal entry {entry_id} does not exist in this company")
    if original.status != EntryStatus.POSTED:
        raise EntryNotPosted(f"entry {entry_id} is a draft; only posted entries are reversed")
    return original


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
