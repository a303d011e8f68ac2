from datetime import date

import pytest

from bahi.reports.errors import InvalidCursor
from bahi.reports.selectors import build_day_book

pytestmark = pytest.mark.django_db


def test_day_book_of_one_day_lists_its_entries_with_their_lines(company, workbook):
    day_book = build_day_book(company=company, date_from=date(2024, 4, 10))

    (invoice,) = day_book.entries
    assert (invoice.voucher_number, invoice.narration, invoice.total_paise) == (
        "JV/2024-25/000003",
        "Tax invoice ST/001",
        17700000,
    )
    assert [
        (line.account_code, line.party_name, line.debit_paise, line.credit_paise)
        for line in invoice.lines
    ] == [
        ("1230", "Mehta Retail", 17700000, 0),
        ("4110", "", 0, 15000000),
        ("2221", "", 0, 1350000),
        ("2222", "", 0, 1350000),
    ]


def test_day_book_pages_by_date_then_id(company, workbook, django_assert_max_num_queries):
    seen, cursor = [], None
    while True:
        with django_assert_max_num_queries(2):
            page = build_day_book(
                company=company,
                date_from=date(2024, 4, 1),
                date_to=date(2024, 4, 30),
                after=cursor,
                limit=4,
            )
        seen.append([entry.voucher_number[-1] for entry in page.entries])
        cursor = page.next_cursor
        if cursor is None:
            break

    assert seen == [["1", "2", "3", "4"], ["5", "6", "7", "8"], ["9"]]
    reversal = build_day_book(company=company, date_from=date(2024, 4, 26)).entries[0]
    assert reversal.reverses_id == workbook.entries[5].id


def test_day_book_refuses_a_ledger_cursor(company, workbook):
    with pytest.raises(InvalidCursor):
        build_day_book(company=company, date_from=date(2024, 4, 1), after="WyJsZWRnZXIiXQ")
