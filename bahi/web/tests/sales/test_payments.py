"""Receipts and payments: the form lists the party's open documents with what is outstanding,
a receipt allocated across them posts Dr bank Cr debtors and reduces what is owed, the rest is
an advance; an allocation beyond what is owed, a viewer, or another company's party writes
nothing."""

from django.urls import reverse

from bahi.identity.models import AuditRecord
from bahi.invoicing.models import Allocation, Payment
from bahi.invoicing.selectors import outstanding_for_document
from bahi.ledger.models import Account, JournalEntry, JournalLine
from bahi.ledger.services import create_party
from bahi.web.tests.sales.conftest import OCT_1, line

NEW_RECEIPT = reverse("sales:receipt-create")


def _written() -> tuple[int, int, int]:
    return Payment.objects.count(), JournalEntry.objects.count(), AuditRecord.objects.count()


def _receipt(party, amount: str, **allocations: str) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {
        "party": str(party.pk),
        "payment_date": "15-10-2025",
        "amount": amount,
        "mode": "bank",
        "reference": "UTR123",
        "bank_account": "",
        **allocations,
    }


def test_the_receipt_form_lists_the_partys_open_documents_with_their_outstanding(
    accountant_client, invoice, customer
):
    response = accountant_client.get(NEW_RECEIPT, {"party": str(customer.pk)})

    body = response.content.decode()
    assert response.status_code == 200
    assert "INV/25-26/000001 of 01-10-2025: ₹4,917.00 outstanding of ₹4,917.00" in body
    assert f'name="allocate-{invoice.pk}"' in body


def test_a_receipt_allocated_to_two_invoices_posts_and_reduces_what_is_owed(
    accountant_client, invoice, issue, customer, company
):
    second = issue(customer, OCT_1, [line("2523", "1", "100.00")])  # 118.00
    data = _receipt(
        customer,
        "5,100.50",
        **{f"allocate-{invoice.pk}": "4,917.00", f"allocate-{second.pk}": "100.00"},
    )

    response = accountant_client.post(NEW_RECEIPT, data)

    payment = Payment.objects.get()
    assert response.status_code == 303
    assert response["Location"] == reverse("sales:receipt-list")
    lines = JournalLine.objects.filter(entry=payment.journal_entry)
    assert sorted((ln.account.system_role, ln.debit_paise, ln.credit_paise) for ln in lines) == [
        ("bank", 510050, 0),
        ("sundry_debtors", 0, 510050),
    ]
    assert str(outstanding_for_document(company=company, document_id=invoice.pk)) == "0.00"
    assert str(outstanding_for_document(company=company, document_id=second.pk)) == "18.00"
    listed = accountant_client.get(reverse("sales:receipt-list")).content.decode()
    assert "₹5,100.50" in listed
    assert "₹83.50" in listed  # unallocated: an advance


def test_an_allocation_beyond_what_is_owed_is_422_and_writes_nothing(
    accountant_client, invoice, customer
):
    before = _written()
    data = _receipt(customer, "6000.00", **{f"allocate-{invoice.pk}": "5000.00"})

    response = accountant_client.post(NEW_RECEIPT, data)

    assert response.status_code == 422
    assert _written() == before
    assert Allocation.objects.count() == 0


def test_a_bad_allocation_amount_is_shown_on_its_document(accountant_client, invoice, customer):
    data = _receipt(customer, "100.00", **{f"allocate-{invoice.pk}": "12.345"})

    response = accountant_client.post(NEW_RECEIPT, data)

    assert response.status_code == 422
    assert f"allocate-{invoice.pk}" in response.context["allocation_errors"]
    assert Payment.objects.count() == 0


def test_the_same_receipt_submitted_twice_with_its_key_records_once(accountant_client, customer):
    data = {**_receipt(customer, "250.00"), "idempotency_key": "receipt-key-0001"}

    accountant_client.post(NEW_RECEIPT, data)
    accountant_client.post(NEW_RECEIPT, data)

    assert Payment.objects.count() == 1


def test_a_viewer_sees_the_lists_but_cannot_record(viewer_client, customer):
    before = _written()

    assert viewer_client.get(reverse("sales:receipt-list")).status_code == 200
    assert viewer_client.get(NEW_RECEIPT).status_code == 403
    assert viewer_client.post(NEW_RECEIPT, _receipt(customer, "10.00")).status_code == 403
    assert _written() == before


def test_another_companys_party_or_document_answers_404_and_nothing_is_written(
    accountant_client, customer, other
):
    before = _written()
    theirs = _receipt(other["party"], "10.00")
    their_document = _receipt(customer, "10.00", **{f"allocate-{other['document'].pk}": "1.00"})

    assert accountant_client.post(NEW_RECEIPT, theirs).status_code == 404
    assert accountant_client.post(NEW_RECEIPT, their_document).status_code == 404
    assert accountant_client.get(NEW_RECEIPT, {"party": other["party"].pk}).status_code == 404
    assert _written() == before


def test_a_payment_to_a_supplier_goes_through_the_chosen_cash_account(
    accountant_client, company, admin_user
):
    supplier = create_party(company=company, actor=admin_user, name="Ambuja", is_supplier=True)
    cash = Account.objects.get(company=company, system_role="cash")
    data = {**_receipt(supplier, "1,500.00"), "mode": "cash", "bank_account": str(cash.pk)}

    response = accountant_client.post(reverse("sales:payment-create"), data)

    payment = Payment.objects.get()
    assert response.status_code == 303
    assert (payment.kind, payment.amount_paise, payment.bank_account_id) == (
        "payment",
        150000,
        cash.pk,
    )
