"""hledger/ledger journals from other tools map onto the chart."""

from datetime import date

import pytest

from bahi.ledger.formats import import_books
from bahi.ledger.models import Account, JournalEntry, JournalLine

pytestmark = pytest.mark.django_db

HLEDGER_FILE = """\
; A journal as hledger users write it
commodity INR 1,000.00
account Assets:Bank:HDFC
account Liabilities:Credit card

P 2024-04-01 USD INR 83.00

comment
This block is ignored.
end comment

2024-04-01 * (101) Opening balance  ; imported
    ; a transaction comment
    Assets:Bank:HDFC          INR 1,00,000.00 = INR 1,00,000.00
    Equity:Opening balances

2024/04/05 ! Office rent | April
    Expenses:Rent             ₹12,000.00  ; paid by NEFT
    Assets:Bank:HDFC

2024-04-06 Shop sale
    Assets:Bank:HDFC          5000 INR
    Revenue:Shop sales       -5000 INR

~ monthly from 2024-05-01
    Expenses:Rent      INR 12000
    Assets:Bank:HDFC
"""


def test_imports_an_hledger_journal_creating_groups_and_ledgers(company, admin_user, write_file):
    path = write_file("personal.hledger", HLEDGER_FILE)

    summary = import_books(company=company, actor=admin_user, path=path)

    assert (summary.entries, summary.lines, summary.accounts_created) == (3, 6, 6)
    hdfc = Account.objects.get(company=company, name="HDFC")
    bank = hdfc.parent
    assert (bank.name, bank.code, bank.is_group, bank.schedule_iii) == (
        "Bank",
        "1000.1",
        True,
        "CA_CASH",
    )
    assert (hdfc.code, hdfc.is_group, hdfc.schedule_iii, hdfc.nature) == (
        "1000.1.1",
        False,
        "CA_CASH",
        "asset",
    )
    card = Account.objects.get(company=company, name="Credit card")
    assert (card.parent.code, card.schedule_iii, card.is_group) == ("2000", "CL_BORROWINGS", False)
    shop = Account.objects.get(company=company, name="Shop sales")
    assert (shop.parent.code, shop.nature, shop.schedule_iii) == ("4000", "income", "PL_REVENUE")
    rent = Account.objects.get(company=company, name="Rent", parent__name="Expenses")
    assert rent.schedule_iii == "PL_OTHER_EXPENSES"
    opening = Account.objects.get(company=company, name="Opening balances", parent__code="3000")
    assert (opening.code, opening.schedule_iii) == ("3000.1", "EQ_RESERVES")
    assert JournalLine.objects.get(company=company, account=opening).credit_paise == 10000000
    hdfc_lines = JournalLine.objects.filter(company=company, account=hdfc).order_by("entry_date")
    assert list(hdfc_lines.values_list("debit_paise", "credit_paise")) == [
        (10000000, 0),
        (0, 1200000),
        (500000, 0),
    ]
    rent_entry = JournalEntry.objects.get(company=company, entry_date=date(2024, 4, 5))
    assert rent_entry.narration == "Office rent | April"
    assert rent_entry.lines.get(account=rent).description == "paid by NEFT"


def test_posting_to_an_existing_group_uses_a_ledger_of_the_same_name(
    company, admin_user, write_file
):
    path = write_file(
        "books.journal",
        (
            "2024-04-02 Misc\n"
            "    Expenses:Other expenses     INR 10.00\n"
            "    Assets:Current-assets:Cash-in-hand:Cash\n"
        ),
    )

    import_books(company=company, actor=admin_user, path=path)

    ledger = Account.objects.get(company=company, name="Other expenses", is_group=False)
    assert (ledger.parent.code, ledger.code, ledger.schedule_iii) == (
        "5500",
        "5500.1",
        "PL_OTHER_EXPENSES",
    )
    cash = Account.objects.get(company=company, system_role="cash")
    assert JournalLine.objects.get(company=company, account=cash).credit_paise == 1000


def test_path_past_an_existing_ledger_names_a_party(company, admin_user, write_file):
    path = write_file(
        "books.journal",
        (
            "2024-04-02 Sale on credit\n"
            "    Assets:Current assets:Sundry debtors:Joshi Traders    INR 590.00\n"
            "    Income:Sales:Sales - goods\n"
        ),
    )

    import_books(company=company, actor=admin_user, path=path)

    line = JournalLine.objects.get(company=company, account__system_role="sundry_debtors")
    assert (line.party.name, line.party.is_customer, line.debit_paise) == (
        "Joshi Traders",
        True,
        59000,
    )


def test_reports_progress_in_bytes_for_both_passes(company, admin_user, write_file):
    path = write_file("personal.hledger", HLEDGER_FILE)
    updates = []

    import_books(company=company, actor=admin_user, path=path, on_progress=updates.append)

    size = path.stat().st_size
    assert {update.bytes_total for update in updates} == {size}
    assert [update.stage for update in updates][0] == "reading"
    assert (updates[-1].stage, updates[-1].bytes_done) == ("posting", size)
    assert all(0 <= update.bytes_done <= size for update in updates)


def test_account_used_as_both_ledger_and_parent_becomes_a_group_with_a_ledger_of_its_name(
    company, admin_user, write_file
):
    path = write_file(
        "books.journal",
        (
            "2024-04-02 Lunch\n"
            "    Expenses:Food            INR 300.00\n"
            "    Expenses:Food:Groceries  INR 200.00\n"
            "    Assets:Cash:Wallet\n"
        ),
    )

    import_books(company=company, actor=admin_user, path=path)

    food = Account.objects.get(company=company, name="Food", is_group=True)
    assert (food.code, food.parent.code) == ("5000.1", "5000")
    ledgers = Account.objects.filter(company=company, parent=food).order_by("code")
    assert list(ledgers.values_list("code", "name", "is_group")) == [
        ("5000.1.1", "Food", False),
        ("5000.1.2", "Groceries", False),
    ]
    assert list(
        JournalLine.objects.filter(company=company, account__parent=food)
        .order_by("account__code")
        .values_list("debit_paise", flat=True)
    ) == [30000, 20000]
