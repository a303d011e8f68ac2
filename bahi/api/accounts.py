"""The chart of accounts: flat or as a tree; new ledgers and groups (bahi.ledger.services)."""

from django.http import HttpRequest, HttpResponse
from ninja import Path, Router

from bahi.api.auth import company_for, current_user
from bahi.api.idempotency import idempotent, respond
from bahi.api.schemas import AccountIn, AccountNode, AccountOut, Id, Problem
from bahi.core.errors import InvalidInput, NotFound
from bahi.identity.models import Company
from bahi.identity.permissions import Action
from bahi.ledger.models import Account
from bahi.ledger.selectors import list_accounts
from bahi.ledger.services import create_account

router = Router(tags=["accounts"])
READ = {200: AccountOut, 401: Problem, 404: Problem, 422: Problem}


def account_out(account: Account) -> AccountOut:
    return AccountOut(
        id=account.id,
        parent_id=account.parent_id,
        code=account.code,
        name=account.name,
        nature=account.nature,
        is_group=account.is_group,
        schedule_iii=account.schedule_iii,
        is_control=account.is_control,
        system_role=account.system_role,
        is_active=account.is_active,
    )


def _account(company: Company, account_id: int) -> Account:
    account = Account.objects.filter(company=company, pk=account_id).first()
    if account is None:
        raise NotFound(f"account {account_id} does not exist in this company")
    return account


@router.get(
    "/companies/{company_id}/accounts",
    response={200: list[AccountOut], 401: Problem, 404: Problem, 422: Problem},
    summary="Chart of accounts, flat (by code)",
)
def list_chart(request: HttpRequest, company_id: Path[Id]) -> list[AccountOut]:
    company = company_for(request, company_id, Action.VIEW_BOOKS)
    return [account_out(account) for account in list_accounts(company=company)]


@router.get(
    "/companies/{company_id}/accounts/tree",
    response={200: list[AccountNode], 401: Problem, 404: Problem, 422: Problem},
    summary="Chart of accounts as a tree (top-level groups with their children)",
)
def chart_tree(request: HttpRequest, company_id: Path[Id]) -> list[AccountNode]:
    company = company_for(request, company_id, Action.VIEW_BOOKS)
    accounts = list_accounts(company=company)
    nodes = {a.id: AccountNode(**account_out(a).model_dump(), children=[]) for a in accounts}
    roots: list[AccountNode] = []
    for account in accounts:  # by code, so children stay in code order
        parent = nodes.get(account.parent_id) if account.parent_id else None
        (parent.children if parent else roots).append(nodes[account.id])
    return roots


@router.post(
    "/companies/{company_id}/accounts",
    response={
        201: AccountOut,
        401: Problem,
        403: Problem,
        404: Problem,
        409: Problem,
        422: Problem,
    },
    summary="Create a ledger or group under a group",
)
def create_chart_account(
    request: HttpRequest, company_id: Path[Id], payload: AccountIn
) -> HttpResponse:
    company = company_for(request, company_id, Action.MANAGE_ACCOUNTS)

    def handler() -> HttpResponse:
        parent = Account.objects.filter(company=company, pk=payload.parent_id).first()
        if parent is None:
            raise InvalidInput(
                f"parent {payload.parent_id} is not an account of this company",
                details={"field": "parent_id"},
            )
        account = create_account(
            company=company,
            actor=current_user(request),
            code=payload.code,
            name=payload.name,
            parent=parent,
            is_group=payload.is_group,
            schedule_iii=payload.schedule_iii,
            is_control=payload.is_control,
        )
        return respond(201, account_out(account).model_dump(mode="json"))

    return idempotent(request, company_id=company.id, handler=handler)


@router.get("/companies/{company_id}/accounts/{account_id}", response=READ, summary="One account")
def get_account(request: HttpRequest, company_id: Path[Id], account_id: Path[Id]) -> AccountOut:
    company = company_for(request, company_id, Action.VIEW_BOOKS)
    return account_out(_account(company, account_id))
