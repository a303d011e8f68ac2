"""The company details page: admins edit what invoices print and upload the logo (the service
checks its type and size), with a preview; everyone else is refused."""

import base64
import io
import re

import pytest
import segno
from django.core.files.uploadedfile import SimpleUploadedFile

from bahi.identity.models import AuditRecord, Company
from bahi.identity.profile import MAX_LOGO_BYTES
from bahi.web.tests.masters.pages import field_errors

pytestmark = pytest.mark.django_db

URL = "/masters/company/"


def _png() -> bytes:
    buffer = io.BytesIO()
    segno.make("Sharma", error="h").save(buffer, kind="png", scale=2)
    return buffer.getvalue()


def _form(**fields: object) -> dict[str, object]:
    return {
        "trade_name": "Sharma Traders",
        "address": "14 Laxmi Road, Shaniwar Peth, Pune",
        "pincode": "411030",
        "phone": "+91 20 2445 1234",
        "email": "accounts@sharma.example.in",
        "upi_vpa": "sharmatraders@okhdfcbank",
        "bank_name": "HDFC Bank",
        "bank_branch": "Shaniwar Peth",
        "bank_ifsc": "HDFC0000123",
        "bank_account_number": "50100012345678",
        "invoice_terms": "Payment within 30 days.",
        **fields,
    }


def _stored(company: Company) -> tuple[object, ...]:
    company.refresh_from_db()
    return (
        company.trade_name,
        company.upi_vpa,
        company.bank_account_number,
        bytes(company.logo),
        AuditRecord.objects.filter(company=company).count(),
    )


def test_an_admin_saves_the_print_details_and_a_png_logo_and_sees_its_preview(signed_in, company):
    logo = _png()
    upload = SimpleUploadedFile("logo.png", logo, content_type="image/png")
    response = signed_in.post(URL, _form(logo=upload))
    assert response.status_code == 303
    assert response["Location"] == URL
    company.refresh_from_db()
    assert (company.trade_name, company.address, company.pincode) == (
        "Sharma Traders",
        "14 Laxmi Road, Shaniwar Peth, Pune",
        "411030",
    )
    assert (company.upi_vpa, company.bank_ifsc, company.bank_account_number) == (
        "sharmatraders@okhdfcbank",
        "HDFC0000123",
        "50100012345678",
    )
    assert (bytes(company.logo), company.logo_content_type) == (logo, "image/png")
    record = AuditRecord.objects.get(
        company=company, object_type="identity.company", action="update"
    )
    assert record.after["bank_account_number"] == "**********5678"
    assert record.after["logo_bytes"] == len(logo)

    page = signed_in.get(URL).content.decode()
    preview = f'<img src="data:image/png;base64,{base64.b64encode(logo).decode()}"'
    assert preview in page
    assert "50100012345678" not in page
    assert "On file: **********5678. Leave blank to keep it." in page


def test_a_blank_account_number_keeps_the_one_on_file_and_no_upload_keeps_the_logo(
    signed_in, company
):
    logo = _png()
    signed_in.post(URL, _form(logo=SimpleUploadedFile("l.png", logo)))
    response = signed_in.post(URL, _form(bank_account_number="", trade_name="Sharma & Sons"))
    assert response.status_code == 303
    company.refresh_from_db()
    assert (company.trade_name, company.bank_account_number) == ("Sharma & Sons", "50100012345678")
    assert bytes(company.logo) == logo


def test_removing_the_logo_and_the_bank_account(signed_in, company):
    page = signed_in.get(URL).content.decode()
    assert 'name="remove_logo"' not in page
    assert 'name="clear_bank_account"' not in page
    signed_in.post(URL, _form(logo=SimpleUploadedFile("l.png", _png())))
    form = _form(bank_account_number="", remove_logo="on", clear_bank_account="on")
    assert signed_in.post(URL, form).status_code == 303
    company.refresh_from_db()
    assert (bytes(company.logo), company.bank_account_number) == (b"", "")
    assert "No logo yet." in signed_in.get(URL).content.decode()


def test_a_gif_logo_is_refused_on_the_logo_field_and_nothing_is_written(signed_in, company):
    before = _stored(company)
    gif = SimpleUploadedFile("logo.gif", b"GIF89a" + b"\x00" * 64, content_type="image/gif")
    response = signed_in.post(URL, _form(logo=gif))
    assert response.status_code == 422
    page = response.content.decode()
    assert field_errors(page, "logo") == ["the logo must be a PNG or JPEG image"]
    assert _stored(company) == before


def test_a_logo_over_512_kb_is_refused_and_nothing_is_written(signed_in, company):
    before = _stored(company)
    big = b"\x89PNG\r\n\x1a\n" + b"\x00" * MAX_LOGO_BYTES
    response = signed_in.post(URL, _form(logo=SimpleUploadedFile("big.png", big)))
    assert response.status_code == 422
    assert field_errors(response.content.decode(), "logo") == [
        f"the logo is {MAX_LOGO_BYTES + 1} bytes; at most {MAX_LOGO_BYTES} are kept"
    ]
    assert _stored(company) == before


def test_a_upi_id_without_a_bank_handle_is_refused_on_its_field(signed_in, company):
    before = _stored(company)
    response = signed_in.post(URL, _form(upi_vpa="sharmatraders"))
    assert response.status_code == 422
    assert field_errors(response.content.decode(), "upi_vpa") == [
        "UPI ID &#x27;sharmatraders&#x27; is not of the form name@bank"
    ]
    assert _stored(company) == before


@pytest.mark.parametrize("role", ["accountant", "viewer"])
def test_only_admins_open_or_save_the_company_details(as_role, company, role):
    client = as_role(role)
    before = _stored(company)
    assert client.get(URL).status_code == 403
    assert client.post(URL, _form()).status_code == 403
    assert _stored(company) == before
    assert "Company details" not in client.get("/masters/parties/").content.decode()


def test_the_nav_links_the_masters_pages(signed_in):
    page = signed_in.get("/masters/items/").content.decode()
    nav = re.search(r'<nav aria-label="Masters">.*?</nav>', page, re.S).group(0)
    assert re.findall(r'href="([^"]+)"', nav) == [
        "/masters/parties/",
        "/masters/items/",
        "/masters/company/",
    ]
