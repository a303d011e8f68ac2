"""Sales and purchase registers over the October 2025 books (bahi/reports/tests/gst_books.py)."""

from datetime import date

import pytest

from bahi.core.errors import InvalidInput
from bahi.reports.errors import InvalidReportPeriod
from bahi.reports.selectors import build_register, build_register_totals, iter_register_rows
from bahi.reports.tests.gst_books import OCTOBER
from bahi.reports.types import RegisterAmounts

pytestmark = pytest.mark.django_db


def _register(company, side="sales", **kwargs):
    return build_register(
        company=company, side=side, date_from=OCTOBER[0], date_to=OCTOBER[1], **kwargs
    )


def test_sales_register_lists_issued_and_cancelled_documents_by_date_without_drafts(
    company, gst_books
):
    register = _register(company)

    assert [(row.document_number, row.kind, row.status) for row in register.rows] == [
        ("INV/25-26/000001", "sales_invoice", "issued"),
        ("INV/25-26/000002", "sales_invoice", "issued"),
        ("INV/25-26/000003", "sales_invoice", "issued"),
        ("INV/25-26/000004", "sales_invoice", "issued"),
        ("CN/25-26/0000001", "credit_note", "issued"),
        ("INV/25-26/000005", "sales_invoice", "cancelled"),
        ("INV/25-26/000006", "sales_invoice", "issued"),
    ]
    assert register.next_cursor is None


def test_sales_register_rows_carry_the_gst_columns_of_each_supply_type(company, gst_books):
    rows = {row.document_number: row for row in _register(company).rows}

    intra = rows["INV/25-26/000001"]
    assert (intra.party_name, intra.gstin, intra.place_of_supply) == (
        "Pune Hardware",
        "27AAPFU0939F1ZV",
        "27-Maharashtra",
    )
    assert intra.amounts == RegisterAmounts(416663, 37500, 37500, 0, 0, 37, 491700)
    inter = rows["INV/25-26/000002"]
    assert (inter.place_of_supply, inter.amounts) == (
        "29-Karnataka",
        RegisterAmounts(10000000, 0, 0, 1800000, 0, 0, 11800000),
    )
    sez = rows["INV/25-26/000003"]
    assert (sez.supply_type, sez.amounts) == (
        "sez_lut",
        RegisterAmounts(3500000, 0, 0, 0, 0, 0, 3500000),
    )
    export = rows["INV/25-26/000004"]
    assert (export.supply_type, export.place_of_supply, export.gstin) == (
        "export_with_tax",
        "96-Other Countries",
        "",
    )
    assert export.amounts == RegisterAmounts(8500000, 0, 0, 425000, 0, 0, 8925000)


def test_credit_note_counts_negative_and_names_the_invoice_it_adjusts(company, gst_books):
    note = next(row for row in _register(company).rows if row.kind == "credit_note")

    assert (note.kind_label, note.against_number) == ("Credit note", "INV/25-26/000001")
    assert note.amounts == RegisterAmounts(-66666, -6000, -6000, 0, 0, -34, -78700)


def test_sales_register_totals_leave_out_the_cancelled_invoice_to_the_paisa(company, gst_books):
    totals = _register(company).totals

    # 4,917.00 + 1,18,000.00 + 35,000.00 + 89,250.00 - 787.00 + 210.00 (not the cancelled 315.00)
    assert totals.amounts == RegisterAmounts(
        taxable_paise=22369997,
        cgst_paise=32000,
        sgst_paise=32000,
        igst_paise=2225000,
        cess_paise=0,
        round_off_paise=3,
        total_paise=24659000,
    )
    assert (totals.documents, totals.cancelled) == (6, 1)
    by_kind = {total.kind: (total.documents, total.amounts.total_paise) for total in totals.by_kind}
    assert by_kind == {"sales_invoice": (5, 24737700), "credit_note": (1, -78700)}


def test_purchase_register_shows_reverse_charge_and_nets_the_debit_note(company, gst_books):
    register = _register(company, side="purchase")

    rows = [
        (row.document_number, row.reverse_charge, row.reference, row.amounts.total_paise)
        for row in register.rows
    ]
    assert rows == [
        ("PB/25-26/0000001", True, "", 2500000),
        ("PB/25-26/0000002", False, "CA/1187", 7080000),
        ("PDN/25-26/000001", False, "", -3540000),
    ]
    assert register.rows[0].amounts == RegisterAmounts(2500000, 225000, 225000, 0, 0, 0, 2500000)
    assert register.totals.amounts == RegisterAmounts(
        5500000, 225000, 225000, 540000, 0, 0, 6040000
    )
    assert register.rows[2].against_number == "PB/25-26/0000002"


def test_register_pages_continue_from_the_cursor_with_the_same_period_totals(company, gst_books):
    first = _register(company, limit=4)
    second = _register(company, limit=4, after=first.next_cursor)

    assert [row.document_number for row in second.rows] == [
        "CN/25-26/0000001",
        "INV/25-26/000005",
        "INV/25-26/000006",
    ]
    assert second.next_cursor is None
    assert first.totals == second.totals


def test_a_sales_cursor_is_refused_by_the_purchase_register(company, gst_books):
    cursor = _register(company, limit=1).next_cursor

    with pytest.raises(InvalidInput, match="another register"):
        _register(company, side="purchase", after=cursor)


def test_register_page_takes_two_queries_whatever_its_size(
    company, gst_books, django_assert_num_queries
):
    with django_assert_num_queries(2):
        _register(company, limit=1000)
    with django_assert_num_queries(1):
        build_register_totals(
            company=company, side="sales", date_from=OCTOBER[0], date_to=OCTOBER[1]
        )


def test_streamed_register_rows_equal_the_pages_in_one_query(
    company, gst_books, django_assert_num_queries
):
    with django_assert_num_queries(1):
        rows = list(
            iter_register_rows(
                company=company, side="sales", date_from=OCTOBER[0], date_to=OCTOBER[1]
            )
        )

    assert rows == list(_register(company).rows)


def test_register_never_shows_another_companys_documents(company, gst_books):
    other = gst_books.other_company

    assert _register(other).totals.documents == 1
    assert all(row.party_name == "Pune Hardware" for row in _register(other).rows)
    assert "Bengaluru Tech" not in {row.party_name for row in _register(other).rows}
    assert _register(company).totals.amounts.total_paise == 24659000  # not + other's 4,72,000


def test_register_refuses_a_period_that_ends_before_it_starts(company):
    with pytest.raises(InvalidReportPeriod):
        build_register(
            company=company, side="sales", date_from=date(2025, 10, 2), date_to=date(2025, 10, 1)
        )
    with pytest.raises(InvalidInput, match="'sales' or 'purchase'"):
        build_register(company=company, side="bills", date_from=OCTOBER[0], date_to=OCTOBER[1])


def test_register_of_one_party_lists_and_totals_only_its_documents(company, gst_books):
    register = _register(company, party_id=gst_books.pune.id)

    assert [row.document_number for row in register.rows] == [
        "INV/25-26/000001",
        "CN/25-26/0000001",
        "INV/25-26/000005",
    ]
    assert (register.totals.documents, register.totals.cancelled) == (2, 1)
    assert register.totals.amounts.total_paise == 491700 - 78700
