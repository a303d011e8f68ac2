"""Customers and suppliers (parties) of a company."""

from django.http import HttpRequest, HttpResponse
from ninja import Path, Router

from bahi.api.auth import company_for, current_user
from bahi.api.idempotency import idempotent, respond
from bahi.api.schemas import Id, PartyIn, PartyOut, Problem
from bahi.core.errors import NotFound
from bahi.identity.permissions import Action
from bahi.ledger.models import Party
from bahi.ledger.services import create_party

router = Router(tags=["parties"])


def party_out(party: Party) -> PartyOut:
    return PartyOut(
        id=party.id,
        name=party.name,
        is_customer=party.is_customer,
        is_supplier=party.is_supplier,
        gstin=party.gstin,
        state_code=party.state_code,
        is_active=party.is_active,
    )


@router.get(
    "/companies/{company_id}/parties",
    response={200: list[PartyOut], 401: Problem, 404: Problem, 422: Problem},
    summary="Parties by name",
)
def list_parties(request: HttpRequest, company_id: Path[Id]) -> list[PartyOut]:
    company = company_for(request, company_id, Action.VIEW_BOOKS)
    return [party_out(p) for p in Party.objects.filter(company=company).order_by("name", "id")]


@router.post(
    "/companies/{company_id}/parties",
    response={201: PartyOut, 401: Problem, 403: Problem, 404: Problem, 409: Problem, 422: Problem},
    summary="Create a party",
)
def create_company_party(
    request: HttpRequest, company_id: Path[Id], payload: PartyIn
) -> HttpResponse:
    company = company_for(request, company_id, Action.MANAGE_ACCOUNTS)

    def handler() -> HttpResponse:
        party = create_party(
            company=company,
            actor=current_user(request),
            name=payload.name,
            is_customer=payload.is_customer,
            is_supplier=payload.is_supplier,
            gstin=payload.gstin,
            state_code=payload.state_code,
        )
        return respond(201, party_out(party).model_dump(mode="json"))

    return idempotent(request, company_id=company.id, handler=handler)


@router.get(
    "/companies/{company_id}/parties/{party_id}",
    response={200: PartyOut, 401: Problem, 404: Problem, 422: Problem},
    summary="One party",
)
def get_party(request: HttpRequest, company_id: Path[Id], party_id: Path[Id]) -> PartyOut:
    company = company_for(request, company_id, Action.VIEW_BOOKS)
    party = Party.objects.filter(company=company, pk=party_id).first()
    if party is None:
        raise NotFound(f"party {party_id} does not exist in this company")
    return party_out(party)
