"""A small set of realistic books to export, and an empty company to import them into."""

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from bahi.identity.models import Company
from bahi.ledger.models import Account
from bahi.ledger.services import (
    create_account,
    create_company_with_books,
    create_party,
    post_journal_entry,
    reverse_journal_entry,
)
from bahi.ledger.types import EntryInput, LineInput

BOOKS_BEGIN = date(2024, 4, 1)


@pytest.fixture
def books(company, admin_user, account, post) -> Company:
    """A trader's first weeks: capital, a credit purchase and sale with GST, receipts and
    payments, a custom ledger with a party line, and a reversal."""
    mehta = create_party(company=company, actor=admin_user, name="Mehta Stores", is_customer=True)
    gupta = create_party(
        company=company, actor=admin_user, name="Gupta & Sons: Wholesale", is_supplier=True
    )
    ravi = create_party(company=company, actor=admin_user, name="Ravi's Agencies")
    other_expenses = Account.objects.get(company=company, code="5500")
    office = create_account(
        company=company, actor=admin_user, code="5501", name="Office rent", parent=other_expenses
    )
    post(
        date(2024, 4, 1),
        [("bank", "500000.00", ""), ("capital", "", "500000.00")],
        narration="Capital introduced by the promoters",
    )
    post(
        date(2024, 4, 3),
        [
            ("purchases", "100000.00", ""),
            ("gst_input_cgst", "9000.00", ""),
            ("gst_input_sgst", "9000.00", ""),
            ("sundry_creditors", "", "118000.00", gupta.id),
        ],
        narration='Purchase bill 17; "urgent" stock',
    )
    post(
        date(2024, 4, 5),
        [
            ("sundry_debtors", "59000.50", "", mehta.id),
            ("sales", "", "50000.50"),
            ("gst_output_cgst", "", "4500.00"),
            ("gst_output_sgst", "", "4500.00"),
        ],
        narration="Sales invoice 1\nsecond line",
    )
    post(
        date(2024, 4, 9),
        [("bank", "59000.50", ""), ("sundry_debtors", "", "59000.50", mehta.id)],
        narration="Receipt from Mehta Stores",
    )
    post(
        date(2024, 4, 10),
        [("sundry_creditors", "50000.00", "", gupta.id), ("bank", "", "50000.00")],
        narration="Part payment to Gupta",
    )
    post(
        date(2024, 4, 30),
        [("salaries", "35000.00", ""), ("bank_charges", "17.70", ""), ("bank", "", "35017.70")],
        narration="April salaries",
    )
    rent = post(
        date(2024, 5, 1), [("rent", "12000.00", ""), ("cash", "", "12000.00")], narration="Rent"
    )
    reverse_journal_entry(
        company=company,
        actor=admin_user,
        entry_id=rent.id,
        reversal_date=date(2024, 5, 2),
        reason="booked to the wrong ledger",
    )
    post_journal_entry(
        company=company,
        actor=admin_user,
        entry=EntryInput(
            entry_date=date(2024, 5, 2),
            narration="Office rent for May",
            lines=(
                LineInput(
                    account_id=office.id,
                    debit=Decimal("12000.00"),
                    party_id=ravi.id,
                    description="Landlord: Ravi's Agencies",
                ),
                LineInput(account_id=account("cash").id, credit=Decimal("12000.00")),
            ),
        ),
    )
    return company


@pytest.fixture
def fresh_company(admin_user) -> Company:
    return create_company_with_books(
        owner=admin_user,
        legal_name="Fresh Books Pvt Ltd",
        state_code="27",
        books_begin_date=BOOKS_BEGIN,
    )


@pytest.fixture
def write_file(tmp_path):
    """write_file("books.journal", text) -> the path of a file with that text."""

    def write(name: str, text: str) -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write
