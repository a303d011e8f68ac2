from datetime import date

import pytest

from bahi.ledger.selectors import Movement
from bahi.ledger.services import create_party
from bahi.reports.errors import StatementOutOfBalance
from bahi.reports.selectors import build_balance_sheet, build_profit_and_loss

pytestmark = pytest.mark.django_db


def _reserves(sheet):
    funds = sheet.equity_and_liabilities[0]
    reserves = next(line for line in funds.lines if line.code == "EQ_RESERVES")
    return [(a.name, a.amount_paise, a.previous_paise) for a in reserves.accounts]


def test_profit_of_last_year_opens_the_surplus_of_this_year(company, workbook, post):
    post(date(2025, 5, 1), [("bank", "10000.00", ""), ("sales_services", "", "10000.00")])

    sheet = build_balance_sheet(company=company, as_of=date(2025, 5, 31))

    assert sheet.previous_as_of == date(2024, 5, 31)
    assert _reserves(sheet) == [
        ("Surplus in the statement of profit and loss: opening balance", 2488150, 0),
        ("Surplus in the statement of profit and loss: profit for the year", 1000000, 2488150),
    ]
    total = sheet.total_equity_and_liabilities
    assert (total.amount_paise, total.previous_paise) == (62988150, 61988150)
    assert (sheet.total_assets.amount_paise, sheet.total_assets.previous_paise) == (
        62988150,
        61988150,
    )


def test_reserves_add_equity_accounts_to_the_surplus(company, post):
    post(date(2024, 4, 1), [("cash", "300.00", ""), ("opening_balances", "", "300.00")])
    post(date(2024, 4, 2), [("cash", "50.00", ""), ("interest_income", "", "50.00")])

    sheet = build_balance_sheet(company=company, as_of=date(2024, 4, 30), compare=False)

    assert _reserves(sheet) == [
        ("Opening balances", 30000, None),
        ("Surplus in the statement of profit and loss: profit for the year", 5000, None),
    ]
    assert sheet.equity_and_liabilities[0].total.amount_paise == 35000
    assert sheet.total_assets.amount_paise == 35000


def _lines(sheet):
    """{line code: (amount, previous, [(account, amount, previous)])} of every non-empty line."""
    sections = (*sheet.equity_and_liabilities, *sheet.assets)
    return {
        line.code: (
            line.amount_paise,
            line.previous_paise,
            [(a.name, a.amount_paise, a.previous_paise) for a in line.accounts],
        )
        for section in sections
        for line in section.lines
        if line.accounts
    }


@pytest.fixture
def advances_and_overdraft(company, admin_user, post):
    """April 2024: capital ₹50,000 in cash; rent ₹80,000 from the bank (overdrawn); a customer
    pays ₹20,000 before any invoice; a supplier is paid ₹5,000 before any bill."""
    customer = create_party(company=company, actor=admin_user, name="Mehta Retail")
    supplier = create_party(company=company, actor=admin_user, name="Gupta Suppliers")
    post(date(2024, 4, 1), [("cash", "50000.00", ""), ("capital", "", "50000.00")])
    post(date(2024, 4, 10), [("rent", "80000.00", ""), ("bank", "", "80000.00")])
    post(
        date(2024, 4, 15),
        [("cash", "20000.00", ""), ("sundry_debtors", "", "20000.00", customer.id)],
    )
    post(
        date(2024, 4, 20),
        [("sundry_creditors", "5000.00", "", supplier.id), ("cash", "", "5000.00")],
    )


def test_wrong_side_balances_move_to_the_schedule_iii_line_that_holds_them(
    company, advances_and_overdraft
):
    sheet = build_balance_sheet(company=company, as_of=date(2024, 4, 30), compare=False)

    assert _lines(sheet) == {
        "EQ_SHARE_CAPITAL": (5000000, None, [("Capital", 5000000, None)]),
        "EQ_RESERVES": (
            -8000000,
            None,
            [("Surplus in the statement of profit and loss: profit for the year", -8000000, None)],
        ),
        "CL_BORROWINGS": (8000000, None, [("Bank account", 8000000, None)]),
        "CL_OTHER": (2000000, None, [("Sundry debtors", 2000000, None)]),
        "CA_CASH": (6500000, None, [("Cash", 6500000, None)]),
        "CA_LOANS": (500000, None, [("Sundry creditors", 500000, None)]),
    }
    assert sheet.total_equity_and_liabilities.amount_paise == 7000000
    assert sheet.total_assets.amount_paise == 7000000


def test_an_overdraft_moves_only_in_the_year_it_is_overdrawn(company, post, advances_and_overdraft):
    post(date(2024, 6, 1), [("bank", "100000.00", ""), ("capital", "", "100000.00")])

    sheet = build_balance_sheet(company=company, as_of=date(2025, 4, 30))

    lines = _lines(sheet)
    assert lines["CA_CASH"] == (
        8500000,
        6500000,
        [("Cash", 6500000, 6500000), ("Bank account", 2000000, 0)],
    )
    assert lines["CL_BORROWINGS"] == (0, 8000000, [("Bank account", 0, 8000000)])
    total = sheet.total_equity_and_liabilities
    assert (total.amount_paise, total.previous_paise) == (9000000, 7000000)
    assert (sheet.total_assets.amount_paise, sheet.total_assets.previous_paise) == (
        9000000,
        7000000,
    )


def test_profit_for_the_year_agrees_with_the_statement_of_profit_and_loss(company, workbook):
    statement = build_profit_and_loss(
        company=company, date_from=date(2024, 4, 1), date_to=date(2025, 3, 31)
    )
    sheet = build_balance_sheet(company=company, as_of=date(2025, 3, 31))

    assert _reserves(sheet)[-1][1] == statement.profit.amount_paise == 2488150


def test_reads_a_fixed_number_of_queries(company, workbook, django_assert_max_num_queries):
    with django_assert_max_num_queries(5):
        build_balance_sheet(company=company, as_of=date(2025, 3, 31))


def test_refuses_to_show_a_balance_sheet_that_does_not_balance(company, account, monkeypatch):
    cash = account("cash").id
    monkeypatch.setattr(
        "bahi.reports.selectors.statements.build_balances_as_of",
        lambda **kwargs: {cash: Movement(100, 0)},
    )

    with pytest.raises(StatementOutOfBalance, match="does not balance"):
        build_balance_sheet(company=company, as_of=date(2024, 4, 30), compare=False)
