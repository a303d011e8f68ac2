"""CSV: rows grouped into entries by voucher; accounts by code or path; parties by name."""

from datetime import date

import pytest

from bahi.ledger.formats import ImportFailed, import_books
from bahi.ledger.models import JournalEntry, JournalLine, Party

pytestmark = pytest.mark.django_db


def test_imports_rows_grouped_by_voucher_with_codes_paths_and_parties(
    company, admin_user, write_file
):
    path = write_file(
        "books.csv",
        (
            "\ufeffDate,Voucher,Narration,Account,Party,Debit,Credit,Description\n"
            '01-04-2024,S-1,Sale to Mehta,1230,Mehta Stores,"₹1,180.00",,\n'
            "01-04-2024,S-1,,Income:Sales:Sales - goods,,,1000\n"
            "01-04-2024,S-1,,2221,,,INR 90.00,CGST 9%\n"
            "01-04-2024,S-1,,2222,,-90.00,,SGST 9%\n"
            "\n"
            "2024-04-02,S-2,Receipt,1221,,1180.00,,\n"
            "2024-04-02,S-2,,1230,Mehta Stores,,1180.00,\n"
        ),
    )

    summary = import_books(company=company, actor=admin_user, path=path)

    assert (summary.entries, summary.lines, summary.parties_created) == (2, 6, 1)
    sale, receipt = JournalEntry.objects.filter(company=company).order_by("entry_date")
    assert (sale.entry_date, sale.narration, receipt.narration) == (
        date(2024, 4, 1),
        "Sale to Mehta",
        "Receipt",
    )
    assert list(
        sale.lines.order_by("line_no").values_list(
            "account__code", "party__name", "debit_paise", "credit_paise", "description"
        )
    ) == [
        ("1230", "Mehta Stores", 118000, 0, ""),
        ("4110", None, 0, 100000, ""),
        ("2221", None, 0, 9000, "CGST 9%"),
        ("2222", None, 0, 9000, "SGST 9%"),
    ]
    assert Party.objects.get(company=company).is_customer is True


def test_unbalanced_voucher_names_its_first_row(company, admin_user, write_file):
    path = write_file(
        "books.csv",
        (
            "date,voucher,account,debit,credit\n"
            "2024-04-01,7,1211,100.00,\n"
            "2024-04-01,7,3100,,99.99\n"
        ),
    )

    with pytest.raises(ImportFailed) as raised:
        import_books(company=company, actor=admin_user, path=path)

    assert raised.value.message == (
        "books.csv:2: voucher 7: transaction does not balance: debits 100.00, credits 99.99"
    )
    assert JournalLine.objects.filter(company=company).count() == 0


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "books.csv:1: the file is empty: a header row is required"),
        ("date,voucher,account,debit\n", "books.csv:1: missing column(s): credit"),
        (
            "date,voucher,account,debit,credit,amount\n",
            "books.csv:1: unknown column 'amount' "
            "(the columns are: date, voucher, narration, account, party, debit, credit, "
            "description)",
        ),
        (
            "date,voucher,account,debit,credit\n2024-04-01,1,1211,5,5\n",
            "books.csv:2: give either a debit or a credit, not both",
        ),
        (
            "date,voucher,account,debit,credit\n2024-04-01,1,5500,5,\n2024-04-01,1,1211,,5\n",
            "books.csv:2: account 5500 Other expenses is a group: name one of its ledgers",
        ),
        (
            "date,voucher,account,debit,credit\n2024-04-01,1,1211,5,\n2024-04-02,1,3100,,5\n",
            "books.csv:3: voucher 1 is dated 2024-04-01 on line 2 but 2024-04-02 here",
        ),
        (
            "date,voucher,account,debit,credit\n2024-04-01,1,1211,5,,x\n",
            "books.csv:2: the row has 6 cells; the header has 5",
        ),
    ],
)
def test_malformed_csv_is_refused_with_file_and_line(
    company, admin_user, write_file, text, message
):
    path = write_file("books.csv", text)

    with pytest.raises(ImportFailed) as raised:
        import_books(company=company, actor=admin_user, path=path)

    assert raised.value.message == message
