"""The document list (filters, pagination, outstanding), the document view (tax by head, the
journal entry link), its actions from the page (issue, cancel, delete) and its PDF; viewers
read only, another company's documents answer 404, refused actions write nothing."""

import io
from datetime import date

from django.urls import reverse
from pypdf import PdfReader

from bahi.identity.models import AuditRecord
from bahi.invoicing.models import Document
from bahi.ledger.models import JournalEntry, JournalLine
from bahi.web.tests.sales.conftest import OCT_1, line

SALES = reverse("sales:sales-list")


def _detail(document: Document, action: str = "detail") -> str:
    return reverse(f"sales:document-{action}", args=[document.pk])


def _written() -> tuple[int, int, int]:
    return Document.objects.count(), JournalEntry.objects.count(), AuditRecord.objects.count()


def test_the_sales_list_shows_each_document_with_its_total_and_outstanding(viewer_client, invoice):
    response = viewer_client.get(SALES)

    body = response.content.decode()
    assert response.status_code == 200
    assert "INV/25-26/000001" in body
    assert body.count("₹4,917.00") == 2  # the total, and all of it outstanding
    assert 'id="new-document"' not in body  # a viewer reads only


def test_the_list_filters_by_status_party_kind_and_dates(viewer_client, invoice, draft, customer):
    draft(customer, date(2025, 11, 3), [line("2523", "1", "100.00")])

    def numbers(**query: str) -> list[str]:
        rows = viewer_client.get(SALES, query).context["rows"]
        return [row["number"] for row in rows]

    assert len(numbers()) == 2
    assert numbers(status="issued") == ["INV/25-26/000001"]
    assert numbers(date_from="01-11-2025") == [f"Draft #{Document.objects.last().pk}"]
    assert numbers(date_to="01-10-2025", kind="sales_invoice") == ["INV/25-26/000001"]
    assert numbers(kind="credit_note") == []
    assert len(numbers(party=str(customer.pk))) == 2


def test_the_purchase_list_does_not_show_sales(viewer_client, invoice):
    response = viewer_client.get(reverse("sales:purchase-list"))

    assert "INV/25-26/000001" not in response.content.decode()


def test_the_list_paginates_fifty_a_page(viewer_client, draft, customer):
    for _ in range(51):
        draft(customer, OCT_1, [line("2523", "1", "1.00")])

    first = viewer_client.get(SALES)
    second = viewer_client.get(SALES, {"page": "2"})

    assert (len(first.context["rows"]), len(second.context["rows"])) == (50, 1)


def test_the_document_view_shows_lines_tax_by_head_totals_and_the_entry_link(
    viewer_client, invoice
):
    response = viewer_client.get(_detail(invoice))

    body = response.content.decode()
    assert response.status_code == 200
    assert "₹4,166.63" in body
    assert '<th scope="row">CGST</th><td class="num amount">₹375.00</td>' in body
    assert '<th scope="row">SGST / UTGST</th><td class="num amount">₹375.00</td>' in body
    assert "IGST" not in body.split('id="totals"')[1]
    assert '<td class="num amount" id="grand-total">₹4,917.00</td>' in body
    assert reverse("books:entry-detail", args=[invoice.journal_entry_id]) in body
    assert "Maharashtra (27)" in body
    assert 'id="cancel-form"' not in body  # no actions for a viewer


def test_issuing_a_draft_from_its_page_posts_the_entry(accountant_client, draft, customer):
    document = draft(customer, OCT_1, [line("2523", "12.5", "333.33")])

    response = accountant_client.post(_detail(document, "issue"))

    document.refresh_from_db()
    assert response.status_code == 303
    assert document.document_number == "INV/25-26/000001"
    debtors = JournalLine.objects.get(
        entry=document.journal_entry, account__system_role="sundry_debtors"
    )
    assert (debtors.debit_paise, debtors.party_id) == (491700, customer.pk)


def test_cancelling_with_a_reason_reverses_the_entry_and_keeps_the_number(
    accountant_client, invoice
):
    response = accountant_client.post(_detail(invoice, "cancel"), {"reason": "Wrong buyer"})

    invoice.refresh_from_db()
    assert response.status_code == 303
    assert (invoice.status, invoice.document_number) == ("cancelled", "INV/25-26/000001")
    reversal = JournalLine.objects.get(
        entry=invoice.cancel_entry, account__system_role="sundry_debtors"
    )
    assert (reversal.debit_paise, reversal.credit_paise) == (0, 491700)


def test_cancelling_without_a_reason_is_422_and_writes_nothing(accountant_client, invoice):
    before = _written()
    response = accountant_client.post(_detail(invoice, "cancel"), {"reason": ""})

    invoice.refresh_from_db()
    assert response.status_code == 422
    assert invoice.status == "issued"
    assert _written() == before


def test_deleting_a_draft_from_its_page_removes_it(accountant_client, draft, customer):
    document = draft(customer, OCT_1, [line("2523", "1", "100.00")])

    response = accountant_client.post(_detail(document, "delete"))

    assert response.status_code == 303
    assert response["Location"] == SALES
    assert not Document.objects.filter(pk=document.pk).exists()


def test_deleting_an_issued_document_is_refused_and_keeps_it(accountant_client, invoice):
    accountant_client.post(_detail(invoice, "delete"))

    assert Document.objects.filter(pk=invoice.pk, status="issued").exists()


def test_a_viewer_posting_an_action_gets_403_and_nothing_is_written(
    viewer_client, invoice, draft, customer
):
    document = draft(customer, OCT_1, [line("2523", "1", "100.00")])
    before = _written()

    assert viewer_client.post(_detail(document, "issue")).status_code == 403
    assert viewer_client.post(_detail(document, "delete")).status_code == 403
    assert viewer_client.post(_detail(invoice, "cancel"), {"reason": "x"}).status_code == 403
    assert _written() == before


def test_another_companys_document_answers_404_to_every_page_and_action(
    accountant_client, invoice, other
):
    theirs = other["document"]
    before = _written()

    for action in ("detail", "pdf", "edit"):
        assert accountant_client.get(_detail(theirs, action)).status_code == 404
    for action in ("issue", "cancel", "delete"):
        assert accountant_client.post(_detail(theirs, action), {"reason": "x"}).status_code == 404
    assert _written() == before


def test_the_pdf_download_is_the_printed_invoice(viewer_client, invoice):
    response = viewer_client.get(_detail(invoice, "pdf"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "INV/25-26/000001" in text
    assert "4,917.00" in text
    assert "Pune Hardware" in text


def test_a_draft_has_no_pdf_and_its_link_leads_back_to_it(viewer_client, draft, customer):
    document = draft(customer, OCT_1, [line("2523", "1", "100.00")])

    response = viewer_client.get(_detail(document, "pdf"))

    assert response.status_code == 303
    assert response["Location"] == _detail(document)
