"""A month of an accountant's workbook for Sharma Traders (April 2024), used by the report tests.

01-04  Capital introduced into the bank                         5,00,000.00
05-04  Goods bought from Gupta Suppliers, 18% GST intra-state   1,00,000.00 + 18,000.00
10-04  Goods sold to Mehta Retail, 18% GST intra-state          1,50,000.00 + 27,000.00
15-04  April rent paid from the bank                               25,000.00
20-04  Bank charges                                                   118.50
25-04  April rent posted a second time by mistake                  25,000.00
26-04  ... and reversed
28-04  Paid Gupta Suppliers                                        50,000.00
30-04  Received from Mehta Retail                                1,00,000.00
"""

from dataclasses import dataclass
from datetime import date

import pytest

from bahi.ledger.models import JournalEntry, Party
from bahi.ledger.services import create_party, reverse_journal_entry


@dataclass
class Workbook:
    supplier: Party
    customer: Party
    entries: list[JournalEntry]


@pytest.fixture
def workbook(company, admin_user, post) -> Workbook:
    supplier = create_party(
        company=company, actor=admin_user, name="Gupta Suppliers", is_supplier=True
    )
    customer = create_party(
        company=company, actor=admin_user, name="Mehta Retail", is_customer=True
    )
    entries = _capital_purchase_sale_and_expenses(post, supplier, customer)
    duplicate = post(
        date(2024, 4, 25),
        [("rent", "25000.00", ""), ("bank", "", "25000.00")],
        narration="April rent",
    )
    entries.append(duplicate)
    entries.append(
        reverse_journal_entry(
            company=company,
            actor=admin_user,
            entry_id=duplicate.id,
            reversal_date=date(2024, 4, 26),
            reason="posted twice",
        )
    )
    entries.append(
        post(
            date(2024, 4, 28),
            [("sundry_creditors", "50000.00", "", supplier.id), ("bank", "", "50000.00")],
            narration="Paid Gupta Suppliers",
        )
    )
    entries.append(
        post(
            date(2024, 4, 30),
            [("bank", "100000.00", ""), ("sundry_debtors", "", "100000.00", customer.id)],
            narration="Received from Mehta Retail",
        )
    )
    return Workbook(supplier, customer, entries)


def _capital_purchase_sale_and_expenses(post, supplier, customer) -> list[JournalEntry]:
    return [
        post(
            date(2024, 4, 1),
            [("bank", "500000.00", ""), ("capital", "", "500000.00")],
            narration="Capital introduced",
        ),
        post(
            date(2024, 4, 5),
            [
                ("purchases", "100000.00", ""),
                ("gst_input_cgst", "9000.00", ""),
                ("gst_input_sgst", "9000.00", ""),
                ("sundry_creditors", "", "118000.00", supplier.id),
            ],
            narration="Purchase bill GS/101",
        ),
        post(
            date(2024, 4, 10),
            [
                ("sundry_debtors", "177000.00", "", customer.id),
                ("sales", "", "150000.00"),
                ("gst_output_cgst", "", "13500.00"),
                ("gst_output_sgst", "", "13500.00"),
            ],
            narration="Tax invoice ST/001",
        ),
        post(
            date(2024, 4, 15),
            [("rent", "25000.00", ""), ("bank", "", "25000.00")],
            narration="April rent",
        ),
        post(
            date(2024, 4, 20),
            [("bank_charges", "118.50", ""), ("bank", "", "118.50")],
            narration="Bank charges",
        ),
    ]
