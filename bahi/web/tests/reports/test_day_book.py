import pytest
from django.urls import reverse

from bahi.ledger.models import JournalEntry
from bahi.web.books.reports import ledger_views
from bahi.web.tests.reports.conftest import PAGE_QUERIES, QUARTER
from bahi.web.tests.reports.pages import rows, table

pytestmark = pytest.mark.django_db
URL = "/reports/day-book/"


def test_the_day_book_lists_each_entry_with_its_lines(signed_in, books):
    page = signed_in.get(URL, {"date_from": "2024-06-28", "date_to": "2024-06-30"}).content
    assert rows(page.decode(), "day-book-table") == [
        ["Date", "Voucher", "Particulars", "Debit", "Credit"],
        ["28-06-2024", "JV/2024-25/000006", "Sale to Nashik Steel"],
        ["", "", "1230 Sundry debtors (Nashik Steel)", "₹11,800.00", ""],
        ["", "", "4110 Sales - goods", "", "₹10,000.00"],
        ["", "", "2221 Output CGST", "", "₹900.00"],
        ["", "", "2222 Output SGST / UTGST", "", "₹900.00"],
        ["30-06-2024", "JV/2024-25/000009", "Rent"],
        ["", "", "5510 Rent", "₹15,000.00", ""],
        ["", "", "1211 Cash", "", "₹15,000.00"],
    ]


def test_pages_follow_one_another_by_cursor(signed_in, books, monkeypatch):
    monkeypatch.setattr(ledger_views, "DAY_BOOK_PAGE", 4)
    page = signed_in.get(URL, QUARTER).content.decode()
    vouchers = [row[1] for row in rows(page, "day-book-table") if row[1].startswith("JV")]
    assert vouchers == [f"JV/2024-25/00000{n}" for n in (1, 2, 3, 4)]
    link = page.split('id="next-page"', 1)[0].rsplit('href="', 1)[1].split('"', 1)[0]
    second = signed_in.get(link.replace("&amp;", "&")).content.decode()
    vouchers = [row[1] for row in rows(second, "day-book-table") if row[1].startswith("JV")]
    # Entries by date: the receipt (7) on 1 June comes before the June sales (5, 6).
    assert vouchers == [f"JV/2024-25/00000{n}" for n in (7, 8, 5, 6)]
    assert 'id="first-page"' in second


def test_each_voucher_leads_to_its_journal_entry(signed_in, books):
    page = signed_in.get(URL, {"date_from": "2024-06-30", "date_to": "2024-06-30"}).content
    rent = JournalEntry.objects.get(pk=books["last"].pk)
    entry_url = reverse("books:entry-detail", args=[rent.id])
    assert f'<a href="{entry_url}">JV/2024-25/000009</a>' in table(page.decode(), "day-book-table")


def test_a_period_without_entries_says_so(signed_in, books):
    page = signed_in.get(URL, {"date_from": "2024-07-01", "date_to": "2024-07-31"}).content
    assert b"No entries were posted from 01-07-2024 to 31-07-2024" in page


def test_the_page_is_read_in_a_fixed_number_of_queries(signed_in, books, django_assert_num_queries):
    signed_in.get(URL, QUARTER)
    with django_assert_num_queries(PAGE_QUERIES + 2):  # the entries, then their lines
        signed_in.get(URL, QUARTER)
