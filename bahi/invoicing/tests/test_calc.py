from datetime import date
from decimal import Decimal

import pytest

from bahi.core.errors import InvalidInput
from bahi.invoicing.calc import (
    Gstr1Facts,
    PostingAmounts,
    check_series,
    format_document_number,
    gstr1_section,
    line_taxable_value,
    posting_rows,
    quantity_to_milli,
)


def test_document_number_fills_sixteen_characters():
    assert format_document_number("INV", "2025-26", 123) == "INV/25-26/000123"
    assert format_document_number("PDN", "2025-26", 7) == "PDN/25-26/000007"
    assert len(format_document_number("ABCDE", "2025-26", 1)) == 16


def test_document_number_beyond_sixteen_characters_is_refused():
    with pytest.raises(InvalidInput, match="Rule 46"):
        format_document_number("ABCDE", "2025-26", 10_000)


@pytest.mark.parametrize("series", ["0INV", "inv", "INV/", "ABCDEF", ""])
def test_series_must_be_short_uppercase_and_not_start_with_zero(series):
    with pytest.raises(InvalidInput):
        check_series(series)


def test_taxable_value_rounds_quantity_times_rate_half_up_then_takes_the_discount():
    milli = quantity_to_milli(Decimal("12.5"), line=1)
    assert milli == 12500
    assert line_taxable_value(milli, Decimal("333.33"), Decimal("0.63"), line=1) == Decimal(
        "4166.00"
    )


def _amounts(**changes: object) -> PostingAmounts:
    values: dict[str, object] = {
        "taxable_goods": Decimal("1000.00"),
        "taxable_services": Decimal("0.00"),
        "cgst": Decimal("90.00"),
        "sgst": Decimal("90.00"),
        "igst": Decimal("0.00"),
        "cess": Decimal("0.00"),
        "round_off": Decimal("0.00"),
        "total": Decimal("1180.00"),
        "reverse_charge": False,
    }
    values.update(changes)
    return PostingAmounts(**values)  # type: ignore[arg-type]


def test_credit_note_posts_the_mirror_of_an_invoice():
    invoice = posting_rows("sales_invoice", _amounts())
    note = posting_rows("credit_note", _amounts())
    assert note == [(role, party, -amount) for role, party, amount in invoice]
    assert sum(amount for _, _, amount in invoice) == 0


def test_reverse_charge_sale_posts_no_output_tax():
    rows = posting_rows("sales_invoice", _amounts(total=Decimal("1000.00"), reverse_charge=True))
    assert rows == [
        ("sundry_debtors", True, Decimal("1000.00")),
        ("sales", False, Decimal("-1000.00")),
    ]


def test_purchase_rounding_down_credits_round_off():
    rows = posting_rows(
        "purchase_bill", _amounts(total=Decimal("1179.00"), round_off=Decimal("-1.00"))
    )
    assert ("round_off", False, Decimal("-1.00")) in rows
    assert sum(amount for _, _, amount in rows) == 0


def _facts(**changes):
    values = {
        "kind": "sales_invoice",
        "gst_treatment": "unregistered",
        "supply_type": "regular",
        "is_inter_state": True,
        "invoice_value_paise": 1_00_000_01,
        "invoice_date": date(2025, 10, 1),
    }
    values.update(changes)
    return Gstr1Facts(**values)


@pytest.mark.parametrize(
    ("changes", "section"),
    [
        ({}, "b2cl"),
        ({"invoice_value_paise": 1_00_000_00}, "b2cs"),  # not above the limit
        ({"is_inter_state": False, "invoice_value_paise": 9_00_000_00}, "b2cs"),
        ({"gst_treatment": "consumer"}, "b2cl"),
        # Up to 31 Jul 2024 the limit was 2.5 lakh.
        ({"invoice_date": date(2024, 7, 31), "invoice_value_paise": 2_00_000_00}, "b2cs"),
        ({"invoice_date": date(2024, 8, 1), "invoice_value_paise": 2_00_000_00}, "b2cl"),
        ({"invoice_date": date(2024, 7, 31), "invoice_value_paise": 2_50_000_01}, "b2cl"),
        ({"gst_treatment": "regular"}, "b2b"),
        ({"gst_treatment": "composition"}, "b2b"),
        ({"gst_treatment": "sez", "supply_type": "sez_lut"}, "b2b"),
        ({"gst_treatment": "deemed_export", "supply_type": "deemed_export"}, "b2b"),
        ({"gst_treatment": "overseas", "supply_type": "export_lut"}, "exp"),
        ({"kind": "bill_of_supply"}, "nil"),
        ({"kind": "credit_note", "gst_treatment": "regular"}, "cdnr"),
        ({"kind": "debit_note"}, "cdnur"),
        ({"kind": "credit_note", "invoice_value_paise": 50_000_00}, "b2cs"),
        ({"kind": "purchase_bill", "gst_treatment": "regular"}, ""),
    ],
)
def test_gstr1_section_of_a_sales_document(changes, section):
    assert gstr1_section(_facts(**changes)) == section
