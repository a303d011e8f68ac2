"""`bahi report sales-register|purchase-register|hsn-summary|party-statement` over the October 2025
books of bahi/reports/tests/gst_books.py."""

import csv
import io
import json

import pytest

from bahi.cli import main
from bahi.reports.tests.gst_books import gst_books

pytestmark = pytest.mark.django_db

__all__ = ["gst_books"]
OCTOBER = ["--from", "01-10-2025", "--to", "2025-10-31"]


def _run(company, capsys, *argv: str) -> str:
    assert main(["report", *argv, *OCTOBER, "--company", str(company.id)]) == 0
    return capsys.readouterr().out


def test_sales_register_table_shows_indian_amounts_dates_and_the_totals(company, gst_books, capsys):
    out = _run(company, capsys, "sales-register")

    assert "Sales register 01-10-2025 to 31-10-2025" in out
    assert "INV/25-26/000001" in out
    assert "01-10-2025" in out
    assert "1,18,000.00" in out  # the inter-state invoice
    assert "-787.00" in out  # the credit note
    assert "2,46,590.00" in out  # the period's total
    assert "Total (6 documents, 1 cancelled)" in out
    assert "Other Traders" not in out
    assert "GSTIN" in out
    assert "SGST/UTGST" in out


def test_sales_register_csv_has_one_row_per_document_with_iso_dates(company, gst_books, capsys):
    rows = list(
        csv.DictReader(io.StringIO(_run(company, capsys, "sales-register", "--format", "csv")))
    )

    assert [row["number"] for row in rows][:2] == ["INV/25-26/000001", "INV/25-26/000002"]
    first = rows[0]
    assert (first["date"], first["gstin"], first["place_of_supply"]) == (
        "2025-10-01",
        "27AAPFU0939F1ZV",
        "27-Maharashtra",
    )
    assert (first["taxable_value"], first["cgst"], first["round_off"], first["total"]) == (
        "4166.63",
        "375.00",
        "0.37",
        "4917.00",
    )
    cancelled = next(row for row in rows if row["status"] == "cancelled")
    assert cancelled["number"] == "INV/25-26/000005"
    assert len(rows) == 7


def test_purchase_register_json_streams_rows_with_the_totals(company, gst_books, capsys):
    data = json.loads(_run(company, capsys, "purchase-register", "--format", "json"))

    assert (data["report"], data["side"], data["date_from"]) == (
        "purchase-register",
        "purchase",
        "2025-10-01",
    )
    assert data["totals"]["amounts"]["total"] == "60400.00"
    assert data["totals"]["amounts"]["igst"] == "5400.00"
    assert [row["document_number"] for row in data["rows"]] == [
        "PB/25-26/0000001",
        "PB/25-26/0000002",
        "PDN/25-26/000001",
    ]
    assert data["rows"][0]["reverse_charge"] is True
    assert data["rows"][2]["amounts"]["total"] == "-35400.00"


def test_hsn_summary_json_gives_quantities_and_rates_as_decimal_strings(company, gst_books, capsys):
    data = json.loads(_run(company, capsys, "hsn-summary", "--format", "json"))

    assert data["is_split"] is True
    cement = data["rows"][0]
    assert (cement["section"], cement["hsn_code"], cement["uqc"]) == ("b2b", "2523", "OTH")
    assert (cement["rate_percent"], cement["quantity"], cement["taxable"]) == (
        "18",
        "10.5",
        "3499.97",
    )


def test_hsn_summary_table_has_sections_and_a_total(company, gst_books, capsys):
    out = _run(company, capsys, "hsn-summary")

    assert "B2B" in out
    assert "B2C" in out
    assert "Split air conditioner 1.5 tonn" in out
    assert "2,23,699.97" in out  # taxable value of all four rows


def test_party_statement_table_runs_the_balance_with_dr_and_cr(company, gst_books, capsys):
    out = _run(company, capsys, "party-statement", "--party", "Cool Air Distributors")

    assert "Statement of Cool Air Distributors (24AAQCA8719H1ZC), payable" in out
    assert "70,800.00 Cr" in out
    assert "35,400.00 Cr" in out  # after the debit note
    assert "CA/1187" in out


def test_party_statement_csv_names_documents_and_due_dates(company, gst_books, capsys):
    text = _run(company, capsys, "party-statement", "--party", "Pune Hardware", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(text)))

    assert rows[0]["particulars"] == "Opening balance"
    assert (rows[1]["document"], rows[1]["due_date"], rows[1]["debit"]) == (
        "INV/25-26/000001",
        "2025-10-31",
        "4917.00",
    )
    assert rows[-1]["particulars"] == "Closing balance"
    assert rows[-1]["balance"] == "4130.00"


def test_party_statement_needs_a_party(company, gst_books, capsys):
    assert main(["report", "party-statement", *OCTOBER, "--company", str(company.id)]) != 0
    assert "--party" in capsys.readouterr().err


def test_sales_register_of_one_party_as_csv(company, gst_books, capsys):
    text = _run(company, capsys, "sales-register", "--party", "Walk-in Consumer", "--format", "csv")

    rows = list(csv.DictReader(io.StringIO(text)))
    assert [(row["number"], row["total"]) for row in rows] == [("INV/25-26/000006", "210.00")]
