from datetime import date
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction

from bahi.core.errors import InvalidInput, PermissionDenied
from bahi.identity.models import Role, User
from bahi.identity.services import add_member
from bahi.ledger.drafts import (
    EntryNotDraft,
    delete_draft_entry,
    post_draft_entry,
    save_draft_entry,
)
from bahi.ledger.errors import (
    EntryNotFound,
    InvalidLineAmount,
    PartyRequired,
    PeriodLocked,
    TooFewLines,
    UnbalancedEntry,
)
from bahi.ledger.models import AccountPeriodTotal, JournalEntry, JournalLine, VoucherSequence
from bahi.ledger.selectors import build_balances_as_of, verify_books
from bahi.ledger.services import create_company_with_books, set_lock_date
from bahi.ledger.types import EntryInput, LineInput

pytestmark = pytest.mark.django_db

APRIL_2 = date(2024, 4, 2)


@pytest.fixture
def entry(account):
    """entry([("rent", "100.00", ""), ("cash", "", "100.00")]) -> an EntryInput dated 2 April."""

    def build(rows, entry_date=APRIL_2, **kwargs):
        lines = tuple(
            LineInput(
                account_id=account(role).id,
                debit=Decimal(debit or "0"),
                credit=Decimal(credit or "0"),
            )
            for role, debit, credit in rows
        )
        return EntryInput(entry_date=entry_date, lines=lines, **kwargs)

    return build


@pytest.fixture
def save(company, admin_user):
    def do_save(entry_input, draft_id=None):
        return save_draft_entry(
            company=company, actor=admin_user, entry=entry_input, draft_id=draft_id
        )

    return do_save


def _lines(draft):
    return list(
        JournalLine.objects.filter(entry=draft)
        .order_by("line_no")
        .values_list("line_no", "account__system_role", "debit_paise", "credit_paise")
    )


def test_saving_a_draft_records_lines_without_number_or_totals(save, entry):
    draft = save(entry([("rent", "12000.50", ""), ("cash", "", "12000.50")], narration="April"))
    assert (draft.status, draft.number, draft.voucher_number) == ("draft", None, "")
    assert (draft.fiscal_year, draft.total_paise, draft.narration) == ("2024-25", 1200050, "April")
    assert _lines(draft) == [(1, "rent", 1200050, 0), (2, "cash", 0, 1200050)]
    assert AccountPeriodTotal.objects.count() == 0
    assert VoucherSequence.objects.count() == 0


def test_an_unbalanced_draft_is_saved_but_cannot_be_posted(save, entry, company, admin_user):
    draft = save(entry([("rent", "100.00", ""), ("cash", "", "99.99")]))
    assert draft.total_paise == 10000
    with pytest.raises(UnbalancedEntry, match=r"debits \(100.00\) do not equal credits \(99.99\)"):
        post_draft_entry(company=company, actor=admin_user, draft_id=draft.id)
    draft.refresh_from_db()
    assert (draft.status, draft.number) == ("draft", None)
    assert AccountPeriodTotal.objects.count() == 0
    assert VoucherSequence.objects.count() == 0


def test_a_one_line_draft_is_saved_but_cannot_be_posted(save, entry, company, admin_user):
    draft = save(entry([("rent", "100.00", "")]))
    with pytest.raises(TooFewLines):
        post_draft_entry(company=company, actor=admin_user, draft_id=draft.id)


def test_saving_again_replaces_the_header_and_every_line(save, entry):
    draft = save(entry([("rent", "100.00", ""), ("cash", "", "99.99")]))
    replaced = save(
        entry(
            [("rent", "60.00", ""), ("salaries", "40.00", ""), ("bank", "", "100.00")],
            entry_date=date(2025, 4, 1),
            narration="fixed",
        ),
        draft_id=draft.id,
    )
    assert replaced.pk == draft.pk
    assert (replaced.entry_date, replaced.fiscal_year, replaced.total_paise) == (
        date(2025, 4, 1),
        "2025-26",
        10000,
    )
    assert _lines(replaced) == [
        (1, "rent", 6000, 0),
        (2, "salaries", 4000, 0),
        (3, "bank", 0, 10000),
    ]
    assert set(JournalLine.objects.values_list("entry_date", flat=True)) == {date(2025, 4, 1)}


def test_posting_a_draft_numbers_it_after_entries_posted_meanwhile(
    save, entry, post, company, admin_user, account
):
    draft = save(entry([("rent", "12000.00", ""), ("cash", "", "12000.00")]))
    post(APRIL_2, [("cash", "50000.00", ""), ("capital", "", "50000.00")])
    posted = post_draft_entry(company=company, actor=admin_user, draft_id=draft.id)
    later = post(APRIL_2, [("cash", "1.00", ""), ("capital", "", "1.00")])
    assert posted.pk == draft.pk
    assert (posted.status, posted.voucher_number) == ("posted", "JV/2024-25/000002")
    assert later.voucher_number == "JV/2024-25/000003"
    balances = build_balances_as_of(company=company, as_of=APRIL_2)
    assert balances[account("rent").id].net_paise == 1200000
    assert balances[account("cash").id].net_paise == 5000000 - 1200000 + 100
    assert verify_books(company=company) == []


def test_a_posted_draft_cannot_be_saved_deleted_or_posted_again(save, entry, company, admin_user):
    draft = save(entry([("rent", "1.00", ""), ("cash", "", "1.00")]))
    post_draft_entry(company=company, actor=admin_user, draft_id=draft.id)
    with pytest.raises(EntryNotDraft, match="JV/2024-25/000001 is posted"):
        save(entry([("rent", "2.00", ""), ("cash", "", "2.00")]), draft_id=draft.id)
    with pytest.raises(EntryNotDraft):
        delete_draft_entry(company=company, actor=admin_user, draft_id=draft.id)
    with pytest.raises(EntryNotDraft):
        post_draft_entry(company=company, actor=admin_user, draft_id=draft.id)
    assert _lines(draft) == [(1, "rent", 100, 0), (2, "cash", 0, 100)]
    assert VoucherSequence.objects.get().last_number == 1


def test_the_database_refuses_to_edit_a_posted_draft(save, entry, company, admin_user):
    draft = save(entry([("rent", "1.00", ""), ("cash", "", "1.00")]))
    post_draft_entry(company=company, actor=admin_user, draft_id=draft.id)
    with (
        pytest.raises(IntegrityError, match="posted journal entry"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM ledger_journalline WHERE entry_id = %s", [draft.id])


def test_deleting_a_draft_removes_it_and_its_lines(save, entry, company, admin_user):
    draft = save(entry([("rent", "1.00", ""), ("cash", "", "1.00")]))
    delete_draft_entry(company=company, actor=admin_user, draft_id=draft.id)
    assert JournalEntry.objects.count() == 0
    assert JournalLine.objects.count() == 0


def test_a_draft_of_another_company_is_not_found(save, entry, admin_user):
    draft = save(entry([("rent", "1.00", ""), ("cash", "", "1.00")]))
    other = create_company_with_books(
        owner=admin_user, legal_name="Other Co", state_code="29", books_begin_date=APRIL_2
    )
    with pytest.raises(EntryNotFound):
        post_draft_entry(company=other, actor=admin_user, draft_id=draft.id)
    with pytest.raises(EntryNotFound):
        delete_draft_entry(company=other, actor=admin_user, draft_id=draft.id)
    own_lines = (
        LineInput(account_id=other.accounts.get(system_role="rent").id, debit=Decimal(1)),
        LineInput(account_id=other.accounts.get(system_role="cash").id, credit=Decimal(1)),
    )
    with pytest.raises(EntryNotFound):
        save_draft_entry(
            company=other,
            actor=admin_user,
            entry=EntryInput(entry_date=APRIL_2, lines=own_lines),
            draft_id=draft.id,
        )
    assert JournalEntry.objects.get().status == "draft"


def test_draft_lines_are_checked_one_by_one_and_nothing_is_written(save, entry):
    with pytest.raises(InvalidLineAmount, match="line 2"):
        save(entry([("rent", "1.00", ""), ("cash", "", "0.001")]))
    with pytest.raises(PartyRequired, match="line 1: Sundry debtors"):
        save(entry([("sundry_debtors", "1.00", ""), ("sales", "", "1.00")]))
    with pytest.raises(InvalidInput, match="at least one line"):
        save(EntryInput(entry_date=APRIL_2, lines=()))
    assert JournalEntry.objects.count() == 0


def test_a_failed_replacement_keeps_the_previous_lines(save, entry):
    draft = save(entry([("rent", "1.00", ""), ("cash", "", "1.00")]))
    with pytest.raises(InvalidLineAmount):
        save(entry([("rent", "-1.00", ""), ("cash", "", "1.00")]), draft_id=draft.id)
    assert _lines(draft) == [(1, "rent", 100, 0), (2, "cash", 0, 100)]


def test_a_draft_cannot_be_a_reversal(save, entry, post):
    original = post(APRIL_2, [("rent", "1.00", ""), ("cash", "", "1.00")])
    with pytest.raises(InvalidInput, match="reverse_journal_entry"):
        save(entry([("cash", "1.00", ""), ("rent", "", "1.00")], reverses_id=original.id))


def test_a_draft_in_a_period_locked_since_it_was_saved_cannot_be_posted(
    save, entry, company, admin_user
):
    draft = save(entry([("rent", "1.00", ""), ("cash", "", "1.00")]))
    set_lock_date(company=company, actor=admin_user, lock_date=date(2024, 4, 30))
    with pytest.raises(PeriodLocked):
        post_draft_entry(company=company, actor=admin_user, draft_id=draft.id)
    with pytest.raises(PeriodLocked):
        save(entry([("rent", "1.00", ""), ("cash", "", "1.00")]))
    assert JournalEntry.objects.get().status == "draft"


def test_retried_create_with_the_same_idempotency_key_returns_the_first_draft(save, entry):
    first = save(entry([("rent", "1.00", ""), ("cash", "", "1.00")], idempotency_key="req-1"))
    again = save(entry([("rent", "1.00", ""), ("cash", "", "1.00")], idempotency_key="req-1"))
    assert again.pk == first.pk
    assert JournalEntry.objects.count() == 1


def test_viewer_may_not_save_post_or_delete_drafts(save, entry, company):
    draft = save(entry([("rent", "1.00", ""), ("cash", "", "1.00")]))
    viewer = User.objects.create_user("viewer", "viewer@example.in", "pw")
    add_member(company=company, user=viewer, role=Role.VIEWER)
    with pytest.raises(PermissionDenied):
        save_draft_entry(company=company, actor=viewer, entry=entry([("rent", "1.00", "")]))
    with pytest.raises(PermissionDenied):
        post_draft_entry(company=company, actor=viewer, draft_id=draft.id)
    with pytest.raises(PermissionDenied):
        delete_draft_entry(company=company, actor=viewer, draft_id=draft.id)
    assert JournalEntry.objects.get().status == "draft"
