"""Beancount files from other tools: open directives create accounts, the rest is ignored."""

import pytest

from bahi.ledger.formats import Format, ImportFailed, import_books
from bahi.ledger.models import Account, JournalEntry, JournalLine

pytestmark = pytest.mark.django_db

BEANCOUNT_FILE = """\
option "title" "Household"
option "operating_currency" "INR"
plugin "beancount.plugins.auto_accounts"
* Accounts
2024-04-01 commodity INR
2024-04-01 open Assets:Bank:ICICI INR
2024-04-01 open Expenses:Groceries
  description: "Food and supplies"
2024-04-01 open Expenses:Unused

2024-04-02 * "Big Bazaar" "Weekly shopping; \\"fresh\\" stuff"  #food
  receipt: "R-42"
  Expenses:Groceries   2,500.00 INR ; card
  Assets:Bank:ICICI

2024-04-03 txn "Salary"
  Assets:Bank:ICICI    50000 INR
  Income:Salary       -50000 INR

2024-04-04 balance Assets:Bank:ICICI  47500.00 INR
2024-04-04 price USD 83.10 INR
"""


def test_imports_transactions_and_opens_ignoring_other_directives(company, admin_user, write_file):
    path = write_file("home.bean", BEANCOUNT_FILE)

    summary = import_books(company=company, actor=admin_user, path=path)

    assert (summary.file_format, summary.entries, summary.lines) == (Format.BEANCOUNT, 2, 4)
    assert Account.objects.filter(company=company, name="Unused", is_group=False).exists()
    shopping = JournalEntry.objects.get(company=company, narration__startswith="Big Bazaar")
    assert shopping.narration == 'Big Bazaar - Weekly shopping; "fresh" stuff'
    icici = Account.objects.get(company=company, name="ICICI")
    assert list(
        JournalLine.objects.filter(account=icici)
        .order_by("entry_date")
        .values_list("debit_paise", "credit_paise")
    ) == [(0, 250000), (5000000, 0)]


def test_pad_directive_is_refused(company, admin_user, write_file):
    path = write_file("home.beancount", "2024-04-01 pad Assets:Bank Equity:Opening\n")

    with pytest.raises(ImportFailed) as raised:
        import_books(company=company, actor=admin_user, path=path)

    assert raised.value.message == (
        "home.beancount:1: `pad` is not supported; write the padding transaction out"
    )


def test_unbalanced_beancount_transaction_names_its_header_line(company, admin_user, write_file):
    path = write_file(
        "home.beancount",
        ('2024-04-02 * "Rent"\n  Expenses:Rent  100.00 INR\n  Assets:Cash   -90.00 INR\n'),
    )

    with pytest.raises(ImportFailed) as raised:
        import_books(company=company, actor=admin_user, path=path)

    assert raised.value.message == (
        "home.beancount:1: transaction does not balance: debits 100.00, credits 90.00"
    )
