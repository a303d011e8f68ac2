"""Companies the caller belongs to."""

from django.http import HttpRequest
from ninja import Path, Router

from bahi.api.auth import company_for, current_user
from bahi.api.schemas import CompanyOut, Id, Problem
from bahi.identity.models import Company, Membership
from bahi.identity.permissions import Action

router = Router(tags=["companies"])


def company_out(company: Company, role: str) -> CompanyOut:
    return CompanyOut(
        id=company.id,
        legal_name=company.legal_name,
        trade_name=company.trade_name,
        gstin=company.gstin,
        pan=company.pan,
        state_code=company.state_code,
        fy_start_month=company.fy_start_month,
        books_begin_date=company.books_begin_date,
        lock_date=company.lock_date,
        role=role,
    )


@router.get("/companies", response={200: list[CompanyOut], 401: Problem}, summary="My companies")
def list_companies(request: HttpRequest) -> list[CompanyOut]:
    memberships = (
        Membership.objects.filter(user=current_user(request))
        .select_related("company")
        .order_by("company__legal_name", "company_id")
    )
    key = getattr(request, "api_key", None)
    if key is not None and key.company_id is not None:
        # An API key sees only its own company, with its own role, whatever else its creator
        # belongs to.
        memberships = memberships.filter(company_id=key.company_id)
        return [company_out(m.company, key.role or m.role) for m in memberships]
    return [company_out(m.company, m.role) for m in memberships]


@router.get(
    "/companies/{company_id}",
    response={200: CompanyOut, 401: Problem, 404: Problem, 422: Problem},
    summary="One of my companies",
)
def get_company(request: HttpRequest, company_id: Path[Id]) -> CompanyOut:
    company = company_for(request, company_id, Action.VIEW_BOOKS)
    return company_out(company, request.company_role)  # type: ignore[attr-defined]
