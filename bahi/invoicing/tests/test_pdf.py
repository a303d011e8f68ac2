"""The invoice PDF: rendered by WeasyPrint, read back with pypdf, and checked for every Rule 46
particular, the totals and words, the HSN summary, the logo and the UPI payment link and QR."""

import io
from datetime import date
from decimal import Decimal

import pypdf
import pytest
import segno

from bahi.core.errors import InvalidInput, NotFound
from bahi.identity.profile import CompanyPrintDetails, update_company_print_details
from bahi.invoicing.pdf import (
    invoice_context,
    qr_svg_data_uri,
    render_document_pdf,
    render_pdf_by_number,
)
from bahi.invoicing.printing import upi_payment_uri
from bahi.invoicing.services import cancel_document, issue_document, save_draft_document
from bahi.invoicing.tests.conftest import line
from bahi.invoicing.types import DocumentDraft
from bahi.ledger.parties import add_party
from bahi.ledger.services import create_company_with_books
from bahi.ledger.types import PartyDetails

pytestmark = pytest.mark.django_db

OCT_1 = date(2025, 10, 1)
UPI = "upi://pay?pa=sharmatraders@okhdfcbank&pn=Sharma%20Traders&am=99199.00&tn=INV/25-26/000001&cu=INR"


@pytest.fixture
def printing_company(company, admin_user):
    buffer = io.BytesIO()
    segno.make("Sharma", error="h").save(buffer, kind="png", scale=4)
    company.gstin = "27AAPFU0939F1ZV"
    company.save()
    return update_company_print_details(
        company=company,
        actor=admin_user,
        logo=buffer.getvalue(),
        details=CompanyPrintDetails(
            trade_name="Sharma Traders",
            address="14 Laxmi Road, Shaniwar Peth, Pune",
            pincode="411030",
            phone="+91 20 2445 1234",
            email="accounts@sharma.example.in",
            upi_vpa="sharmatraders@okhdfcbank",
            bank_name="HDFC Bank",
            bank_branch="Laxmi Road",
            bank_ifsc="HDFC0000123",
            bank_account_number="50200012345678",
        ),
    )


@pytest.fixture
def bengaluru(master_party):
    return master_party(
        "Bengaluru Tech Pvt Ltd",
        is_customer=True,
        gstin="29AAFCC9980M1ZR",
        billing_address="12 Whitefield Road, Bengaluru 560066",
        shipping_address="Plot 7, Peenya Industrial Area, Bengaluru",
        credit_days=30,
    )


def _read(pdf: bytes) -> tuple[str, list[str], int]:
    """(the text with whitespace collapsed, link URIs, number of embedded images)."""
    page = pypdf.PdfReader(io.BytesIO(pdf)).pages[0]
    links = [annot.get_object()["/A"]["/URI"] for annot in page.get("/Annots", [])]
    return " ".join(page.extract_text().split()), links, len(page.images)


def _inter_state_invoice(issue, bengaluru):
    # 2 air conditioners at 40,000.00 + 12.5 bags of cement at 333.33 less 100.00 = 84,066.63;
    # IGST 18% = 14,400.00 + 731.99; 99,198.62 rounds to 99,199.00.
    return issue(
        bengaluru,
        OCT_1,
        [
            line("8415", "2", "40000.00", unit="NOS"),
            line("2523", "12.5", "333.33", discount=Decimal("100.00"), unit="BAG"),
        ],
    )


def test_tax_invoice_pdf_carries_every_rule_46_particular(printing_company, issue, bengaluru):
    invoice = _inter_state_invoice(issue, bengaluru)

    text, _, _ = _read(render_document_pdf(company=printing_company, document=invoice))

    for particular in (
        "TAX INVOICE",
        "Sharma Traders Pvt Ltd",  # (a) supplier name, address, GSTIN
        "14 Laxmi Road, Shaniwar Peth, Pune - 411030",
        "GSTIN: 27AAPFU0939F1ZV",
        "TAX INVOICE NO. INV/25-26/000001",  # (b) number, (c) date
        "DATE 01-10-2025",
        "DUE DATE 31-10-2025",
        "Bengaluru Tech Pvt Ltd",  # (d) recipient name, address, GSTIN
        "12 Whitefield Road, Bengaluru 560066 State: 29-Karnataka GSTIN: 29AAFCC9980M1ZR",
        "SHIP TO (DELIVERY ADDRESS) Plot 7, Peenya Industrial Area, Bengaluru",  # (o)
        # (g)-(m): HSN, description, quantity and unit, rate, discount, taxable value, tax
        "1 item 8415 8415 2 NOS 40,000.00 80,000.00 18% 14,400.00 94,400.00",
        "2 item 2523 2523 12.5 BAG 333.33 100.00 4,066.63 18% 731.99 4,798.62",
        "PLACE OF SUPPLY 29-Karnataka",  # (n)
        "REVERSE CHARGE No",  # (p)
        "For Sharma Traders Pvt Ltd Authorised Signatory",  # (q)
    ):
        assert particular in text


def test_tax_invoice_pdf_shows_totals_words_hsn_summary_and_bank(
    printing_company, issue, bengaluru
):
    invoice = _inter_state_invoice(issue, bengaluru)

    text, _, images = _read(render_document_pdf(company=printing_company, document=invoice))

    assert "Taxable value 84,066.63 IGST 15,131.99 Round off 0.38 Total (₹) ₹99,199.00" in text
    assert "Rupees Ninety-Nine Thousand One Hundred Ninety-Nine Only" in text
    assert "8415 18% 80,000.00 14,400.00 14,400.00 2523 18% 4,066.63 731.99 731.99" in text
    assert "HDFC Bank, Laxmi Road A/c No.: 50200012345678 IFSC: HDFC0000123" in text
    assert images == 1  # the logo (the QR code is vector)


def test_tax_invoice_pdf_links_the_upi_payment_and_its_qr_code_encodes_it(
    printing_company, issue, bengaluru
):
    invoice = _inter_state_invoice(issue, bengaluru)

    text, links, _ = _read(render_document_pdf(company=printing_company, document=invoice))
    context = invoice_context(printing_company, invoice)

    assert set(links) == {UPI}
    assert "Scan to pay by UPI sharmatraders@okhdfcbank" in text
    assert context["qr"] == segno.make(UPI, error="m").svg_data_uri(scale=4, border=2)
    assert context["qr"] == qr_svg_data_uri(UPI)


def test_intra_state_invoice_prints_cgst_and_sgst_at_half_the_rate(
    printing_company, issue, pune_customer
):
    # 12.5 bags at 333.33 = 4,166.63; CGST 9% = 375.00, SGST 9% = 375.00; 4,917.00 rounded.
    invoice = issue(pune_customer, OCT_1, [line("2523", "12.5", "333.33", unit="BAG")])

    text, _, _ = _read(render_document_pdf(company=printing_company, document=invoice))

    assert "CGST SGST" in text
    assert "1 item 2523 2523 12.5 BAG 333.33 4,166.63 9% 375.00 9% 375.00 4,916.63" in text
    assert "CGST 375.00 SGST 375.00 Round off 0.37 Total (₹) ₹4,917.00" in text
    assert "Rupees Four Thousand Nine Hundred Seventeen Only" in text
    assert "State: 27-Maharashtra" in text
    assert "IGST" not in text


def test_bill_of_supply_prints_no_tax(printing_company, issue, pune_customer):
    bill = issue(pune_customer, OCT_1, [line("0406", "3", "250.50")], kind="bill_of_supply")

    text, links, _ = _read(render_document_pdf(company=printing_company, document=bill))

    assert "BILL OF SUPPLY" in text
    assert "BILL OF SUPPLY NO. BOS/25-26/000001" in text
    assert "No GST is charged on this bill of supply." in text
    assert "Total (₹) ₹752.00" in text  # 751.50 rounded to the rupee
    assert "CGST" not in text
    assert "HSN/SAC Rate" not in text  # no HSN tax summary without tax
    assert links
    assert all("am=752.00&tn=BOS/25-26/000001&cu=INR" in link for link in links)


def test_credit_note_names_the_invoice_and_has_no_payment_qr(printing_company, issue, bengaluru):
    invoice = _inter_state_invoice(issue, bengaluru)
    note = issue(
        bengaluru,
        date(2025, 10, 5),
        [line("8415", "1", "40000.00", unit="NOS")],
        kind="credit_note",
        against_document_id=invoice.id,
        notes="One air conditioner returned damaged.",
    )

    text, links, _ = _read(render_document_pdf(company=printing_company, document=note))

    assert "CREDIT NOTE" in text
    assert "CREDIT NOTE NO. CN/25-26/0000001" in text
    assert "AGAINST INVOICE INV/25-26/000001 dated 01-10-2025" in text
    assert "Rupees Forty-Seven Thousand Two Hundred Only" in text
    assert "One air conditioner returned damaged." in text
    assert links == []


def test_export_under_lut_carries_the_endorsement(printing_company, issue, master_party):
    buyer = master_party("Dubai Foods LLC", is_customer=True, gst_treatment="overseas")
    invoice = issue(buyer, OCT_1, [line("0406", "100", "850.00")], supply_type="export_lut")

    text, _, _ = _read(render_document_pdf(company=printing_company, document=invoice))

    assert "PLACE OF SUPPLY 96-Other Countries" in text
    assert (
        "SUPPLY MEANT FOR EXPORT UNDER BOND OR LETTER OF UNDERTAKING WITHOUT PAYMENT OF "
        "INTEGRATED TAX" in text
    )


def test_reverse_charge_invoice_says_so(printing_company, issue, bengaluru):
    invoice = issue(bengaluru, OCT_1, [line("9983", "1", "1000.00")], reverse_charge=True)

    text, _, _ = _read(render_document_pdf(company=printing_company, document=invoice))

    assert "REVERSE CHARGE Yes" in text
    assert "Tax shown is payable by the recipient under reverse charge." in text


def test_cancelled_invoice_is_marked(printing_company, issue, bengaluru, admin_user):
    invoice = _inter_state_invoice(issue, bengaluru)
    cancel_document(
        company=printing_company, actor=admin_user, document_id=invoice.id, reason="wrong party"
    )
    invoice.refresh_from_db()

    text, _, _ = _read(render_document_pdf(company=printing_company, document=invoice))

    assert "CANCELLED" in text


def test_drafts_and_supplier_bills_are_not_printed(printing_company, draft, issue, bengaluru):
    supplier_bill = issue(bengaluru, OCT_1, [line("8415", "1", "100.00")], kind="purchase_bill")

    with pytest.raises(InvalidInput, match="issue it to print it"):
        render_document_pdf(
            company=printing_company, document=draft(bengaluru, OCT_1, [line("8415", "1", "1.00")])
        )
    with pytest.raises(InvalidInput, match="supplier's bill"):
        render_document_pdf(company=printing_company, document=supplier_bill)


def test_another_company_cannot_print_the_document(printing_company, issue, bengaluru, admin_user):
    invoice = _inter_state_invoice(issue, bengaluru)
    other = create_company_with_books(
        owner=admin_user, legal_name="Other", state_code="27", books_begin_date=date(2024, 4, 1)
    )

    with pytest.raises(NotFound):
        render_pdf_by_number(company=other, document_number=invoice.document_number)
    with pytest.raises(InvalidInput):
        render_document_pdf(company=other, document=invoice)


def test_upi_link_encodes_the_payee_name_and_note():
    uri = upi_payment_uri(
        vpa="shah.co@okicici", payee_name="Shah & Sons", amount=Decimal("1234.5"), note="INV/1"
    )

    assert uri == "upi://pay?pa=shah.co@okicici&pn=Shah%20%26%20Sons&am=1234.50&tn=INV/1&cu=INR"


def test_union_territory_invoice_prints_utgst(admin_user):
    chandigarh = create_company_with_books(
        owner=admin_user,
        legal_name="Sector 17 Traders",
        state_code="04",
        books_begin_date=date(2024, 4, 1),
    )
    buyer = add_party(
        company=chandigarh,
        actor=admin_user,
        details=PartyDetails(name="Kaur Stores", gst_treatment="consumer", state_code="04"),
    )
    # 10 bags at 400.00 = 4,000.00; CGST 9% = 360.00 and UTGST 9% = 360.00.
    draft = save_draft_document(
        company=chandigarh,
        actor=admin_user,
        draft=DocumentDraft(
            kind="sales_invoice",
            party_id=buyer.id,
            document_date=OCT_1,
            lines=(line("2523", "10", "400.00", unit="BAG"),),
        ),
    )
    invoice = issue_document(company=chandigarh, actor=admin_user, document_id=draft.id)

    text, links, _ = _read(render_document_pdf(company=chandigarh, document=invoice))

    assert "CGST UTGST" in text
    assert "CGST 360.00 UTGST 360.00 Total (₹) ₹4,720.00" in text
    assert "PLACE OF SUPPLY 04-Chandigarh" in text
    assert links == []  # no UPI ID set
