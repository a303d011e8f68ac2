"""Export each format, import it into an empty company: the trial balance is the same."""

import csv
import io
from datetime import date

import pytest

from bahi.ledger.formats import Format, build_path_balances, export_books, import_books
from bahi.ledger.models import JournalEntry, JournalLine

pytestmark = pytest.mark.django_db

EXTENSIONS = {Format.CSV: "csv", Format.JOURNAL: "journal", Format.BEANCOUNT: "beancount"}


def export_text(company, actor, file_format, **kwargs) -> str:
    out = io.StringIO()
    export_books(company=company, actor=actor, file_format=file_format, out=out, **kwargs)
    return out.getvalue()


@pytest.mark.parametrize("file_format", list(Format))
def test_reimporting_an_export_gives_the_same_trial_balance(
    file_format, books, fresh_company, admin_user, write_file
):
    text = export_text(books, admin_user, file_format)
    path = write_file(f"books.{EXTENSIONS[file_format]}", text)

    summary = import_books(company=fresh_company, actor=admin_user, path=path)

    assert summary.entries == JournalEntry.objects.filter(company=books).count() == 9
    assert summary.lines == JournalLine.objects.filter(company=books).count() == 23
    original = build_path_balances(company=books)
    assert build_path_balances(company=fresh_company) == original
    assert original["Assets:Current assets:Bank accounts:Bank account"] == 47398280
    assert original["Liabilities:Current liabilities:Sundry creditors:Gupta & Sons- Wholesale"] == (
        -6800000
    )
    assert original["Expenses:Other expenses:Office rent:Ravi's Agencies"] == 1200000
    assert sum(original.values()) == 0


def test_imported_books_keep_parties_narrations_and_descriptions(
    books, fresh_company, admin_user, write_file
):
    path = write_file("books.journal", export_text(books, admin_user, Format.JOURNAL))

    import_books(company=fresh_company, actor=admin_user, path=path)

    office_line = JournalLine.objects.get(company=fresh_company, account__name="Office rent")
    assert office_line.party.name == "Ravi's Agencies"
    assert office_line.description == "Landlord: Ravi's Agencies"
    assert office_line.account.code == "5500.1"
    assert office_line.account.schedule_iii == "PL_OTHER_EXPENSES"
    parties = fresh_company.parties.order_by("name").values_list(
        "name", "is_customer", "is_supplier"
    )
    assert list(parties) == [
        ("Gupta & Sons: Wholesale", False, True),
        ("Mehta Stores", True, False),
        ("Ravi's Agencies", False, False),
    ]
    narrations = list(
        JournalEntry.objects.filter(company=fresh_company)
        .order_by("entry_date", "id")
        .values_list("narration", flat=True)[:3]
    )
    assert narrations == [
        "Capital introduced by the promoters",
        'Purchase bill 17, "urgent" stock',
        "Sales invoice 1 second line",
    ]


def test_beancount_round_trip_keeps_narrations_exactly(
    books, fresh_company, admin_user, write_file
):
    path = write_file("books.beancount", export_text(books, admin_user, Format.BEANCOUNT))

    import_books(company=fresh_company, actor=admin_user, path=path)

    original = JournalEntry.objects.filter(company=books).order_by("entry_date", "id")
    imported = JournalEntry.objects.filter(company=fresh_company).order_by("entry_date", "id")
    assert list(imported.values_list("narration", flat=True)) == list(
        original.values_list("narration", flat=True)
    )


def test_export_limits_entries_to_the_date_range(books, admin_user):
    text = export_text(
        books, admin_user, Format.CSV, date_from=date(2024, 4, 5), date_to=date(2024, 4, 10)
    )

    vouchers = {row["voucher"] for row in csv.DictReader(io.StringIO(text))}
    assert vouchers == {"JV/2024-25/000003", "JV/2024-25/000004", "JV/2024-25/000005"}
