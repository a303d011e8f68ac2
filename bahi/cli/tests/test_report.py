"""`bahi report ...` end to end: parse the command line, read the books, print."""

import json

import pytest

from bahi.cli import main
from bahi.reports.tests.workbook import workbook

pytestmark = pytest.mark.django_db

__all__ = ["workbook"]  # the April 2024 workbook fixture


def test_trial_balance_as_json_uses_iso_dates_and_decimal_strings(company, workbook, capsys):
    code = main(
        [
            "report",
            "trial-balance",
            "--format",
            "json",
            "--company",
            str(company.id),
            "--from",
            "2024-04-01",
            "--to",
            "30-04-2024",
        ]
    )

    assert code == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["report"], data["date_from"], data["date_to"]) == (
        "trial-balance",
        "2024-04-01",
        "2024-04-30",
    )
    bank = next(row for row in data["rows"] if row["code"] == "1221")
    assert (bank["opening"], bank["debit"], bank["credit"], bank["closing"]) == (
        "0.00",
        "625000.00",
        "100118.50",
        "524881.50",
    )
    assert data["totals"]["debit"] == data["totals"]["credit"] == "1020118.50"


def test_report_period_defaults_to_the_financial_year_of_the_latest_entry(
    company, workbook, capsys
):
    assert main(["report", "pl", "--format", "json"]) == 0

    data = json.loads(capsys.readouterr().out)
    assert (data["date_from"], data["date_to"]) == ("2024-04-01", "2025-03-31")
    assert (data["previous_from"], data["previous_to"]) == ("2023-04-01", "2024-03-31")
    assert data["profit"]["amount"] == "24881.50"
    assert data["profit"]["previous"] == "0.00"


def test_balance_sheet_table_uses_indian_grouping_and_dates(company, workbook, capsys):
    assert main(["report", "bs", "--as-of", "2024-04-30", "--no-compare"]) == 0

    out = capsys.readouterr().out
    assert "30-04-2024" in out
    assert "5,24,881.50" in out  # cash and cash equivalents
    assert "6,19,881.50" in out  # both totals


def test_party_ledger_as_csv(company, workbook, capsys):
    argv = [
        "report",
        "ledger",
        "--account",
        "1230",
        "--party",
        "Mehta Retail",
        "--format",
        "csv",
        "--from",
        "2024-04-01",
        "--to",
        "2024-04-30",
    ]
    assert main(argv) == 0

    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[0] == "date,voucher,particulars,narration,debit,credit,balance"
    assert lines[1:] == [
        "2024-04-01,,Opening balance,,,,0.00",
        "2024-04-10,JV/2024-25/000003,"
        '"Sales - goods, Output CGST +1 (Mehta Retail)",Tax invoice ST/001,177000.00,,177000.00',
        "2024-04-30,JV/2024-25/000009,Bank account (Mehta Retail),Received from Mehta Retail,"
        ",100000.00,77000.00",
        "2024-04-30,,Closing balance,,,,77000.00",
    ]


def test_day_book_table_and_unknown_account_error(company, workbook, capsys):
    assert main(["report", "daybook", "--from", "2024-04-26", "--to", "2024-04-26"]) == 0
    out = capsys.readouterr().out
    assert "JV/2024-25/000007" in out
    assert "Reversal of JV/2024-25/000006" in out

    assert main(["report", "ledger", "--account", "9999"]) == 2
    assert "no account with code '9999'" in capsys.readouterr().err
