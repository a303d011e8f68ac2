"""The company's print details: what its invoices show (Rule 46(a) supplier name, address and
GSTIN; contact; bank details; a UPI ID for the payment QR code) and its logo."""

from dataclasses import dataclass, fields

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from bahi.core.contact import (
    bank_account_error,
    check_fields,
    ifsc_error,
    mask,
    phone_error,
    pincode_error,
    upi_vpa_error,
)
from bahi.core.errors import InvalidInput
from bahi.identity.audit import record_update
from bahi.identity.models import Company, User
from bahi.identity.permissions import Action, ensure_can

MAX_LOGO_BYTES = 512 * 1024
# The formats WeasyPrint embeds without extra libraries, known by their first bytes.
LOGO_SIGNATURES = {b"\x89PNG\r\n\x1a\n": "image/png", b"\xff\xd8\xff": "image/jpeg"}


@dataclass(frozen=True, slots=True)
class CompanyPrintDetails:
    trade_name: str = ""
    address: str = ""
    pincode: str = ""
    phone: str = ""
    email: str = ""
    upi_vpa: str = ""
    bank_name: str = ""
    bank_branch: str = ""
    bank_ifsc: str = ""
    bank_account_number: str = ""
    invoice_terms: str = ""


def logo_content_type(data: bytes) -> str:
    """'image/png' or 'image/jpeg' from the file's signature; InvalidInput otherwise."""
    if len(data) > MAX_LOGO_BYTES:
        raise InvalidInput(
            f"the logo is {len(data)} bytes; at most {MAX_LOGO_BYTES} are kept",
            details={"field": "logo"},
        )
    for signature, content_type in LOGO_SIGNATURES.items():
        if data.startswith(signature):
            return content_type
    raise InvalidInput("the logo must be a PNG or JPEG image", details={"field": "logo"})


def _check(details: CompanyPrintDetails) -> None:
    check_fields(
        (
            ("pincode", details.pincode, pincode_error),
            ("phone", details.phone, phone_error),
            ("upi_vpa", details.upi_vpa, upi_vpa_error),
            ("bank_ifsc", details.bank_ifsc, ifsc_error),
            ("bank_account_number", details.bank_account_number, bank_account_error),
        )
    )
    if details.email:
        try:
            validate_email(details.email)
        except ValidationError as error:
            raise InvalidInput(
                f"{details.email!r} is not an email address", details={"field": "email"}
            ) from error


def _snapshot(company: Company) -> dict[str, object]:
    values: dict[str, object] = {
        field.name: getattr(company, field.name) for field in fields(CompanyPrintDetails)
    }
    values["bank_account_number"] = mask(company.bank_account_number)
    values["logo_bytes"] = len(company.logo or b"")
    return values


@transaction.atomic
def update_company_print_details(
    *,
    company: Company,
    actor: User,
    details: CompanyPrintDetails,
    logo: bytes | None = None,
) -> Company:
    """Set what invoices print. `logo` None keeps the current logo, b"" removes it. Admins only.
    The edit log keeps the changed values (the bank account masked). Raises InvalidInput
    naming the field, PermissionDenied."""
    ensure_can(actor=actor, company=company, action=Action.MANAGE_COMPANY)
    cleaned = CompanyPrintDetails(
        **{field.name: getattr(details, field.name).strip() for field in fields(details)}
    )
    _check(cleaned)
    content_type = logo_content_type(logo) if logo else ""
    locked = Company.objects.select_for_update().get(pk=company.pk)
    before = _snapshot(locked)
    for field in fields(cleaned):
        setattr(locked, field.name, getattr(cleaned, field.name))
    if logo is not None:
        locked.logo_content_type = content_type
        locked.logo = logo
    locked.save()
    record_update(
        company=locked,
        actor=actor,
        object_type="identity.company",
        object_id=locked.id,
        before=before,
        after=_snapshot(locked),
    )
    return locked
