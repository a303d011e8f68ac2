"""A bad file names its file, line and reason, and leaves the books exactly as they were."""

import pytest

from bahi.ledger.formats import AlreadyImported, ImportFailed, import_books
from bahi.ledger.models import Account, JournalEntry, JournalLine, Party

pytestmark = pytest.mark.django_db

GOOD_JOURNAL = """\
2024-04-02 Opening cash
    Assets:Cash:Petty cash      INR 5,000.00
    Equity:Capital

"""


def snapshot(company):
    return (
        JournalEntry.objects.filter(company=company).count(),
        JournalLine.objects.filter(company=company).count(),
        Account.objects.filter(company=company).count(),
        Party.objects.filter(company=company).count(),
    )


def import_failure(company, admin_user, path) -> ImportFailed:
    before = snapshot(company)
    with pytest.raises(ImportFailed) as raised:
        import_books(company=company, actor=admin_user, path=path)
    assert snapshot(company) == before
    return raised.value


def test_unbalanced_transaction_names_file_line_and_totals(company, admin_user, write_file):
    path = write_file(
        "books.journal",
        GOOD_JOURNAL
        + (
            "2024-04-03 Rent\n"
            "    Expenses:Office:Rent     INR 100.00\n"
            "    Assets:Cash:Petty cash   INR -99.99\n"
        ),
    )

    error = import_failure(company, admin_user, path)

    assert error.message == (
        "books.journal:5: transaction does not balance: debits 100.00, credits 99.99"
    )
    assert error.details == {
        "file": "books.journal",
        "line": 5,
        "reason": "transaction does not balance: debits 100.00, credits 99.99",
    }


def test_unknown_date_format_names_the_row(company, admin_user, write_file):
    path = write_file(
        "books.csv",
        (
            "date,voucher,narration,account,party,debit,credit\n"
            "02-04-2024,1,Opening cash,Assets:Cash:Petty cash,,5000.00,\n"
            "02-04-2024,1,Opening cash,Equity:Capital,,,5000.00\n"
            "2024.04.03,2,Rent,Expenses:Rent,,100.00,\n"
        ),
    )

    error = import_failure(company, admin_user, path)

    assert error.message == (
        "books.csv:4: unknown date format '2024.04.03' (use YYYY-MM-DD or DD-MM-YYYY)"
    )


def test_commodity_other_than_inr_is_refused(company, admin_user, write_file):
    path = write_file(
        "books.beancount",
        (
            "2024-04-01 open Assets:Bank:HDFC\n"
            "2024-04-01 open Equity:Capital\n"
            "\n"
            '2024-04-02 * "Dollar deposit"\n'
            "  Assets:Bank:HDFC   100.00 USD\n"
            "  Equity:Capital\n"
        ),
    )

    error = import_failure(company, admin_user, path)

    assert error.message == (
        "books.beancount:5: commodity USD is not INR: Bahi keeps books in rupees only"
    )


@pytest.mark.parametrize(
    ("amount", "reason"),
    [
        ("INR 12,34,5x", "bad amount 'INR 12,34,5x'"),
        ("INR 1.005", "bad amount 'INR 1.005': more than two decimal places"),
        ("1.234,50 INR", "bad amount '1.234,50 INR'"),
    ],
)
def test_bad_amount_names_the_posting_line(company, admin_user, write_file, amount, reason):
    path = write_file(
        "books.journal",
        GOOD_JOURNAL
        + (f"2024-04-03 Rent\n    Expenses:Rent     {amount}\n    Assets:Cash:Petty cash\n"),
    )

    error = import_failure(company, admin_user, path)

    assert error.message == f"books.journal:6: {reason}"


def test_ledger_error_after_accounts_were_created_rolls_everything_back(
    company, admin_user, write_file
):
    """Accounts are created between the passes; an entry the ledger refuses undoes them."""
    path = write_file(
        "books.journal",
        GOOD_JOURNAL
        + (
            "2024-03-31 Before the books begin\n"
            "    Expenses:Travel:Taxi    INR 250.00\n"
            "    Assets:Cash:Petty cash\n"
        ),
    )

    error = import_failure(company, admin_user, path)

    assert error.message == ("books.journal:5: 31-03-2024 is before the books begin (01-04-2024)")
    assert error.details["ledger_code"] == "date_outside_books"


def test_control_account_without_party_names_the_posting_line(company, admin_user, write_file):
    path = write_file(
        "books.journal",
        (
            "2024-04-02 Sale\n"
            "    Income:Sales:Sales - goods     INR -100.00\n"
            "    Assets:Current assets:Sundry debtors\n"
        ),
    )

    error = import_failure(company, admin_user, path)

    assert error.message == ("books.journal:3: Sundry debtors is a control account; name the party")


def test_two_omitted_amounts_are_refused(company, admin_user, write_file):
    path = write_file("books.journal", ("2024-04-02 Sale\n    Assets:Cash\n    Income:Sales\n"))

    error = import_failure(company, admin_user, path)

    assert error.message == (
        "books.journal:1: only one posting may omit its amount (lines 2, 3 do)"
    )


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("alias Bank = Assets:Bank\n", "account aliases are not supported; rename the accounts"),
        ("include other.journal\n", "`include` is not supported; join the files into one"),
        ("= expr:Expenses\n    Assets:Cash  *-1\n", "automated postings (=) are not supported"),
        ("frobnicate yes\n", "unknown directive 'frobnicate'"),
    ],
)
def test_directives_that_change_meaning_are_refused(company, admin_user, write_file, text, reason):
    path = write_file("books.journal", GOOD_JOURNAL + text)

    error = import_failure(company, admin_user, path)

    assert error.message.startswith(f"books.journal:5: {reason}")


def test_unknown_root_account_is_refused_at_its_first_use(company, admin_user, write_file):
    path = write_file(
        "books.journal",
        GOOD_JOURNAL
        + ("2024-04-03 Odd\n    Stuff:Things    INR 1.00\n    Assets:Cash:Petty cash\n"),
    )

    error = import_failure(company, admin_user, path)

    assert error.message.startswith("books.journal:6: unknown account 'Stuff:Things'")


def test_same_file_is_not_imported_twice(company, admin_user, write_file):
    path = write_file("books.journal", GOOD_JOURNAL)
    import_books(company=company, actor=admin_user, path=path)
    before = snapshot(company)

    with pytest.raises(AlreadyImported) as raised:
        import_books(company=company, actor=admin_user, path=path)

    assert raised.value.message == (
        "books.journal: this file was already imported into Sharma Traders Pvt Ltd "
        "(its first entry is JV/2024-25/000001)"
    )
    assert snapshot(company) == before


def test_ledger_error_deep_in_a_large_file_names_its_line(company, admin_user, write_file):
    """Past the first batches (2,000 entries each) the error still maps to its source line."""
    entry = "2024-04-02 Tea\n    Expenses:Staff welfare:Tea    INR 10.00\n    Assets:Cash:Petty\n\n"
    late = (
        "2024-03-01 Too early\n    Expenses:Staff welfare:Tea    INR 10.00\n    Assets:Cash:Petty\n"
    )
    path = write_file("big.journal", entry * 4500 + late)

    error = import_failure(company, admin_user, path)

    assert error.message == "big.journal:18001: 01-03-2024 is before the books begin (01-04-2024)"
