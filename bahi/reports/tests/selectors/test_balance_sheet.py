from datetime import date

import pytest

from bahi.ledger.selectors import Movement
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


def test_a_supplier_paid_in_advance_shows_as_negative_trade_payables(company, workbook, post):
    post(
        date(2024, 4, 30),
        [("sundry_creditors", "70000.00", "", workbook.supplier.id), ("bank", "", "70000.00")],
    )

    sheet = build_balance_sheet(company=company, as_of=date(2024, 4, 30), compare=False)

    current = sheet.equity_and_liabilities[2]
    payables = next(line for line in current.lines if line.code == "CL_TRADE_PAYABLES")
    assert payables.amount_paise == -200000
    assert sheet.total_equity_and_liabilities.amount_paise == sheet.total_assets.amount_paise


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
