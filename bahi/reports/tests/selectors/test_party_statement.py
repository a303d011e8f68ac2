"""Party statements: Pune Hardware's October 2025 on the debtors account (gst_books.py), with an
invoice of 30 Sep 2025 before the period and a UPI receipt on 10 Oct."""

from datetime import date
from decimal import Decimal

import pytest

from bahi.invoicing.payments import record_payment
from bahi.invoicing.services import issue_document, save_draft_document
from bahi.invoicing.tests.conftest import line
from bahi.invoicing.types import DocumentDraft, PaymentInput
from bahi.reports.errors import ReportAccountNotFound
from bahi.reports.selectors import build_party_statement
from bahi.reports.tests.gst_books import OCTOBER

pytestmark = pytest.mark.django_db


@pytest.fixture
def pune_october(company, admin_user, gst_books):
    september = DocumentDraft(
        kind="sales_invoice",
        party_id=gst_books.pune.id,
        document_date=date(2025, 9, 30),
        lines=(line("0406", "1", "100.00"),),  # 105.00
    )
    document = save_draft_document(company=company, actor=admin_user, draft=september)
    issue_document(company=company, actor=admin_user, document_id=document.id)
    receipt = PaymentInput(
        kind="receipt",
        party_id=gst_books.pune.id,
        payment_date=date(2025, 10, 10),
        amount=Decimal("2000.00"),
        mode="upi",
        reference="UPI-528400112233",
    )
    record_payment(
        company=company,
        actor=admin_user,
        payment=receipt,
        allocations=[(gst_books.invoice.id, Decimal("2000.00"))],
    )
    return gst_books.pune


def _statement(company, party, **kwargs):
    return build_party_statement(
        company=company, party_id=party.id, date_from=OCTOBER[0], date_to=OCTOBER[1], **kwargs
    )


def test_statement_runs_from_the_opening_balance_through_documents_and_receipts(
    company, pune_october
):
    statement = _statement(company, pune_october)

    assert (statement.side, statement.account_code, statement.gstin) == (
        "receivable",
        "1230",
        "27AAPFU0939F1ZV",
    )
    assert (statement.opening_paise, statement.closing_paise) == (10500, 223500)
    assert [
        (
            line.entry_date.day,
            line.particulars,
            line.document_number,
            line.debit_paise,
            line.credit_paise,
            line.balance_paise,
        )
        for line in statement.lines
    ] == [
        (1, "Tax invoice", "INV/25-26/000001", 491700, 0, 502200),
        (5, "Credit note", "CN/25-26/0000001", 0, 78700, 423500),
        (6, "Tax invoice", "INV/25-26/000005", 31500, 0, 455000),
        (6, "Cancelled tax invoice", "INV/25-26/000005", 0, 31500, 423500),
        (10, "Receipt (UPI) against INV/25-26/000001", "", 0, 200000, 223500),
    ]


def test_statement_shows_due_dates_and_payment_references(company, pune_october):
    lines = _statement(company, pune_october).lines

    assert lines[0].due_date == date(2025, 10, 31)
    assert lines[0].voucher_number.startswith("SALES/")
    assert (lines[4].reference, lines[4].due_date) == ("UPI-528400112233", None)


def test_statement_pages_carry_the_running_balance(company, pune_october):
    first = _statement(company, pune_october, limit=3)
    second = _statement(company, pune_october, limit=3, after=first.next_cursor)

    assert second.carried_paise == first.lines[-1].balance_paise == 455000
    assert [line.balance_paise for line in second.lines] == [423500, 223500]
    assert second.closing_paise == first.closing_paise == 223500


def test_supplier_statement_is_on_the_creditors_account_by_default(company, gst_books):
    statement = _statement(company, gst_books.cool_air)

    assert statement.side == "payable"
    assert [(line.particulars, line.reference, line.balance_paise) for line in statement.lines] == [
        ("Purchase bill", "CA/1187", -7080000),
        ("Debit note to a supplier", "", -3540000),
    ]


def test_statement_takes_a_fixed_number_of_queries(
    company, pune_october, django_assert_num_queries
):
    with django_assert_num_queries(11):
        _statement(company, pune_october)


def test_statement_of_another_companys_party_is_not_found(company, gst_books):
    with pytest.raises(ReportAccountNotFound):
        _statement(gst_books.other_company, gst_books.pune)
