"""`verify_books` (and `bahi check`) re-derive every invariant from the lines: these tests tamper
with the books behind the application's back and expect each kind of damage to be named."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection

from bahi.ledger.drafts import save_draft_entry
from bahi.ledger.selectors import build_balances_as_of, verify_books
from bahi.ledger.services import create_company_with_books, reverse_journal_entry
from bahi.ledger.types import EntryInput, LineInput

pytestmark = pytest.mark.django_db

APRIL_2 = date(2024, 4, 2)


def _raw(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def _checks(findings):
    return [finding.check for finding in findings]


@pytest.fixture
def books(post, company, admin_user):
    """A few weeks of ordinary books: capital, rent, a reversed entry, and an unposted draft."""
    post(APRIL_2, [("bank", "100000.00", ""), ("capital", "", "100000.00")])
    post(date(2024, 4, 5), [("rent", "12000.00", ""), ("bank", "", "12000.00")])
    wrong = post(date(2024, 5, 3), [("salaries", "999.99", ""), ("cash", "", "999.99")])
    reverse_journal_entry(
        company=company,
        actor=admin_user,
        entry_id=wrong.id,
        reversal_date=date(2024, 5, 4),
        reason="wrong account",
    )
    return company


def _draft(company, admin_user, account, debit="10.00", credit="10.00"):
    return save_draft_entry(
        company=company,
        actor=admin_user,
        entry=EntryInput(
            entry_date=APRIL_2,
            lines=(
                LineInput(account_id=account("cash").id, debit=Decimal(debit)),
                LineInput(account_id=account("capital").id, credit=Decimal(credit)),
            ),
        ),
    )


def test_sound_books_have_no_findings(books, admin_user, account):
    _draft(books, admin_user, account, credit="9.00")  # an unbalanced draft is not a finding
    assert verify_books(company=books) == []


def test_empty_books_have_no_findings(company):
    assert verify_books(company=company) == []


def test_a_tampered_day_total_is_found(books, account):
    _raw(
        "UPDATE ledger_accountperiodtotal SET debit_paise = debit_paise + 1 "
        "WHERE company_id = %s AND account_id = %s AND grain = 'D' AND period_start = %s",
        [books.id, account("rent").id, "2024-04-05"],
    )
    findings = verify_books(company=books)
    assert _checks(findings) == [
        "day totals that differ from the lines",
        "month totals that differ from the day totals",
    ]
    assert findings[0].count == 1
    assert findings[0].examples == (account("rent").id,)


def test_a_tampered_month_total_unbalances_the_trial_balance(books, account):
    _raw(
        "UPDATE ledger_accountperiodtotal SET credit_paise = credit_paise + 50 "
        "WHERE company_id = %s AND account_id = %s AND grain = 'M' AND period_start = %s",
        [books.id, account("cash").id, "2024-05-01"],
    )
    findings = verify_books(company=books)
    assert _checks(findings) == [
        "month totals that differ from the day totals",
        "trial balance does not net to zero",
    ]
    assert findings[1].examples == (-50,)


def test_a_deleted_day_total_is_found(books, account):
    _raw(
        "DELETE FROM ledger_accountperiodtotal WHERE company_id = %s AND account_id = %s "
        "AND grain = 'D'",
        [books.id, account("salaries").id],
    )
    assert "day totals that differ from the lines" in _checks(verify_books(company=books))


def test_a_gap_in_voucher_numbers_is_found(books, admin_user, account):
    # The application cannot skip a number; a balanced draft given number 99 and posted by a
    # raw UPDATE passes the database's posting guard, and leaves numbers 5 to 98 missing.
    draft = _draft(books, admin_user, account)
    _raw("UPDATE ledger_journalentry SET number = 99, status = 'posted' WHERE id = %s", [draft.id])
    findings = verify_books(company=books)
    assert _checks(findings) == ["voucher numbers with gaps: JV/2024-25"]
    assert findings[0].count == 1


def test_another_companys_damage_is_not_reported_here(books, admin_user):
    other = create_company_with_books(
        owner=admin_user, legal_name="Other Co", state_code="29", books_begin_date=APRIL_2
    )
    _raw(
        "INSERT INTO ledger_accountperiodtotal "
        "(company_id, account_id, grain, period_start, debit_paise, credit_paise) "
        "VALUES (%s, %s, 'D', %s, 700, 0)",
        [other.id, other.accounts.get(system_role="cash").id, "2024-04-02"],
    )
    assert verify_books(company=books) == []
    assert _checks(verify_books(company=other)) == [
        "day totals that differ from the lines",
        "month totals that differ from the day totals",  # a day row with no month row
    ]


def test_a_deleted_month_total_is_found(books, account):
    # Every April month row goes: the trial balance still nets to zero and every day row still
    # equals the lines, but balances read after April have lost the whole month.
    _raw(
        "DELETE FROM ledger_accountperiodtotal WHERE company_id = %s AND grain = 'M' "
        "AND period_start = %s",
        [books.id, "2024-04-01"],
    )
    assert account("bank").id not in build_balances_as_of(company=books, as_of=date(2024, 5, 31))
    assert verify_books(company=books) != []


def test_a_missing_database_guard_is_found(books):
    from bahi.ledger.selectors import LEDGER_GUARDS

    name = sorted(LEDGER_GUARDS[connection.vendor])[0]
    if connection.vendor == "postgresql":
        table = "ledger_journalentry" if "entry" in name else "ledger_journalline"
        _raw(f"DROP TRIGGER {name} ON {table}")
    else:
        _raw(f"DROP TRIGGER {name}")
    assert _checks(verify_books(company=books)) == [f"database guards missing: {name}"]
