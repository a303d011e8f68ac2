"""Contract of /companies/{id}/documents: drafts, If-Match, issue, cancel, list, errors."""

import pytest

from bahi.api.models import IdempotencyRecord
from bahi.api.tests.conftest import invoice_body
from bahi.identity.models import AuditRecord
from bahi.invoicing.models import Document, DocumentStatus
from bahi.ledger.models import JournalEntry
from bahi.notifications.models import OutboxEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def docs(company):
    return f"/companies/{company.id}/documents"


def test_a_draft_is_created_with_its_tax_computed_and_an_etag(admin_api, docs, customer):
    response = admin_api.post(docs, invoice_body(customer.id), **{"Idempotency-Key": "d-1"})

    assert response.status_code == 201
    body = response.json()
    assert (body["status"], body["document_number"], body["journal_entry_id"]) == (
        "draft",
        "",
        None,
    )
    assert (body["taxable_value"], body["cgst"], body["sgst"], body["igst"]) == (
        "400.00",
        "36.00",
        "36.00",
        "0.00",
    )
    assert (body["total"], body["outstanding"], body["place_of_supply"]) == ("472.00", "0.00", "27")
    assert body["lines"][0]["quantity"] == "1.000"
    assert body["lines"][0]["gst_rate_percent"] == "18.0000"
    assert response["ETag"] == admin_api.get(f"{docs}/{body['id']}")["ETag"]


def test_create_and_issue_in_one_request_posts_the_entry_and_emits_the_event(
    admin_api, docs, customer, company
):
    response = admin_api.post(docs, invoice_body(customer.id, issue=True))

    body = response.json()
    assert response.status_code == 201
    assert (body["status"], body["document_number"]) == ("issued", "INV/25-26/000001")
    assert body["outstanding"] == "472.00"
    entry = JournalEntry.objects.get(pk=body["journal_entry_id"])
    assert entry.total_paise == 47200
    event = OutboxEvent.objects.get(company=company, kind="invoice.issued")
    assert event.payload["document_id"] == body["id"]
    assert event.payload["document_number"] == "INV/25-26/000001"
    assert event.payload["total_paise"] == 47200


def test_editing_a_draft_needs_the_current_etag(admin_api, docs, customer):
    created = admin_api.post(docs, invoice_body(customer.id))
    url, etag = f"{docs}/{created.json()['id']}", created["ETag"]
    changed = invoice_body(customer.id)
    changed["lines"][0]["quantity"] = "2.5"

    missing = admin_api.put(url, changed)
    edited = admin_api.put(url, changed, **{"If-Match": etag})
    stale = admin_api.put(url, invoice_body(customer.id), **{"If-Match": etag})

    assert missing.status_code == 428
    assert edited.status_code == 200
    assert edited.json()["taxable_value"] == "1000.00"
    assert edited.json()["total"] == "1180.00"
    assert edited["ETag"] != etag
    assert stale.status_code == 412
    assert stale.json()["code"] == "stale_document"
    assert stale["ETag"] == edited["ETag"]
    assert Document.objects.get(pk=created.json()["id"]).taxable_paise == 100000


def test_issue_then_cancel_reverses_the_entry_and_keeps_the_number(
    admin_api, docs, customer, company
):
    draft = admin_api.post(docs, invoice_body(customer.id)).json()
    issued = admin_api.post(f"{docs}/{draft['id']}/issue", {})
    cancelled = admin_api.post(f"{docs}/{draft['id']}/cancel", {"reason": "wrong buyer"})

    assert issued.status_code == 200
    assert cancelled.status_code == 200
    body = cancelled.json()
    assert (body["status"], body["document_number"]) == ("cancelled", "INV/25-26/000001")
    reversal = JournalEntry.objects.get(pk=body["cancel_entry_id"])
    assert reversal.reverses_id == issued.json()["journal_entry_id"]
    kinds = list(OutboxEvent.objects.filter(company=company).values_list("kind", flat=True))
    assert kinds.count("invoice.issued") == 1
    assert kinds.count("invoice.cancelled") == 1


def test_an_issued_document_cannot_be_edited_or_deleted(admin_api, docs, customer):
    issued = admin_api.post(docs, invoice_body(customer.id, issue=True))
    url = f"{docs}/{issued.json()['id']}"

    edit = admin_api.put(url, invoice_body(customer.id), **{"If-Match": issued["ETag"]})
    delete = admin_api.send("DELETE", url)

    assert edit.status_code == 422
    assert "only a draft can be edited" in edit.json()["detail"]
    assert delete.status_code == 422
    assert Document.objects.get(pk=issued.json()["id"]).status == DocumentStatus.ISSUED


def test_a_draft_is_deleted(admin_api, docs, customer):
    draft = admin_api.post(docs, invoice_body(customer.id)).json()

    response = admin_api.send("DELETE", f"{docs}/{draft['id']}")

    assert response.status_code == 204
    assert not Document.objects.filter(pk=draft["id"]).exists()
    assert admin_api.get(f"{docs}/{draft['id']}").status_code == 404


def test_an_error_in_a_line_names_the_line_and_writes_nothing(admin_api, docs, customer):
    body = invoice_body(customer.id, issue=True)
    body["lines"].append(dict(body["lines"][0], discount="400.01"))
    audit_before = AuditRecord.objects.count()

    response = admin_api.post(docs, body, **{"Idempotency-Key": "bad-line"})

    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["errors"][0]["path"] == ["body", "lines", 1, "discount"]
    assert not Document.objects.exists()
    assert AuditRecord.objects.count() == audit_before


def test_amounts_as_json_numbers_are_refused(admin_api, docs, customer):
    body = invoice_body(customer.id)
    body["lines"][0]["rate"] = 400.0

    response = admin_api.post(docs, body)

    assert response.status_code == 422
    assert response.json()["errors"][0]["path"] == ["body", "payload", "lines", 0, "rate"]
    assert not Document.objects.exists()


def test_a_retried_create_returns_the_first_document(admin_api, docs, customer):
    first = admin_api.post(docs, invoice_body(customer.id, issue=True), **{"Idempotency-Key": "k"})
    again = admin_api.post(docs, invoice_body(customer.id, issue=True), **{"Idempotency-Key": "k"})

    assert again.status_code == 201
    assert again.content == first.content
    assert again["Idempotent-Replayed"] == "true"
    assert Document.objects.count() == 1
    assert IdempotencyRecord.objects.count() == 1


def test_list_filters_by_status_kind_party_and_date_with_a_cursor(
    admin_api, docs, customer, company, admin_user
):
    from bahi.ledger.services import create_party

    other = create_party(company=company, actor=admin_user, name="Nashik", state_code="27")
    ids = [admin_api.post(docs, invoice_body(customer.id, issue=True)).json()["id"] for _ in "abc"]
    admin_api.post(docs, invoice_body(customer.id, document_date="2025-11-01"))
    admin_api.post(docs, invoice_body(other.id, issue=True))

    first = admin_api.get(docs, status="issued", party_id=customer.id, limit=2).json()
    second = admin_api.get(
        docs, status="issued", party_id=customer.id, limit=2, cursor=first["next_cursor"]
    ).json()
    november = admin_api.get(docs, date_from="2025-10-02", kind="sales_invoice").json()
    bills = admin_api.get(docs, kind="purchase_bill").json()

    assert [item["id"] for item in first["items"] + second["items"]] == ids
    assert second["next_cursor"] is None
    assert [(i["status"], i["document_date"]) for i in november["items"]] == [
        ("draft", "2025-11-01")
    ]
    assert bills["items"] == []


def test_an_entries_cursor_is_refused_for_documents(admin_api, docs, customer, company, post):
    from datetime import date

    for _ in range(2):
        post(date(2024, 5, 1), [("cash", "1.00", ""), ("capital", "", "1.00")])
    cursor = admin_api.get(f"/companies/{company.id}/entries", limit=1).json()["next_cursor"]

    response = admin_api.get(docs, cursor=cursor)

    assert response.status_code == 422
    assert response.json()["code"] == "invalid_cursor"
