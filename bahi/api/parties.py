"""Customers and suppliers (parties) of a company: the whole party master (bahi.ledger.parties).
A read carries the party's ETag; a PUT with If-Match is refused (412) if the party changed."""

from typing import Any

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from ninja import Path, Router

from bahi.api.auth import company_for, current_user
from bahi.api.errors import refused_precondition
from bahi.api.idempotency import idempotent, respond
from bahi.api.schemas import Id, PartyIn, PartyOut, Problem, etag_of, maybe_rupees
from bahi.core.contact import mask
from bahi.core.errors import NotFound
from bahi.identity.models import Company
from bahi.identity.permissions import Action
from bahi.ledger.models import Party
from bahi.ledger.parties import add_party, update_party
from bahi.ledger.types import PartyDetails

router = Router(tags=["parties"])
ERRORS: dict[int, Any] = dict.fromkeys((401, 403, 404, 409, 422), Problem)
PARTIES = "/companies/{company_id}/parties"
PARTY = PARTIES + "/{party_id}"


def party_out(party: Party) -> PartyOut:
    return PartyOut(
        id=party.id,
        name=party.name,
        is_customer=party.is_customer,
        is_supplier=party.is_supplier,
        gst_treatment=party.gst_treatment,  # type: ignore[arg-type]
        gstin=party.gstin,
        pan=party.pan,
        state_code=party.state_code,
        billing_address=party.billing_address,
        billing_pincode=party.billing_pincode,
        shipping_address=party.shipping_address,
        shipping_state_code=party.shipping_state_code,
        shipping_pincode=party.shipping_pincode,
        credit_days=party.credit_days,
        credit_limit=maybe_rupees(party.credit_limit_paise),
        email=party.email,
        phone=party.phone,
        bank_account_number=mask(party.bank_account_number),
        bank_ifsc=party.bank_ifsc,
        is_active=party.is_active,
    )


def _party_response(party: Party, status: int = 200) -> HttpResponse:
    out = party_out(party)
    return respond(status, out.model_dump(mode="json"), {"ETag": etag_of(out)})


def party_details(payload: PartyIn) -> PartyDetails:
    """The service's input, from the attributes (a dump would turn decimals into strings)."""
    return PartyDetails(**{name: getattr(payload, name) for name in PartyIn.model_fields})


def _party(company: Company, party_id: int, *, lock: bool = False) -> Party:
    rows = Party.objects.select_for_update() if lock else Party.objects
    party = rows.filter(company=company, pk=party_id).first()
    if party is None:
        raise NotFound(f"party {party_id} does not exist in this company")
    return party


@router.get(PARTIES, response={200: list[PartyOut], 401: Problem, 404: Problem, 422: Problem})
def list_parties(request: HttpRequest, company_id: Path[Id]) -> list[PartyOut]:
    """Parties by name."""
    company = company_for(request, company_id, Action.VIEW_BOOKS)
    return [party_out(p) for p in Party.objects.filter(company=company).order_by("name", "id")]


@router.post(PARTIES, response={201: PartyOut, **ERRORS})
def create_company_party(request: HttpRequest, company_id: Path[Id], payload: PartyIn) -> Any:
    """A new customer or supplier. A registered GST treatment needs a valid GSTIN of the
    party's billing state; errors name the field."""
    company = company_for(request, company_id, Action.MANAGE_ACCOUNTS)

    def handler() -> HttpResponse:
        party = add_party(
            company=company, actor=current_user(request), details=party_details(payload)
        )
        return _party_response(party, 201)

    return idempotent(request, company_id=company.id, handler=handler)


@router.get(PARTY, response={200: PartyOut, 401: Problem, 404: Problem, 422: Problem})
def get_party(request: HttpRequest, company_id: Path[Id], party_id: Path[Id]) -> Any:
    """One party; the ETag header is its version."""
    company = company_for(request, company_id, Action.VIEW_BOOKS)
    return _party_response(_party(company, party_id))


@router.put(PARTY, response={200: PartyOut, 412: Problem, **ERRORS})
def replace_party(
    request: HttpRequest, company_id: Path[Id], party_id: Path[Id], payload: PartyIn
) -> Any:
    """Replace the party's master data (issued documents keep the details they were issued
    with). If-Match optional; if sent, it must be the party's current ETag."""
    company = company_for(request, company_id, Action.MANAGE_ACCOUNTS)

    def handler() -> HttpResponse:
        with transaction.atomic():
            if request.headers.get("If-Match") is not None:
                current = etag_of(party_out(_party(company, party_id, lock=True)))
                refused = refused_precondition(request, current, what="party")
                if refused is not None:
                    return refused
            party = update_party(
                company=company,
                actor=current_user(request),
                party_id=party_id,
                details=party_details(payload),
            )
        return _party_response(party)

    return idempotent(request, company_id=company.id, handler=handler)
