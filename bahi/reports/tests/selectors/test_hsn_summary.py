"""HSN-wise summary (GSTR-1 Table 12) over the October 2025 books (gst_books.py)."""

from datetime import date
from decimal import Decimal

import pytest

from bahi.reports.selectors import build_hsn_summary
from bahi.reports.tests.gst_books import OCTOBER
from bahi.reports.types import HsnRow

pytestmark = pytest.mark.django_db

EIGHTEEN, FIVE = Decimal("18.0000"), Decimal("5.0000")


def test_hsn_summary_from_may_2025_splits_b2b_and_b2c_and_nets_the_credit_note(company, gst_books):
    summary = build_hsn_summary(company=company, date_from=OCTOBER[0], date_to=OCTOBER[1])

    assert summary.is_split
    assert summary.rows == (
        # 12.5 bags less the 2 credited: 4,166.63 - 666.66; CGST and SGST 375.00 - 60.00
        HsnRow("b2b", "2523", "item 2523", "OTH", EIGHTEEN, 10500, 349997, 0, 31500, 31500, 0),
        # the SEZ unit has no GSTIN but an SEZ supply is B2B; under LUT it carries no tax
        HsnRow(
            "b2b", "8415", "Split air conditioner 1.5 tonn", "OTH", EIGHTEEN,
            1000, 3500000, 0, 0, 0, 0,
        ),
        HsnRow("b2b", "9983", "item 9983", "NA", EIGHTEEN, 2000, 10000000, 1800000, 0, 0, 0),
        # the export (IGST) and the walk-in consumer (CGST + SGST); the cancelled 3 kg left out
        HsnRow("b2c", "0406", "item 0406", "OTH", FIVE, 102000, 8520000, 425000, 500, 500, 0),
    )  # fmt: skip


def test_hsn_summary_of_a_period_before_may_2025_has_one_section(company, gst_books):
    summary = build_hsn_summary(
        company=company, date_from=date(2025, 4, 1), date_to=date(2026, 3, 31)
    )

    assert not summary.is_split
    assert [(row.section, row.hsn_code, row.taxable_paise) for row in summary.rows] == [
        ("all", "0406", 8520000),
        ("all", "2523", 349997),
        ("all", "8415", 3500000),
        ("all", "9983", 10000000),
    ]


def test_hsn_summary_keeps_each_rate_of_a_code_apart(company, gst_books, admin_user):
    from bahi.invoicing.services import issue_document, save_draft_document
    from bahi.invoicing.tests.conftest import line
    from bahi.invoicing.types import DocumentDraft

    # cement on 21 Sep 2025 carried 28%, from 22 Sep 18%
    draft = DocumentDraft(
        kind="sales_invoice",
        party_id=gst_books.pune.id,
        document_date=date(2025, 9, 21),
        lines=(line("2523", "1", "100.00"),),
    )
    document = save_draft_document(company=company, actor=admin_user, draft=draft)
    issue_document(company=company, actor=admin_user, document_id=document.id)

    summary = build_hsn_summary(company=company, date_from=date(2025, 9, 1), date_to=OCTOBER[1])
    cement = [row for row in summary.rows if row.hsn_code == "2523"]
    assert [(row.rate_percent, row.taxable_paise, row.cgst_paise) for row in cement] == [
        (EIGHTEEN, 349997, 31500),
        (Decimal("28.0000"), 10000, 1400),
    ]


def test_hsn_summary_is_one_query_and_shows_no_other_company(
    company, gst_books, django_assert_num_queries
):
    with django_assert_num_queries(1):
        build_hsn_summary(company=company, date_from=OCTOBER[0], date_to=OCTOBER[1])

    other = build_hsn_summary(
        company=gst_books.other_company, date_from=OCTOBER[0], date_to=OCTOBER[1]
    )
    assert [(row.section, row.hsn_code, row.quantity) for row in other.rows] == [
        ("b2c", "2523", Decimal("1000")),
    ]


def test_lines_report_their_own_unit_and_each_unit_is_a_row_of_its_own(company, admin_user):
    from bahi.invoicing.services import issue_document, save_draft_document
    from bahi.invoicing.types import DocumentDraft, LineDraft
    from bahi.ledger.services import create_party

    buyer = create_party(
        company=company, actor=admin_user, name="Nashik Builders", is_customer=True,
        state_code=company.state_code, gstin="27AAPFU0939F1ZV",
    )  # fmt: skip
    lines = (
        LineDraft(description="Cement", hsn_code="2523", quantity=Decimal(10), rate=Decimal(400),
                  unit="BAG"),
        LineDraft(description="Cement, loose", hsn_code="2523", quantity=Decimal(2),
                  rate=Decimal(8000), unit="TON"),
    )  # fmt: skip
    draft = DocumentDraft(
        kind="sales_invoice", party_id=buyer.id, document_date=date(2025, 10, 6), lines=lines
    )
    document = save_draft_document(company=company, actor=admin_user, draft=draft)
    issue_document(company=company, actor=admin_user, document_id=document.id)

    summary = build_hsn_summary(company=company, date_from=OCTOBER[0], date_to=OCTOBER[1])

    assert [
        (row.hsn_code, row.uqc, row.quantity_milli, row.taxable_paise) for row in summary.rows
    ] == [
        ("2523", "BAG", 10000, 400000),
        ("2523", "TON", 2000, 1600000),
    ]
