"""The April 2024 workbook (see conftest.py) through the trial balance, the statement of profit
and loss and the balance sheet, to the paisa."""

from datetime import date

import pytest

from bahi.reports.selectors import (
    build_balance_sheet,
    build_profit_and_loss,
    build_trial_balance,
)

pytestmark = pytest.mark.django_db

APRIL_FROM, APRIL_TO = date(2024, 4, 1), date(2024, 4, 30)


def _ledger_rows(trial_balance):
    return {
        row.name: (row.opening_paise, row.debit_paise, row.credit_paise, row.closing_paise)
        for row in trial_balance.rows
        if not row.is_group
    }


def test_trial_balance_of_the_april_workbook(company, workbook):
    trial_balance = build_trial_balance(company=company, date_from=APRIL_FROM, date_to=APRIL_TO)

    assert _ledger_rows(trial_balance) == {
        "Bank account": (0, 62500000, 10011850, 52488150),
        "Capital": (0, 0, 50000000, -50000000),
        "Purchases - goods": (0, 10000000, 0, 10000000),
        "Input CGST": (0, 900000, 0, 900000),
        "Input SGST / UTGST": (0, 900000, 0, 900000),
        "Sundry creditors": (0, 5000000, 11800000, -6800000),
        "Sundry debtors": (0, 17700000, 10000000, 7700000),
        "Sales - goods": (0, 0, 15000000, -15000000),
        "Output CGST": (0, 0, 1350000, -1350000),
        "Output SGST / UTGST": (0, 0, 1350000, -1350000),
        "Rent": (0, 5000000, 2500000, 2500000),
        "Bank charges": (0, 11850, 0, 11850),
    }
    totals = trial_balance.totals
    assert (totals.debit_paise, totals.credit_paise) == (102011850, 102011850)
    assert (totals.closing_debit_paise, totals.closing_credit_paise) == (74500000, 74500000)
    assert (totals.opening_debit_paise, totals.opening_credit_paise) == (0, 0)


def test_trial_balance_shows_group_subtotals_above_their_ledgers(company, workbook):
    trial_balance = build_trial_balance(company=company, date_from=APRIL_FROM, date_to=APRIL_TO)

    outline = [(row.depth, row.code, row.closing_paise) for row in trial_balance.rows][:8]
    assert outline == [
        (0, "1000", 61988150),  # Assets
        (1, "1200", 61988150),  # Current assets
        (2, "1220", 52488150),  # Bank accounts
        (3, "1221", 52488150),  # Bank account
        (2, "1230", 7700000),  # Sundry debtors (a ledger)
        (2, "1250", 1800000),  # GST input credit
        (3, "1251", 900000),
        (3, "1252", 900000),
    ]
    # Accounts without activity (Cash, Furniture, ...) are left out.
    assert "1211" not in {row.code for row in trial_balance.rows}


def test_profit_and_loss_of_the_april_workbook(company, workbook):
    statement = build_profit_and_loss(
        company=company, date_from=APRIL_FROM, date_to=APRIL_TO, compare=False
    )

    assert statement.revenue.amount_paise == 15000000
    assert [(a.name, a.amount_paise) for a in statement.revenue.accounts] == [
        ("Sales - goods", 15000000)
    ]
    assert statement.other_income.amount_paise == 0
    assert statement.total_income.amount_paise == 15000000
    assert [(line.label, line.amount_paise) for line in statement.expenses.lines] == [
        ("Purchases of stock-in-trade", 10000000),
        ("Finance costs", 11850),
        ("Other expenses", 2500000),
    ]
    assert statement.expenses.total.amount_paise == 12511850
    assert statement.profit_before_tax.amount_paise == 2488150
    assert statement.tax.amount_paise == 0
    assert str(statement.profit.amount) == "24881.50"
    assert statement.profit.previous_paise is None


def test_balance_sheet_of_the_april_workbook_balances(company, workbook):
    sheet = build_balance_sheet(company=company, as_of=APRIL_TO, compare=False)

    funds, non_current, current = sheet.equity_and_liabilities
    assert [(line.label, line.amount_paise) for line in funds.lines] == [
        ("Share capital", 50000000),
        ("Reserves and surplus", 2488150),
    ]
    reserves = funds.lines[1]
    assert [(a.name, a.amount_paise) for a in reserves.accounts] == [
        ("Surplus in the statement of profit and loss: profit for the year", 2488150)
    ]
    assert non_current.lines == ()
    assert [(line.label, line.amount_paise) for line in current.lines] == [
        ("Trade payables", 6800000),
        ("Other current liabilities", 2700000),
    ]
    non_current_assets, current_assets = sheet.assets
    assert non_current_assets.total.amount_paise == 0
    assert [(line.label, line.amount_paise) for line in current_assets.lines] == [
        ("Trade receivables", 7700000),
        ("Cash and cash equivalents", 52488150),
        ("Other current assets", 1800000),
    ]
    assert sheet.total_equity_and_liabilities.amount_paise == 61988150
    assert sheet.total_assets.amount_paise == 61988150
