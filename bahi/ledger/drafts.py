"""Draft journal entries: saved, edited and deleted freely, then posted once.

A draft is a `JournalEntry` with status 'draft' and no voucher number. Its lines are checked one by
one when saved (amounts, accounts, parties, date) but a draft may be unbalanced: it cannot be
posted until it balances. Drafts never touch the period totals. Posting a draft runs every posting
rule again, takes the next voucher number and sets number and status in one UPDATE, so the
database's posting trigger re-checks the balance and adds the lines to the totals; from then on
the entry is immutable like any other posted entry.
"""

from typing import Any

from django.db import transaction

from bahi.core.errors import InvalidInput
from bahi.core.fiscal import fiscal_year_of
from bahi.core.money import from_paise
from bahi.identity.audit import record_change
from bahi.identity.models import Company, User
from bahi.identity.permissions import Action, ensure_can
from bahi.ledger import calc, posting, writes
from bahi.ledger.errors import EntryNotDraft, EntryNotFound, UnknownParty
from bahi.ledger.models import EntryStatus, JournalEntry, JournalLine
from bahi.ledger.types import EntryInput, LineInput


def _checked_draft_lines(
    *, company: Company, entry: EntryInput
) -> list[tuple[int, int | None, int, int, str]]:
    """Each line's rules (amount, account, party) and the date window, but not the balance:
    a draft may be saved unbalanced and balanced later."""
    if entry.reverses_id is not None:
        raise InvalidInput("a draft cannot be a reversal: use reverse_journal_entry")
    if not entry.lines:
        raise InvalidInput("a draft needs at least one line")
    calc.check_window(entry.entry_date, posting.books_window(company))
    accounts = posting.account_infos(company, (line.account_id for line in entry.lines))
    known_parties = posting.party_ids(company, (line.party_id for line in entry.lines))
    rows = []
    for index, line in enumerate(entry.lines, start=1):
        debit, credit = calc.line_paise(line, index)
        calc.check_account(line, index, accounts)
        if line.party_id is not None and line.party_id not in known_parties:
            raise UnknownParty(
                f"line {index}: party {line.party_id} does not exist in this company",
                details={"line": index},
            )
        rows.append((line.account_id, line.party_id, debit, credit, line.description))
    return rows


def _locked_draft(*, company: Company, draft_id: int) -> JournalEntry:
    """The company's entry, row-locked so a save, post or delete of it cannot interleave."""
    entry = JournalEntry.objects.select_for_update().filter(company=company, pk=draft_id).first()
    if entry is None:
        raise EntryNotFound(f"journal entry {draft_id} does not exist in this company")
    if entry.status != EntryStatus.DRAFT:
        raise EntryNotDraft(
            f"{entry.voucher_number} is posted: post a reversal instead of changing it",
            details={"entry_id": entry.pk},
        )
    return entry


@transaction.atomic
def save_draft_entry(
    *, company: Company, actor: User, entry: EntryInput, draft_id: int | None = None
) -> JournalEntry:
    """Create a draft (draft_id None) or replace a draft's header and lines.

    Creating with an idempotency key already used returns that entry unchanged (a retried
    request). Raises PermissionDenied, InvalidInput, InvalidLineAmount, UnknownAccount,
    AccountNotPostable, InactiveAccount, PartyRequired, UnknownParty, DateOutsideBooks,
    PeriodLocked, EntryNotFound, EntryNotDraft. Locks the draft's row while replacing it.
    """
    ensure_can(actor=actor, company=company, action=Action.POST_ENTRIES)
    if draft_id is None and entry.idempotency_key is not None:
        existing = JournalEntry.objects.filter(
            company=company, idempotency_key=entry.idempotency_key
        ).first()
        if existing is not None:
            return existing
    rows = _checked_draft_lines(company=company, entry=entry)
    header = {
        "series": entry.series,
        "fiscal_year": fiscal_year_of(entry.entry_date, start_month=company.fy_start_month).label,
        "entry_date": entry.entry_date,
        "narration": entry.narration,
        "total_paise": sum(row[2] for row in rows),
        "source_type": entry.source_type,
        "source_id": entry.source_id,
    }
    if draft_id is None:
        draft = JournalEntry.objects.create(
            company=company, idempotency_key=entry.idempotency_key, created_by=actor, **header
        )
    else:
        draft = _locked_draft(company=company, draft_id=draft_id)
        JournalLine.objects.filter(entry=draft).delete()
        JournalEntry.objects.filter(pk=draft.pk).update(**header)
        draft.refresh_from_db()
    JournalLine.objects.bulk_create(
        JournalLine(
            company=company,
            entry=draft,
            line_no=line_no,
            entry_date=entry.entry_date,
            account_id=account_id,
            party_id=party_id,
            debit_paise=debit,
            credit_paise=credit,
            description=description,
        )
        for line_no, (account_id, party_id, debit, credit, description) in enumerate(rows, 1)
    )
    _record_draft(company, actor, "create" if draft_id is None else "update", draft, rows)
    return draft


def _record_draft(
    company: Company, actor: User, action: str, draft: JournalEntry, rows: list[Any]
) -> None:
    after = None
    if rows:
        after = {
            "status": "draft",
            "entry_date": draft.entry_date.isoformat(),
            "narration": draft.narration,
            "lines": [list(row) for row in rows],
        }
    record_change(
        company=company,
        actor=actor,
        action=action,
        object_type="ledger.journalentry",
        object_id=draft.pk,
        after=after,
    )


def _entry_input(draft: JournalEntry) -> EntryInput:
    lines = JournalLine.objects.filter(entry=draft).order_by("line_no")
    return EntryInput(
        entry_date=draft.entry_date,
        narration=draft.narration,
        series=draft.series,
        lines=tuple(
            LineInput(
                account_id=line.account_id,
                party_id=line.party_id,
                debit=from_paise(line.debit_paise),
                credit=from_paise(line.credit_paise),
                description=line.description,
            )
            for line in lines
        ),
    )


@transaction.atomic
def post_draft_entry(*, company: Company, actor: User, draft_id: int) -> JournalEntry:
    """Post a draft: every posting rule is checked again (it must balance now, and its date must
    still be open), then it takes the next voucher number of its series and year.

    Locks the draft's row; the number is taken in this transaction, so numbering stays gapless.
    Raises PermissionDenied, EntryNotFound, EntryNotDraft and every error of
    post_journal_entry (UnbalancedEntry, TooFewLines, PeriodLocked, InactiveAccount ...).
    """
    ensure_can(actor=actor, company=company, action=Action.POST_ENTRIES)
    draft = _locked_draft(company=company, draft_id=draft_id)
    source = _entry_input(draft)
    checked = calc.check_entry(
        source,
        accounts=posting.account_infos(company, (line.account_id for line in source.lines)),
        party_ids=posting.party_ids(company, (line.party_id for line in source.lines)),
        window=posting.books_window(company),
    )
    number = writes.reserve_numbers(company, draft.series, checked.fiscal_year, 1)
    # One statement: the database's posting trigger checks the balance and updates the totals.
    JournalEntry.objects.filter(pk=draft.pk, status=EntryStatus.DRAFT).update(
        number=number,
        status=EntryStatus.POSTED,
        fiscal_year=checked.fiscal_year,
        total_paise=checked.total_paise,
    )
    draft.refresh_from_db()
    record_change(
        company=company,
        actor=actor,
        action="post",
        object_type="ledger.journalentry",
        object_id=draft.pk,
        after={"voucher": draft.voucher_number, "total_paise": draft.total_paise},
    )
    return draft


@transaction.atomic
def delete_draft_entry(*, company: Company, actor: User, draft_id: int) -> None:
    """Delete a draft and its lines. Raises PermissionDenied, EntryNotFound, EntryNotDraft."""
    ensure_can(actor=actor, company=company, action=Action.POST_ENTRIES)
    draft = _locked_draft(company=company, draft_id=draft_id)
    JournalLine.objects.filter(entry=draft).delete()
    draft_pk = draft.pk
    draft.delete()
    _record_draft(company, actor, "delete", JournalEntry(pk=draft_pk), [])


__all__ = ["EntryNotDraft", "delete_draft_entry", "post_draft_entry", "save_draft_entry"]
