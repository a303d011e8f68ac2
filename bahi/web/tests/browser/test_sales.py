"""The sales pages in Chromium: an invoice filled in, its taxes previewed by the server, issued,
found in the list, and its PDF downloaded."""

import re

import pytest

from bahi.ledger.services import create_party

pytestmark = pytest.mark.django_db(transaction=True)
DOCUMENT_PAGE = re.compile(r".*/sales/documents/\d+/$")


def test_an_accountant_issues_an_invoice_and_downloads_its_pdf(visit, admin_user, company):
    customer = create_party(
        company=company, actor=admin_user, name="Pune Hardware", is_customer=True, state_code="27"
    )
    session = visit()
    session.sign_in_as(admin_user)
    page = session.page

    page.goto("/sales/new/")
    page.select_option("#id_party", str(customer.pk))
    page.fill("#id_document_date", "01-10-2025")
    page.fill("#id_lines-0-description", "Cement")
    page.fill("#id_lines-0-hsn_code", "2523")
    page.fill("#id_lines-0-quantity", "12.5")
    page.fill("#id_lines-0-rate", "333.33")
    page.locator("#id_lines-0-rate").blur()
    page.wait_for_selector("#preview #grand-total")
    assert page.inner_text("#preview #grand-total") == "₹4,917.00"
    session.screenshot("invoice-form")
    page.click("#issue-document")
    page.wait_for_url(DOCUMENT_PAGE)
    assert page.inner_text("#document-status") == "Issued"
    pdf_url = page.get_attribute("#download-pdf", "href")

    page.goto("/sales/")
    assert "INV/25-26/000001" in page.inner_text("#documents")
    download = page.request.get(pdf_url)
    assert (download.status, download.headers["content-type"]) == (200, "application/pdf")
    # A preview of a half-filled form answers 422 with its errors (the browser logs that).
    assert [error for error in session.errors if "422" not in error] == []
