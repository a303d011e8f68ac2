"""A small trading year for the dashboard, shared by its view and browser tests. The company
(root conftest) is in Maharashtra and its books begin on 1 Apr 2024."""

from collections.abc import Callable
from datetime import date

from bahi.ledger.models import JournalEntry, Party

AS_OF = date(2024, 6, 30)


def post_sample_books(
    post: Callable[..., JournalEntry], party: Callable[..., Party]
) -> dict[str, object]:
    """Capital 5,00,000 into the bank, 20,000 drawn as cash; three sales to Pune Hardware (April,
    May, June) and one to Nashik Steel in June, with 9% + 9% GST; Pune pays 1,18,000 on 1 June;
    a purchase on credit from Mumbai Metals with 18% IGST; rent paid in cash."""
    pune = party("Pune Hardware", is_customer=True)
    nashik = party("Nashik Steel", is_customer=True)
    mumbai = party("Mumbai Metals", is_supplier=True)
    post(date(2024, 4, 1), [("bank", "500000.00", ""), ("capital", "", "500000.00")])
    post(date(2024, 4, 2), [("cash", "20000.00", ""), ("bank", "", "20000.00")])
    for day, taxable, tax, gross, customer in (
        (date(2024, 4, 10), "100000.00", "9000.00", "118000.00", pune),  # 81 days old on 30 Jun
        (date(2024, 5, 20), "50000.00", "4500.00", "59000.00", pune),  # 41 days
        (date(2024, 6, 25), "20000.00", "1800.00", "23600.00", pune),  # 5 days
        (date(2024, 6, 28), "10000.00", "900.00", "11800.00", nashik),  # 2 days
    ):
        post(
            day,
            [
                ("sundry_debtors", gross, "", customer.id),
                ("sales", "", taxable),
                ("gst_output_cgst", "", tax),
                ("gst_output_sgst", "", tax),
            ],
            narration=f"Sale to {customer.name}",
        )
    post(
        date(2024, 6, 1),
        [("bank", "118000.00", ""), ("sundry_debtors", "", "118000.00", pune.id)],
    )
    post(
        date(2024, 6, 5),
        [
            ("purchases", "40000.00", ""),
            ("gst_input_igst", "7200.00", ""),
            ("sundry_creditors", "", "47200.00", mumbai.id),
        ],
    )
    last: JournalEntry = post(
        date(2024, 6, 30), [("rent", "15000.00", ""), ("cash", "", "15000.00")], narration="Rent"
    )
    return {"pune": pune, "nashik": nashik, "mumbai": mumbai, "last": last}
