"""`bahi invoice pdf`: writes the PDF of an issued document; unknown numbers are errors."""

import io
from datetime import date
from decimal import Decimal

import pypdf
import pytest

from bahi.cli import main
from bahi.invoicing.services import issue_document, save_draft_document
from bahi.invoicing.types import DocumentDraft, LineDraft
from bahi.ledger.services import create_party

pytestmark = pytest.mark.django_db


@pytest.fixture
def invoice(company, admin_user):
    party = create_party(
        company=company, actor=admin_user, name="Bengaluru Tech", gstin="29AAFCC9980M1ZR"
    )
    draft = DocumentDraft(
        kind="sales_invoice",
        party_id=party.id,
        document_date=date(2025, 10, 1),
        lines=(
            LineDraft(
                description="Consulting",
                hsn_code="9983",
                quantity=Decimal(2),
                rate=Decimal("50000.00"),
            ),
        ),
    )
    document = save_draft_document(company=company, actor=admin_user, draft=draft)
    return issue_document(company=company, actor=admin_user, document_id=document.id)


def test_invoice_pdf_writes_the_document(company, invoice, tmp_path, capsys):
    output = tmp_path / "invoice.pdf"

    code = main(
        [
            "invoice",
            "pdf",
            "inv/25-26/000001",
            "--output",
            str(output),
            "--company",
            str(company.id),
        ]
    )

    assert code == 0
    text = " ".join(
        pypdf.PdfReader(io.BytesIO(output.read_bytes())).pages[0].extract_text().split()
    )
    assert "TAX INVOICE NO. INV/25-26/000001" in text
    assert "Total (₹) ₹1,18,000.00" in text
    assert "Rupees One Lakh Eighteen Thousand Only" in text
    assert capsys.readouterr().out.startswith(f"wrote {output} (")


def test_unknown_document_number_is_an_error_and_writes_nothing(company, tmp_path, capsys):
    output = tmp_path / "invoice.pdf"

    code = main(["invoice", "pdf", "INV/25-26/999999", "-o", str(output)])

    assert code == 2
    assert "no document numbered 'INV/25-26/999999'" in capsys.readouterr().err
    assert not output.exists()
