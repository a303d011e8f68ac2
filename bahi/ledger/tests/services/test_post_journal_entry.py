from datetime import date
from decimal import Decimal

import pytest

from bahi.core.errors import PermissionDenied
from bahi.identity.models import Role, User
from bahi.identity.services import add_member
from bahi.ledger.errors import (
    AccountNotPostable,
    DateOutsideBooks,
    InvalidLineAmount,
    PartyRequired,
    PeriodLocked,
    TooFewLines,
    UnbalancedEntry,
    UnknownAccount,
)
from bahi.ledger.models import AccountPeriodTotal, JournalEntry, JournalLine
from bahi.ledger.services import create_party, post_journal_entry, set_lock_date
from bahi.ledger.types import EntryInput, LineInput

pytestmark = pytest.mark.django_db


def test_posts_balanced_entry_with_gapless_voucher_numbers(post):
    first = post(date(2024, 4, 2), [("cash", "50000.00", ""), ("capital", "", "50000.00")])
    second = post(date(2024, 4, 3), [("rent", "12000.00", ""), ("cash", "", "12000.00")])
    next_year = post(date(2025, 4, 1), [("rent", "1.00", ""), ("cash", "", "1.00")])
    assert [first.voucher_number, second.voucher_number, next_year.voucher_number] == [
        "JV/2024-25/000001",
        "JV/2024-25/000002",
        "JV/2025-26/000001",
    ]
    assert first.status == "posted"
    assert first.total_paise == 5000000
    assert list(first.lines.order_by("line_no").values_list("debit_paise", "credit_paise")) == [
        (5000000, 0),
        (0, 5000000),
    ]


def test_posting_updates_day_and_month_totals_in_the_same_transaction(post, account):
    post(date(2024, 4, 2), [("cash", "100.25", ""), ("capital", "", "100.25")])
    post(date(2024, 4, 20), [("cash", "0.75", ""), ("capital", "", "0.75")])
    totals = AccountPeriodTotal.objects.filter(account=account("cash"))
    assert sorted(totals.values_list("grain", "period_start", "debit_paise", "credit_paise")) == [
        ("D", date(2024, 4, 2), 10025, 0),
        ("D", date(2024, 4, 20), 75, 0),
        ("M", date(2024, 4, 1), 10100, 0),
    ]


def test_same_idempotency_key_posts_once(post):
    first = post(
        date(2024, 4, 2),
        [("cash", "10.00", ""), ("capital", "", "10.00")],
        idempotency_key="import-7",
    )
    again = post(
        date(2024, 4, 2),
        [("cash", "10.00", ""), ("capital", "", "10.00")],
        idempotency_key="import-7",
    )
    assert again.pk == first.pk
    assert JournalEntry.objects.count() == 1


def test_rejects_unbalanced_entry_and_writes_nothing(post):
    with pytest.raises(UnbalancedEntry, match=r"debits \(100.00\) do not equal credits \(99.99\)"):
        post(date(2024, 4, 2), [("cash", "100.00", ""), ("capital", "", "99.99")])
    assert JournalEntry.objects.count() == 0
    assert JournalLine.objects.count() == 0
    assert AccountPeriodTotal.objects.count() == 0


def test_rejects_single_line(post):
    with pytest.raises(TooFewLines):
        post(date(2024, 4, 2), [("cash", "100.00", "")])


@pytest.mark.parametrize(
    "row",
    [("cash", "1.00", "1.00"), ("cash", "", ""), ("cash", "-5.00", ""), ("cash", "0.001", "")],
)
def test_rejects_line_without_exactly_one_positive_side(post, row):
    with pytest.raises(InvalidLineAmount, match="line 1"):
        post(date(2024, 4, 2), [row, ("capital", "", "1.00")])


def test_rejects_group_account(post, company, admin_user, account):
    group = account("bank_accounts")
    entry = EntryInput(
        entry_date=date(2024, 4, 2),
        lines=(
            LineInput(account_id=group.id, debit=Decimal(1)),
            LineInput(account_id=account("capital").id, credit=Decimal(1)),
        ),
    )
    with pytest.raises(AccountNotPostable, match="is a group"):
        post_journal_entry(company=company, actor=admin_user, entry=entry)


def test_control_account_lines_must_name_a_party(post, company, admin_user):
    with pytest.raises(PartyRequired, match="Sundry debtors"):
        post(date(2024, 4, 2), [("sundry_debtors", "10.00", ""), ("sales", "", "10.00")])
    party = create_party(company=company, actor=admin_user, name="Mehta Stores", is_customer=True)
    entry = post(
        date(2024, 4, 2), [("sundry_debtors", "10.00", "", party.id), ("sales", "", "10.00")]
    )
    assert entry.lines.get(line_no=1).party == party


def test_rejects_dates_before_books_begin_and_in_locked_period(post, company, admin_user):
    with pytest.raises(DateOutsideBooks, match="before the books begin"):
        post(date(2024, 3, 31), [("cash", "1.00", ""), ("capital", "", "1.00")])
    set_lock_date(company=company, actor=admin_user, lock_date=date(2024, 6, 30))
    with pytest.raises(PeriodLocked, match="closed up to 30-06-2024"):
        post(date(2024, 6, 30), [("cash", "1.00", ""), ("capital", "", "1.00")])
    assert post(date(2024, 7, 1), [("cash", "1.00", ""), ("capital", "", "1.00")]).pk


def test_rejects_another_companys_account(post, company, admin_user):
    from bahi.ledger.services import create_company_with_books

    other = create_company_with_books(
        owner=admin_user, legal_name="Other Co", state_code="29", books_begin_date=date(2024, 4, 1)
    )
    foreign_cash = other.accounts.get(system_role="cash")
    entry = EntryInput(
        entry_date=date(2024, 4, 2),
        lines=(
            LineInput(account_id=foreign_cash.id, debit=Decimal(1)),
            LineInput(account_id=company.accounts.get(system_role="capital").id, credit=Decimal(1)),
        ),
    )
    with pytest.raises(UnknownAccount, match="does not exist in this company"):
        post_journal_entry(company=company, actor=admin_user, entry=entry)


def test_viewer_may_not_post(company, account):
    viewer = User.objects.create_user("viewer", "viewer@example.in", "pw")
    add_member(company=company, user=viewer, role=Role.VIEWER)
    entry = EntryInput(
        entry_date=date(2024, 4, 2),
        lines=(
            LineInput(account_id=account("cash").id, debit=Decimal(1)),
            LineInput(account_id=account("capital").id, credit=Decimal(1)),
        ),
    )
    with pytest.raises(PermissionDenied):
        post_journal_entry(company=company, actor=viewer, entry=entry)
    assert JournalEntry.objects.count() == 0


def test_posting_one_entry_takes_a_fixed_number_of_queries(
    post, company, admin_user, account, django_assert_max_num_queries
):
    post(date(2024, 4, 2), [("cash", "1.00", ""), ("capital", "", "1.00")])  # sequence exists
    cash, capital, rent = account("cash").id, account("capital").id, account("rent").id

    def entry(debit_ids, credit_ids):
        return EntryInput(
            entry_date=date(2024, 4, 2),
            lines=tuple(
                [LineInput(account_id=i, debit=Decimal(1)) for i in debit_ids]
                + [LineInput(account_id=i, credit=Decimal(1)) for i in credit_ids]
            ),
        )

    # membership, accounts, sequence, insert entry, read ids, insert lines, post, read back,
    # plus two savepoints and their releases (the COPY of lines is not counted on PostgreSQL).
    with django_assert_max_num_queries(12) as two_lines:
        post_journal_entry(company=company, actor=admin_user, entry=entry([cash], [capital]))
    with django_assert_max_num_queries(12) as eight_lines:
        post_journal_entry(
            company=company,
            actor=admin_user,
            entry=entry([cash, cash, rent, rent], [capital, capital, capital, rent]),
        )
    assert len(two_lines.captured_queries) == len(eight_lines.captured_queries)


def test_a_source_document_posts_only_one_live_entry(post):
    from bahi.ledger.errors import SourceAlreadyPosted

    post(
        date(2024, 4, 2),
        [("cash", "1.00", ""), ("sales", "", "1.00")],
        source_type="sales_invoice",
        source_id="42",
    )
    with pytest.raises(SourceAlreadyPosted, match="sales_invoice 42 already has a posted entry"):
        post(
            date(2024, 4, 3),
            [("cash", "1.00", ""), ("sales", "", "1.00")],
            source_type="sales_invoice",
            source_id="42",
        )
    assert JournalEntry.objects.count() == 1
