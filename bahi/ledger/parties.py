"""The party master: customers and suppliers with their GST treatment, addresses, credit terms
and bank details. Checks come first (each error names the field), then one atomic write with its
audit record (before and after values; bank details masked, since the edit log is not encrypted).
"""

from dataclasses import asdict, replace
from typing import Any

from django.db import transaction

from bahi.core.contact import (
    bank_account_error,
    check_fields,
    ifsc_error,
    mask,
    phone_error,
    pincode_error,
)
from bahi.core.errors import InvalidInput, NotFound
from bahi.core.money import from_paise, to_paise
from bahi.gst.states import OTHER_COUNTRIES, STATES, StateTax
from bahi.gst.validators import PAN_PATTERN, gstin_error, normalise, pan_error
from bahi.identity.audit import record_change, record_update
from bahi.identity.models import Company, User
from bahi.identity.permissions import Action, ensure_can
from bahi.ledger.models import REGISTERED_TREATMENTS, GstTreatment, Party
from bahi.ledger.types import PartyDetails

MAX_CREDIT_DAYS = 365


def _fail(field: str, message: str) -> InvalidInput:
    return InvalidInput(message, details={"field": field})


def _infer_treatment(details: PartyDetails) -> str:
    if details.gstin.strip():
        return GstTreatment.REGULAR
    if details.state_code.strip() == OTHER_COUNTRIES:
        return GstTreatment.OVERSEAS
    return GstTreatment.UNREGISTERED


def _check_state(field: str, code: str, *, abroad_allowed: bool) -> None:
    state = STATES.get(code)
    indian = state is not None and state.state_tax is not StateTax.NONE and not state.is_legacy
    if not (indian or (abroad_allowed and code == OTHER_COUNTRIES)):
        raise _fail(field, f"{code!r} is not the GST code of an Indian state or union territory")


def _registered_state(details: PartyDetails, treatment: str) -> tuple[str, str]:
    """(GSTIN, state code) of a registered party: the GSTIN is valid and in the party's state."""
    label = GstTreatment(treatment).label
    if not details.gstin.strip():
        raise _fail("gstin", f"a party with GST treatment '{label}' needs its GSTIN")
    problem = gstin_error(details.gstin)
    if problem is not None:
        raise _fail("gstin", problem)
    gstin = normalise(details.gstin)
    state = details.state_code.strip() or gstin[:2]
    if state != gstin[:2]:
        registered = STATES[gstin[:2]].name
        raise _fail(
            "state_code",
            f"GSTIN {gstin} is registered in {registered} ({gstin[:2]}), "
            f"but the party's billing state is {state}",
        )
    return gstin, state


def _gst_identity(details: PartyDetails) -> tuple[str, str, str]:
    """(treatment, GSTIN, billing state) after the GST checks."""
    treatment = details.gst_treatment or _infer_treatment(details)
    if treatment not in GstTreatment.values:
        raise _fail("gst_treatment", f"unknown GST treatment {treatment!r}")
    if treatment in REGISTERED_TREATMENTS:
        gstin, state = _registered_state(details, treatment)
        return treatment, gstin, state
    if details.gstin.strip():
        label = GstTreatment(treatment).label
        raise _fail("gstin", f"a party with GST treatment '{label}' has no GSTIN; leave it blank")
    state = details.state_code.strip()
    if treatment == GstTreatment.OVERSEAS:
        state = state or OTHER_COUNTRIES
        if state != OTHER_COUNTRIES:
            raise _fail("state_code", "an overseas party's billing state is 96 (Other Countries)")
    elif state:
        _check_state("state_code", state, abroad_allowed=False)
    return treatment, "", state


def _check_contact(details: PartyDetails) -> None:
    check_fields(
        (
            ("billing_pincode", details.billing_pincode, pincode_error),
            ("shipping_pincode", details.shipping_pincode, pincode_error),
            ("phone", details.phone, phone_error),
            ("pan", details.pan, pan_error),
            ("bank_account_number", details.bank_account_number, bank_account_error),
            ("bank_ifsc", details.bank_ifsc, ifsc_error),
        )
    )
    if details.shipping_state_code:
        _check_state("shipping_state_code", details.shipping_state_code, abroad_allowed=True)
    if details.pan and details.gstin and normalise(details.gstin)[2:12] != details.pan:
        raise _fail("pan", f"PAN {details.pan} is not the PAN in GSTIN {normalise(details.gstin)}")
    if bool(details.bank_account_number) != bool(details.bank_ifsc):
        raise _fail("bank_ifsc", "give both the bank account number and the IFSC, or neither")


def _check_terms(details: PartyDetails) -> int | None:
    """The credit limit in paise, after checking the credit terms."""
    if not 0 <= details.credit_days <= MAX_CREDIT_DAYS:
        raise _fail("credit_days", f"credit days must be between 0 and {MAX_CREDIT_DAYS}")
    limit = None
    if details.credit_limit is not None:
        if details.credit_limit < 0:
            raise _fail("credit_limit", "the credit limit cannot be negative")
        limit = to_paise(details.credit_limit)
    return limit


def checked_party_fields(details: PartyDetails) -> dict[str, Any]:
    """The model fields for `details`, or InvalidInput naming the first wrong field."""
    details = replace(
        details,
        name=details.name.strip(),
        pan=normalise(details.pan),
        bank_ifsc=normalise(details.bank_ifsc),
        bank_account_number=details.bank_account_number.strip(),
        email=details.email.strip(),
        phone=details.phone.strip(),
    )
    if not details.name:
        raise _fail("name", "a party needs a name")
    treatment, gstin, state = _gst_identity(details)
    _check_contact(details)
    limit = _check_terms(details)
    fields = asdict(details)
    del fields["credit_limit"]
    fields.update(gst_treatment=treatment, gstin=gstin, state_code=state)
    if not fields["pan"] and gstin and PAN_PATTERN.fullmatch(gstin[2:12]):
        fields["pan"] = gstin[2:12]  # a normal taxpayer's GSTIN holds its PAN
    fields["credit_limit_paise"] = limit
    return fields


def party_snapshot(party: Party) -> dict[str, object]:
    """The party as the edit log records it (bank details and PAN masked)."""
    limit = party.credit_limit_paise
    return {
        "name": party.name,
        "is_customer": party.is_customer,
        "is_supplier": party.is_supplier,
        "gst_treatment": party.gst_treatment,
        "gstin": party.gstin,
        "pan": mask(party.pan),
        "state_code": party.state_code,
        "billing_address": party.billing_address,
        "billing_pincode": party.billing_pincode,
        "shipping_address": party.shipping_address,
        "shipping_state_code": party.shipping_state_code,
        "shipping_pincode": party.shipping_pincode,
        "credit_days": party.credit_days,
        "credit_limit": None if limit is None else str(from_paise(limit)),
        "email": party.email,
        "phone": party.phone,
        "bank_account_number": mask(party.bank_account_number),
        "bank_ifsc": mask(party.bank_ifsc),
        "is_active": party.is_active,
    }


def _check_name_free(company: Company, name: str, party_id: int | None) -> None:
    clash = Party.objects.filter(company=company, name=name)
    if party_id is not None:
        clash = clash.exclude(pk=party_id)
    if clash.exists():
        raise _fail("name", f"a party named {name!r} already exists")


@transaction.atomic
def add_party(*, company: Company, actor: User, details: PartyDetails) -> Party:
    """A new customer or supplier. A registered treatment needs a valid GSTIN of the party's
    state; unregistered, consumer and overseas parties have none. Raises InvalidInput (naming
    the field), PermissionDenied."""
    ensure_can(actor=actor, company=company, action=Action.MANAGE_ACCOUNTS)
    fields = checked_party_fields(details)
    _check_name_free(company, fields["name"], None)
    party = Party.objects.create(company=company, **fields)
    record_change(
        company=company,
        actor=actor,
        action="create",
        object_type="ledger.party",
        object_id=party.id,
        after=party_snapshot(party),
    )
    return party


@transaction.atomic
def update_party(*, company: Company, actor: User, party_id: int, details: PartyDetails) -> Party:
    """Replace a party's master data with `details` (documents already issued keep the details
    they were issued with). Raises NotFound (also for another company's party), InvalidInput
    naming the field, PermissionDenied."""
    ensure_can(actor=actor, company=company, action=Action.MANAGE_ACCOUNTS)
    party = Party.objects.select_for_update().filter(company=company, pk=party_id).first()
    if party is None:
        raise NotFound(f"party {party_id} does not exist in this company")
    fields = checked_party_fields(details)
    _check_name_free(company, fields["name"], party.id)
    before = party_snapshot(party)
    for name, value in fields.items():
        setattr(party, name, value)
    party.save()
    record_update(
        company=company,
        actor=actor,
        object_type="ledger.party",
        object_id=party.id,
        before=before,
        after=party_snapshot(party),
    )
    return party
