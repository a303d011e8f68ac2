"""Company print details: what invoices show, validated, with the logo kept for PDFs and the
change on the edit log (bank account masked)."""

import pytest
from django.db import connection

from bahi.core.errors import InvalidInput, PermissionDenied
from bahi.identity.models import AuditRecord, Company, Role, User
from bahi.identity.profile import CompanyPrintDetails, update_company_print_details
from bahi.identity.services import add_member

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 20
DETAILS = CompanyPrintDetails(
    address="14 Laxmi Road, Pune",
    pincode="411030",
    phone="+91 20 2445 1234",
    email="accounts@sharma.example.in",
    upi_vpa="sharmatraders@okhdfcbank",
    bank_name="HDFC Bank",
    bank_branch="Laxmi Road",
    bank_ifsc="HDFC0000123",
    bank_account_number="50200012345678",
)


def test_print_details_and_logo_are_stored(company, admin_user):
    update_company_print_details(company=company, actor=admin_user, details=DETAILS, logo=PNG)

    stored = Company.objects.get(pk=company.pk)
    assert (stored.address, stored.pincode, stored.upi_vpa) == (
        "14 Laxmi Road, Pune",
        "411030",
        "sharmatraders@okhdfcbank",
    )
    assert (bytes(stored.logo), stored.logo_content_type) == (PNG, "image/png")
    assert stored.bank_account_number == "50200012345678"


def test_company_bank_account_is_encrypted_at_rest(company, admin_user):
    update_company_print_details(company=company, actor=admin_user, details=DETAILS)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT bank_account_number FROM identity_company WHERE id = %s", [company.id]
        )
        stored = cursor.fetchone()[0]

    assert stored.startswith("v1:")
    assert "50200012345678" not in stored


def test_change_is_on_the_edit_log_with_the_account_masked(company, admin_user):
    update_company_print_details(company=company, actor=admin_user, details=DETAILS, logo=PNG)

    record = AuditRecord.objects.latest("sequence")
    assert (record.action, record.object_type) == ("update", "identity.company")
    assert record.before["bank_account_number"] == ""
    assert record.after["bank_account_number"] == "**********5678"
    assert record.after["logo_bytes"] == len(PNG)


def test_logo_none_keeps_it_and_empty_removes_it(company, admin_user):
    update_company_print_details(company=company, actor=admin_user, details=DETAILS, logo=PNG)
    update_company_print_details(company=company, actor=admin_user, details=DETAILS)
    assert bytes(Company.objects.get(pk=company.pk).logo) == PNG

    update_company_print_details(company=company, actor=admin_user, details=DETAILS, logo=b"")
    stored = Company.objects.get(pk=company.pk)
    assert (bytes(stored.logo), stored.logo_content_type) == (b"", "")


@pytest.mark.parametrize(
    ("field", "changes", "logo"),
    [
        ("pincode", {"pincode": "0110001"}, None),
        ("upi_vpa", {"upi_vpa": "sharma traders"}, None),
        ("bank_ifsc", {"bank_ifsc": "HDFC123"}, None),
        ("bank_account_number", {"bank_account_number": "12-34"}, None),
        ("email", {"email": "not-an-address"}, None),
        ("phone", {"phone": "phone"}, None),
        ("logo", {}, b"GIF89a"),
        ("logo", {}, PNG + b"\x00" * 600_000),
    ],
)
def test_wrong_details_change_nothing(company, admin_user, field, changes, logo):
    from dataclasses import replace

    records = AuditRecord.objects.count()
    with pytest.raises(InvalidInput) as caught:
        update_company_print_details(
            company=company, actor=admin_user, details=replace(DETAILS, **changes), logo=logo
        )

    assert caught.value.details["field"] == field
    assert Company.objects.get(pk=company.pk).address == ""
    assert AuditRecord.objects.count() == records


def test_only_admins_change_print_details(company):
    accountant = User.objects.create_user("acc", "acc@example.in", "pw")
    add_member(company=company, user=accountant, role=Role.ACCOUNTANT)

    with pytest.raises(PermissionDenied):
        update_company_print_details(company=company, actor=accountant, details=DETAILS)
