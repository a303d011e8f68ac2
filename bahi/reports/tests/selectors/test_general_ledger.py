from datetime import date

import pytest

from bahi.core.errors import InvalidInput
from bahi.ledger.services import create_company_with_books
from bahi.reports.cursor import encode_cursor
from bahi.reports.errors import InvalidCursor, ReportAccountNotFound
from bahi.reports.selectors import build_general_ledger

pytestmark = pytest.mark.django_db

APRIL = {"date_from": date(2024, 4, 1), "date_to": date(2024, 4, 30)}


def _rows(ledger):
    return [
        (line.voucher_number, line.debit_paise, line.credit_paise, line.balance_paise)
        for line in ledger.lines
    ]


def test_bank_ledger_runs_a_balance_with_counter_accounts(company, account, workbook):
    ledger = build_general_ledger(company=company, account_id=account("bank").id, **APRIL)

    assert _rows(ledger) == [
        ("JV/2024-25/000001", 50000000, 0, 50000000),
        ("JV/2024-25/000004", 0, 2500000, 47500000),
        ("JV/2024-25/000005", 0, 11850, 47488150),
        ("JV/2024-25/000006", 0, 2500000, 44988150),
        ("JV/2024-25/000007", 2500000, 0, 47488150),
        ("JV/2024-25/000008", 0, 5000000, 42488150),
        ("JV/2024-25/000009", 10000000, 0, 52488150),
    ]
    assert [line.counter_accounts for line in ledger.lines[:2]] == ["Capital", "Rent"]
    assert ledger.lines[0].narration == "Capital introduced"
    assert (ledger.opening_paise, ledger.closing_paise, ledger.next_cursor) == (0, 52488150, None)


def test_pages_continue_the_running_balance(company, account, workbook):
    bank = account("bank").id
    whole = build_general_ledger(company=company, account_id=bank, **APRIL)

    pages, cursor = [], None
    while True:
        page = build_general_ledger(
            company=company, account_id=bank, after=cursor, limit=3, **APRIL
        )
        pages.append(page)
        cursor = page.next_cursor
        if cursor is None:
            break

    assert [len(page.lines) for page in pages] == [3, 3, 1]
    assert [page.carried_paise for page in pages] == [0, 47488150, 42488150]
    assert [line for page in pages for line in page.lines] == list(whole.lines)
    assert {page.closing_paise for page in pages} == {52488150}


def test_opening_balance_comes_from_before_the_period(company, account, workbook):
    ledger = build_general_ledger(
        company=company,
        account_id=account("bank").id,
        date_from=date(2024, 4, 26),
        date_to=date(2024, 4, 30),
    )

    assert ledger.opening_paise == 44988150
    assert [line.balance_paise for line in ledger.lines] == [47488150, 42488150, 52488150]


def test_party_ledger_shows_only_that_partys_lines(company, account, workbook, post):
    other = workbook.supplier.__class__.objects.create(company=company, name="Other Retail")
    post(date(2024, 4, 12), [("sundry_debtors", "5.00", "", other.id), ("sales", "", "5.00")])

    ledger = build_general_ledger(
        company=company,
        account_id=account("sundry_debtors").id,
        party_id=workbook.customer.id,
        date_from=date(2024, 4, 11),
        date_to=date(2024, 4, 30),
    )

    assert ledger.party_name == "Mehta Retail"
    assert ledger.opening_paise == 17700000  # the 10-04 invoice, summed from the party's lines
    assert _rows(ledger) == [("JV/2024-25/000009", 0, 10000000, 7700000)]
    assert ledger.closing_paise == 7700000


def test_income_and_expense_ledgers_open_at_the_start_of_the_financial_year(company, account, post):
    post(date(2025, 3, 1), [("rent", "100.00", ""), ("cash", "", "100.00")])
    post(date(2025, 4, 1), [("rent", "7.00", ""), ("cash", "", "7.00")])

    rent = build_general_ledger(
        company=company,
        account_id=account("rent").id,
        date_from=date(2025, 4, 1),
        date_to=date(2025, 4, 30),
    )
    cash = build_general_ledger(
        company=company,
        account_id=account("cash").id,
        date_from=date(2025, 4, 1),
        date_to=date(2025, 4, 30),
    )

    assert (rent.opening_paise, rent.closing_paise) == (0, 700)
    assert (cash.opening_paise, cash.closing_paise) == (-10000, -10700)


def test_a_cursor_of_another_ledger_or_garbage_is_refused(company, account, workbook):
    foreign = encode_cursor("ledger", account("cash").id, None, "2024-04-01", 1, 1, 0)
    with pytest.raises(InvalidInput, match="another ledger"):
        build_general_ledger(company=company, account_id=account("bank").id, after=foreign, **APRIL)
    with pytest.raises(InvalidCursor):
        build_general_ledger(company=company, account_id=account("bank").id, after="@@", **APRIL)


def test_another_companys_account_is_not_found(company, admin_user, account):
    other = create_company_with_books(
        owner=admin_user, legal_name="Other Co", state_code="29", books_begin_date=date(2024, 4, 1)
    )
    with pytest.raises(ReportAccountNotFound):
        build_general_ledger(company=other, account_id=account("bank").id, **APRIL)


def test_a_group_has_no_ledger(company):
    group = company.accounts.get(code="1220")
    with pytest.raises(InvalidInput, match="is a group"):
        build_general_ledger(company=company, account_id=group.id, **APRIL)


def test_a_page_costs_a_fixed_number_of_queries(
    company, account, workbook, django_assert_max_num_queries
):
    with django_assert_max_num_queries(6):
        build_general_ledger(company=company, account_id=account("bank").id, limit=3, **APRIL)
    with django_assert_max_num_queries(7):
        build_general_ledger(
            company=company,
            account_id=account("sundry_debtors").id,
            party_id=workbook.customer.id,
            **APRIL,
        )
