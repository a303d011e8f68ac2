import csv
import io
from datetime import datetime
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from bahi.web.books.reports import ledger_views
from bahi.web.books.reports.downloads import indian_number_format
from bahi.web.tests.reports.conftest import QUARTER, ROLES

pytestmark = pytest.mark.django_db
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _csv(response) -> list[list[str]]:
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.reader(io.StringIO(response.content.decode())))


def _sheet(response):
    assert response["Content-Type"] == XLSX
    return load_workbook(io.BytesIO(response.content)).active


def _money(value: object) -> Decimal:
    """A number cell read back (openpyxl gives a float) as the exact amount it was written."""
    assert isinstance(value, int | float)
    return Decimal(repr(value)).quantize(Decimal("0.01"))


def test_the_trial_balance_downloads_as_csv(signed_in, books):
    response = signed_in.get("/reports/trial-balance.csv", QUARTER)
    assert response["Content-Disposition"] == (
        'attachment; filename="trial-balance-2024-04-01-to-2024-06-30.csv"'
    )
    table = _csv(response)
    assert table[0] == [
        "code", "account", "opening_debit", "opening_credit", "debit", "credit",
        "closing_debit", "closing_credit",
    ]  # fmt: skip
    debtors = next(row for row in table if row[0] == "1230")
    assert debtors == [
        "1230",
        "    Sundry debtors",
        "",
        "",
        "212400.00",
        "118000.00",
        "94400.00",
        "",
    ]
    assert table[-1] == [
        "", "Total", "0.00", "0.00", "912600.00", "912600.00", "759600.00", "759600.00"
    ]  # fmt: skip


def test_the_trial_balance_downloads_as_a_workbook_with_numbers(signed_in, books, company):
    response = signed_in.get("/reports/trial-balance.xlsx", QUARTER)
    assert response["Content-Disposition"].endswith('-2024-06-30.xlsx"')
    sheet = _sheet(response)
    assert sheet["A1"].value == "Sharma Traders Pvt Ltd"
    assert sheet["A2"].value == "Trial balance, 01-04-2024 to 30-06-2024"
    assert sheet["A1"].font.b
    assert sheet["A2"].font.b
    assert [cell.value for cell in sheet[4]][:3] == ["Code", "Account", "Opening debit"]
    debtors = next(row for row in sheet.iter_rows(min_row=5) if row[0].value == "1230")
    assert _money(debtors[4].value) == Decimal("212400.00")
    assert debtors[4].number_format == "##\\,##\\,##0.00;-##\\,##\\,##0.00"  # 2,12,400.00
    assert debtors[6].number_format == "##\\,##0.00;-##\\,##0.00"  # 94,400.00
    assert not debtors[4].font.b
    total = list(sheet.iter_rows(min_row=sheet.max_row))[0]
    assert total[1].value == "Total"
    assert total[1].font.b
    assert total[4].font.b
    assert _money(total[4].value) == Decimal("912600.00")
    assert sheet.freeze_panes == "A5"
    assert sheet.print_title_rows == "$4:$4"


def test_the_ledger_downloads_every_line_of_the_period_whatever_the_page(
    signed_in, books, account, monkeypatch
):
    monkeypatch.setattr(ledger_views, "LEDGER_PAGE", 2)
    monkeypatch.setattr(ledger_views, "MAX_LIMIT", 2)  # the download reads two lines a query
    query = {"account": account("sundry_debtors").id, **QUARTER}
    table = _csv(signed_in.get("/reports/general-ledger.csv", query))
    assert table[0] == ["date", "voucher", "particulars", "narration", "debit", "credit", "balance"]
    assert [row[0] for row in table[1:]] == [
        "2024-04-01", "2024-04-10", "2024-05-20", "2024-06-01", "2024-06-25", "2024-06-28",
        "2024-06-30",
    ]  # fmt: skip
    assert table[4] == [
        "2024-06-01", "JV/2024-25/000007", "Bank account (Pune Hardware)", "", "", "118000.00",
        "59000.00",
    ]  # fmt: skip
    assert table[-1] == ["2024-06-30", "", "Closing balance", "", "", "", "94400.00"]


def test_a_ledger_workbook_has_real_dates_and_balances_on_their_side(signed_in, books, account):
    query = {"account": account("capital").id, **QUARTER}
    response = signed_in.get("/reports/general-ledger.xlsx", query)
    assert response["Content-Disposition"] == (
        'attachment; filename="ledger-3100-2024-04-01-to-2024-06-30.xlsx"'
    )
    sheet = _sheet(response)
    assert sheet["A2"].value == "Ledger 3100 Capital, 01-04-2024 to 30-06-2024"
    line = list(sheet.iter_rows(min_row=6, max_row=6))[0]
    assert line[0].value == datetime(2024, 4, 1)  # noqa: DTZ001  # a spreadsheet date
    assert line[0].number_format == "DD-MM-YYYY"
    assert _money(line[5].value) == Decimal("500000.00")
    assert _money(line[6].value) == Decimal("-500000.00")  # a credit balance
    assert line[6].number_format == '##\\,##\\,##0.00 "Dr";##\\,##\\,##0.00 "Cr";0.00'


def test_the_day_book_downloads_every_line(signed_in, books):
    table = _csv(signed_in.get("/reports/day-book.csv", QUARTER))
    assert len(table) == 1 + 27  # the heading and the lines of the nine entries
    assert table[-1] == ["2024-06-30", "JV/2024-25/000009", "Rent", "1211 Cash", "", "", "15000.00"]


def test_the_statements_download_with_their_comparatives(signed_in, books):
    pl = _csv(signed_in.get("/reports/profit-and-loss.csv", QUARTER))
    assert pl[0] == ["particulars", "code", "amount", "previous"]
    assert ["Profit for the period", "", "125000.00", "0.00"] in pl
    sheet = _sheet(signed_in.get("/reports/balance-sheet.xlsx", {"as_of": "2024-06-30"}))
    assert sheet["A2"].value == "Balance sheet as at 30-06-2024"
    totals = [row for row in sheet.iter_rows(min_row=5) if row[0].value == "Total assets"]
    assert _money(totals[0][2].value) == Decimal("704600.00")
    assert totals[0][0].font.b


def test_an_unknown_file_format_is_not_found(signed_in, books):
    assert signed_in.get("/reports/trial-balance.pdf", QUARTER).status_code == 404


def test_a_download_of_another_companys_account_is_not_found(signed_in, books, foreign_ids):
    query = {"account": foreign_ids["account"], **QUARTER}
    assert signed_in.get("/reports/general-ledger.csv", query).status_code == 404
    assert signed_in.get("/reports/general-ledger.csv", QUARTER).status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_every_member_may_download(client, books, member, role):
    client.force_login(member(role))
    assert client.get("/reports/balance-sheet.csv", {"as_of": "2024-06-30"}).status_code == 200


def test_signed_out_visitors_get_no_download(client, books):
    assert client.get("/reports/trial-balance.csv", QUARTER).status_code == 302


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("0.50", "##0.00;-##0.00"),
        ("999.99", "##0.00;-##0.00"),
        ("1000.00", "##\\,##0.00;-##\\,##0.00"),
        ("99999.99", "##\\,##0.00;-##\\,##0.00"),
        ("100000.00", "##\\,##\\,##0.00;-##\\,##\\,##0.00"),
        ("-1234567.89", "##\\,##\\,##0.00;-##\\,##\\,##0.00"),
        ("12345678.00", "##\\,##\\,##\\,##0.00;-##\\,##\\,##\\,##0.00"),
    ],
)
def test_workbook_numbers_group_digits_the_indian_way(value, expected):
    assert indian_number_format(Decimal(value)) == expected
