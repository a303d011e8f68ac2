"""Contract of /companies/{id}/payments and the receivables/payables ageing reports."""

import pytest

from bahi.api.tests.conftest import invoice_body
from bahi.invoicing.models import Allocation, Payment
from bahi.ledger.models import JournalEntry
from bahi.ledger.services import create_party
from bahi.notifications.models import OutboxEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def invoices(admin_api, company, customer):
    """Two issued invoices of 472.00 to the customer, dated 1 Oct and 1 Nov 2025."""
    url = f"/companies/{company.id}/documents"
    return [
        admin_api.post(url, invoice_body(customer.id, document_date=day, issue=True)).json()["id"]
        for day in ("2025-10-01", "2025-11-01")
    ]


def _receipt(customer_id, amount, allocations=(), **extra):
    return {
        "kind": "receipt",
        "party_id": customer_id,
        "payment_date": "2025-11-15",
        "amount": amount,
        "mode": "bank",
        "reference": "UTR123",
        "allocations": [{"document_id": d, "amount": a} for d, a in allocations],
        **extra,
    }


def test_a_receipt_across_two_invoices_leaves_an_advance(admin_api, company, customer, invoices):
    first, second = invoices
    body = _receipt(customer.id, "1000.00", [(first, "472.00"), (second, "300.00")])

    response = admin_api.post(f"/companies/{company.id}/payments", body)

    assert response.status_code == 201
    payment = response.json()
    assert (payment["amount"], payment["unallocated"]) == ("1000.00", "228.00")
    assert [(a["document_id"], a["amount"]) for a in payment["allocations"]] == [
        (first, "472.00"),
        (second, "300.00"),
    ]
    assert payment["allocations"][0]["document_number"] == "INV/25-26/000001"
    documents = f"/companies/{company.id}/documents"
    assert admin_api.get(f"{documents}/{first}").json()["outstanding"] == "0.00"
    assert admin_api.get(f"{documents}/{second}").json()["outstanding"] == "172.00"
    assert JournalEntry.objects.get(pk=payment["journal_entry_id"]).total_paise == 100000
    event = OutboxEvent.objects.get(company=company, kind="payment.received")
    assert event.payload["allocations"] == [[first, 47200], [second, 30000]]
    assert event.payload["amount_paise"] == 100000


def test_an_allocation_beyond_the_outstanding_names_it_and_writes_nothing(
    admin_api, company, customer, invoices
):
    first, second = invoices
    body = _receipt(customer.id, "1000.00", [(first, "472.00"), (second, "472.01")])

    response = admin_api.post(f"/companies/{company.id}/payments", body)

    assert response.status_code == 422
    assert response.json()["errors"][0]["path"] == ["body", "allocations", 1]
    assert not Payment.objects.exists()
    assert not JournalEntry.objects.filter(source_type="invoicing.payment").exists()
    assert not OutboxEvent.objects.filter(kind="payment.received").exists()


def test_an_advance_is_allocated_later(admin_api, company, customer, invoices):
    payments = f"/companies/{company.id}/payments"
    advance = admin_api.post(payments, _receipt(customer.id, "500.00")).json()

    response = admin_api.post(
        f"{payments}/{advance['id']}/allocations",
        {"allocations": [{"document_id": invoices[1], "amount": "472.00"}]},
    )

    assert response.status_code == 200
    assert response.json()["unallocated"] == "28.00"
    assert Allocation.objects.get().amount_paise == 47200
    assert admin_api.get(f"{payments}/{advance['id']}").json()["unallocated"] == "28.00"


def test_a_payment_to_a_supplier_emits_payment_made(admin_api, company, admin_user):
    supplier = create_party(company=company, actor=admin_user, name="Ultra", is_supplier=True)
    body = {
        "kind": "payment",
        "party_id": supplier.id,
        "payment_date": "2025-10-05",
        "amount": "250.00",
        "mode": "cash",
    }

    response = admin_api.post(f"/companies/{company.id}/payments", body)

    assert response.status_code == 201
    assert response.json()["unallocated"] == "250.00"
    assert OutboxEvent.objects.get(company=company, kind="payment.made").payload["mode"] == "cash"


def test_payments_list_filters_by_kind_and_date_with_a_cursor(
    admin_api, company, customer, invoices
):
    payments = f"/companies/{company.id}/payments"
    ids = [
        admin_api.post(payments, _receipt(customer.id, "10.00", payment_date=day)).json()["id"]
        for day in ("2025-11-01", "2025-11-02", "2025-11-03")
    ]

    first = admin_api.get(payments, kind="receipt", limit=2).json()
    rest = admin_api.get(payments, kind="receipt", limit=2, cursor=first["next_cursor"]).json()
    late = admin_api.get(payments, date_from="2025-11-03").json()
    none = admin_api.get(payments, kind="payment").json()

    assert [p["id"] for p in first["items"] + rest["items"]] == ids
    assert rest["next_cursor"] is None
    assert [p["id"] for p in late["items"]] == ids[2:]
    assert none["items"] == []


def test_receivables_ageing_buckets_by_days_past_due_less_advances(
    admin_api, company, customer, invoices
):
    payments = f"/companies/{company.id}/payments"
    admin_api.post(payments, _receipt(customer.id, "100.00"))

    response = admin_api.get(
        f"/companies/{company.id}/reports/receivables-ageing", as_of="2025-12-15"
    )

    assert response.status_code == 200
    body = response.json()
    assert body["side"] == "receivable"
    assert body["rows"] == [
        {
            "party_id": customer.id,
            "party_name": "Pune Hardware",
            "days_0_30": "0.00",
            "days_31_60": "472.00",
            "days_61_90": "472.00",
            "days_over_90": "0.00",
            "advances": "100.00",
            "total": "844.00",
        }
    ]
    assert body["total"] == "844.00"


def test_payables_ageing_shows_open_purchase_bills(admin_api, company, admin_user):
    # A registered supplier: its bill carries GST (an unregistered one's would not).
    supplier = create_party(
        company=company,
        actor=admin_user,
        name="Ultra",
        is_supplier=True,
        state_code="27",
        gstin="27AAPFU0939F1ZV",
    )
    bill = invoice_body(supplier.id, kind="purchase_bill", reference="UT/77", issue=True)
    admin_api.post(f"/companies/{company.id}/documents", bill)

    receivables = admin_api.get(
        f"/companies/{company.id}/reports/receivables-ageing", as_of="2025-10-20"
    ).json()
    payables = admin_api.get(
        f"/companies/{company.id}/reports/payables-ageing", as_of="2025-10-20"
    ).json()

    assert receivables["rows"] == []
    assert [(r["party_name"], r["days_0_30"], r["total"]) for r in payables["rows"]] == [
        ("Ultra", "472.00", "472.00")
    ]
