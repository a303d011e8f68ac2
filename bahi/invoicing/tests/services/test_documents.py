from datetime import date
from decimal import Decimal

import pytest

from bahi.core.errors import InvalidInput, PermissionDenied
from bahi.gst.errors import RateNotFound
from bahi.identity.models import Membership, Role, User
from bahi.invoicing.models import Document, DocumentStatus
from bahi.invoicing.services import (
    cancel_document,
    delete_draft_document,
    issue_document,
    save_draft_document,
)
from bahi.invoicing.tests.conftest import line
from bahi.invoicing.types import DocumentDraft
from bahi.ledger.errors import PeriodLocked
from bahi.ledger.models import JournalEntry
from bahi.ledger.services import set_lock_date

OCT_1 = date(2025, 10, 1)


def test_numbers_are_gapless_per_series_and_financial_year(issue, pune_customer):
    numbers = [
        issue(pune_customer, day, [line("2523", "1", "400.00")]).document_number
        for day in (date(2026, 3, 31), date(2026, 3, 31), date(2026, 4, 1))
    ]
    assert numbers == ["INV/25-26/000001", "INV/25-26/000002", "INV/26-27/000001"]


def test_issuing_twice_posts_once(issue, pune_customer, company, admin_user):
    invoice = issue(pune_customer, OCT_1, [line("2523", "1", "400.00")])
    again = issue_document(company=company, actor=admin_user, document_id=invoice.id)

    assert again.journal_entry_id == invoice.journal_entry_id
    assert (
        JournalEntry.objects.filter(company=company, source_type="invoicing.document").count() == 1
    )
    entry = JournalEntry.objects.get(pk=invoice.journal_entry_id)
    assert (entry.source_id, entry.idempotency_key) == (
        str(invoice.id),
        f"document-{invoice.id}-issue",
    )


def test_cancelling_reverses_the_entry_and_keeps_the_number_used(
    issue, pune_customer, company, admin_user, ledger
):
    invoice = issue(pune_customer, OCT_1, [line("2523", "1", "400.00")])
    cancelled = cancel_document(
        company=company, actor=admin_user, document_id=invoice.id, reason="wrong buyer"
    )
    following = issue(pune_customer, OCT_1, [line("2523", "1", "400.00")])

    assert cancelled.status == DocumentStatus.CANCELLED
    assert cancelled.cancel_entry.reverses_id == invoice.journal_entry_id
    assert following.document_number == "INV/25-26/000002"
    assert ledger(OCT_1)["sundry_debtors"] == 47200


def test_cancelling_an_invoice_with_a_credit_note_is_refused(
    issue, pune_customer, company, admin_user
):
    invoice = issue(pune_customer, OCT_1, [line("2523", "2", "400.00")])
    issue(
        pune_customer,
        OCT_1,
        [line("2523", "1", "400.00")],
        kind="credit_note",
        against_document_id=invoice.id,
    )
    with pytest.raises(InvalidInput, match="notes issued against it"):
        cancel_document(company=company, actor=admin_user, document_id=invoice.id, reason="x")


def test_credit_note_larger_than_the_invoice_is_refused(
    issue, draft, pune_customer, company, admin_user
):
    invoice = issue(pune_customer, OCT_1, [line("2523", "1", "400.00")])
    note = draft(
        pune_customer,
        OCT_1,
        [line("2523", "2", "400.00")],
        kind="credit_note",
        against_document_id=invoice.id,
    )
    with pytest.raises(InvalidInput, match="exceeds what is left"):
        issue_document(company=company, actor=admin_user, document_id=note.id)
    assert JournalEntry.objects.filter(company=company).count() == 1


def test_credit_note_uses_the_rate_of_the_original_invoice(issue, pune_customer):
    invoice = issue(pune_customer, date(2025, 9, 21), [line("2523", "1", "400.00")])
    note = issue(
        pune_customer,
        date(2025, 10, 2),
        [line("2523", "1", "400.00")],
        kind="credit_note",
        against_document_id=invoice.id,
    )
    assert (note.cgst_paise, note.total_paise) == (5600, 51200)


def test_a_note_needs_an_issued_invoice_of_the_same_party(draft, party, pune_customer):
    other = party("Nashik Traders", is_customer=True, state_code="27")
    invoice_of_other = draft(other, OCT_1, [line("2523", "1", "400.00")])
    with pytest.raises(InvalidInput, match="needs an issued sales_invoice"):
        draft(
            pune_customer,
            OCT_1,
            [line("2523", "1", "400.00")],
            kind="credit_note",
            against_document_id=invoice_of_other.id,
        )


def test_explicit_rate_overrides_the_rate_table(draft, pune_customer):
    document = draft(
        pune_customer, OCT_1, [line("2523", "1", "1000.00", gst_rate_percent=Decimal("5"))]
    )
    assert (document.cgst_paise, document.sgst_paise, document.total_paise) == (2500, 2500, 105000)


def test_discount_reduces_the_taxable_value(draft, pune_customer):
    document = draft(
        pune_customer, OCT_1, [line("2523", "3", "400.00", discount=Decimal("200.00"))]
    )
    assert (document.taxable_paise, document.cgst_paise) == (100000, 9000)


def test_bill_of_supply_charges_no_tax(issue, pune_customer, ledger):
    bill = issue(pune_customer, OCT_1, [line("2523", "1", "400.00")], kind="bill_of_supply")
    assert bill.document_number == "BOS/25-26/000001"
    assert ledger(OCT_1) == {"sundry_debtors": 40000, "sales": -40000}


@pytest.mark.parametrize(
    ("bad_line", "field"),
    [
        (line("2523", "0", "400.00"), "quantity"),
        (line("2523", "1.0005", "400.00"), "quantity"),
        (line("2523", "1", "400.001"), "rate"),
        (line("2523", "1", "400.00", discount=Decimal("401.00")), "discount"),
        (line("25A3", "1", "400.00"), "hsn_code"),
    ],
)
def test_bad_line_is_refused_naming_the_line_and_field(draft, pune_customer, bad_line, field):
    with pytest.raises(InvalidInput) as error:
        draft(pune_customer, OCT_1, [line("2523", "1", "400.00"), bad_line])
    assert error.value.details == {"line": 2, "field": field}
    assert str(error.value).startswith("line 2: ")


def test_hsn_without_a_rate_on_the_date_is_refused(draft, pune_customer):
    with pytest.raises(RateNotFound):
        draft(pune_customer, OCT_1, [line("1006", "1", "100.00")])


def test_a_draft_can_be_replaced_until_issued(draft, pune_customer, company, admin_user):
    document = draft(pune_customer, OCT_1, [line("2523", "1", "400.00")])
    replacement = DocumentDraft(
        kind="sales_invoice",
        party_id=pune_customer.id,
        document_date=OCT_1,
        lines=(line("2523", "2", "400.00"), line("9983", "1", "100.00")),
    )
    saved = save_draft_document(
        company=company, actor=admin_user, draft=replacement, document_id=document.id
    )
    assert saved.id == document.id
    assert [row.line_no for row in saved.lines.all()] == [1, 2]
    assert saved.total_paise == 106200

    issue_document(company=company, actor=admin_user, document_id=document.id)
    with pytest.raises(InvalidInput, match="only a draft can be edited"):
        save_draft_document(
            company=company, actor=admin_user, draft=replacement, document_id=document.id
        )


def test_issue_in_a_locked_period_is_refused_and_takes_no_number(
    draft, pune_customer, company, admin_user
):
    document = draft(pune_customer, OCT_1, [line("2523", "1", "400.00")])
    set_lock_date(company=company, actor=admin_user, lock_date=date(2025, 10, 31))
    with pytest.raises(PeriodLocked):
        issue_document(company=company, actor=admin_user, document_id=document.id)
    document.refresh_from_db()
    assert (document.status, document.number, document.document_number) == ("draft", None, "")


def test_viewer_cannot_save_documents(company, pune_customer):
    viewer = User.objects.create_user("viewer", "v@example.in", "correct horse battery")
    Membership.objects.create(user=viewer, company=company, role=Role.VIEWER)
    with pytest.raises(PermissionDenied):
        save_draft_document(
            company=company,
            actor=viewer,
            draft=DocumentDraft(
                kind="sales_invoice",
                party_id=pune_customer.id,
                document_date=OCT_1,
                lines=(line("2523", "1", "400.00"),),
            ),
        )


def test_a_draft_is_deleted_and_an_issued_document_is_not(
    draft, issue, pune_customer, company, admin_user
):
    document = draft(pune_customer, OCT_1, [line("2523", "1", "400.00")])
    delete_draft_document(company=company, actor=admin_user, document_id=document.id)
    assert not Document.objects.filter(pk=document.id).exists()

    invoice = issue(pune_customer, OCT_1, [line("2523", "1", "400.00")])
    with pytest.raises(InvalidInput, match="only a draft"):
        delete_draft_document(company=company, actor=admin_user, document_id=invoice.id)


def test_purchase_from_another_state_takes_igst_credit(issue, party, ledger):
    supplier = party("Karnataka Cements", is_supplier=True, gstin="29AAFCC9980M1ZR")
    bill = issue(supplier, OCT_1, [line("2523", "10", "400.00")], kind="purchase_bill")

    assert (bill.place_of_supply, bill.igst_paise, bill.cgst_paise) == ("27", 72000, 0)
    assert ledger(OCT_1) == {
        "purchases": 400000,
        "gst_input_igst": 72000,
        "sundry_creditors": -472000,
    }


def test_debit_note_to_a_supplier_reduces_the_payable(issue, party, ledger, company):
    supplier = party("Ambuja Dealer", is_supplier=True, gstin="27AAPFU0939F1ZV")
    bill = issue(supplier, OCT_1, [line("2523", "10", "400.00")], kind="purchase_bill")
    issue(
        supplier,
        OCT_1,
        [line("2523", "1", "400.00")],
        kind="purchase_debit_note",
        against_document_id=bill.id,
    )
    assert ledger(OCT_1) == {
        "purchases": 360000,
        "gst_input_cgst": 32400,
        "gst_input_sgst": 32400,
        "sundry_creditors": -424800,
    }
