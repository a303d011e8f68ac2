"""Receipts and payments with their allocations to documents, and receivables/payables ageing."""

from datetime import date
from decimal import Decimal
from typing import Annotated, Any

from django.http import HttpRequest, HttpResponse
from ninja import Path, Query, Router, Schema
from pydantic import Field

from bahi.api.auth import company_for, current_user
from bahi.api.document_data import payment_input, payment_out, payment_summaries
from bahi.api.document_schemas import (
    AgeingOut,
    AgeingRowOut,
    AllocationIn,
    AllocationsIn,
    PaymentIn,
    PaymentKindName,
    PaymentOut,
    PaymentPage,
)
from bahi.api.idempotency import idempotent, respond
from bahi.api.pagination import DEFAULT_LIMIT, MAX_LIMIT, page_by
from bahi.api.schemas import Id, IsoDate, Problem, rupees
from bahi.core.errors import NotFound
from bahi.core.money import to_paise
from bahi.identity.permissions import Action
from bahi.invoicing.models import Payment
from bahi.invoicing.payments import allocate_payment, record_payment
from bahi.invoicing.selectors import PAYABLE, RECEIVABLE, build_ageing

router = Router(tags=["payments"])
ERRORS: dict[int, Any] = dict.fromkeys((401, 403, 404, 409, 422), Problem)
PAYMENTS = "/companies/{company_id}/payments"
PAYMENT = PAYMENTS + "/{payment_id}"
CURSOR_KIND = "payments"


class PaymentFilters(Schema):
    kind: PaymentKindName | None = None
    party_id: Id | None = None
    date_from: IsoDate | None = None
    date_to: IsoDate | None = None
    cursor: Annotated[str, Field(max_length=500)] | None = None
    limit: Annotated[int, Field(ge=1, le=MAX_LIMIT)] = DEFAULT_LIMIT


class AgeingQuery(Schema):
    as_of: IsoDate


def _requests(allocations: list[AllocationIn]) -> list[tuple[int, Any]]:
    return [(allocation.document_id, allocation.amount) for allocation in allocations]


def _payment(company_id: int, payment_id: int) -> Payment:
    payment = Payment.objects.filter(company_id=company_id, pk=payment_id).first()
    if payment is None:
        raise NotFound(f"payment {payment_id} does not exist in this company")
    return payment


@router.get(PAYMENTS, response={200: PaymentPage, **ERRORS})
def list_payments(
    request: HttpRequest, company_id: Path[Id], filters: Query[PaymentFilters]
) -> PaymentPage:
    """Receipts and payments by (payment_date, id), filtered; `cursor` as for entries."""
    company = company_for(request, company_id, Action.VIEW_BOOKS)
    conditions = {
        "kind": filters.kind,
        "party_id": filters.party_id,
        "payment_date__gte": filters.date_from,
        "payment_date__lte": filters.date_to,
    }
    payments = Payment.objects.filter(
        company=company, **{k: v for k, v in conditions.items() if v is not None}
    )
    rows, next_cursor = page_by(
        payments, filters.cursor, filters.limit, kind=CURSOR_KIND, field="payment_date"
    )
    return PaymentPage(items=payment_summaries(rows), next_cursor=next_cursor)


@router.post(PAYMENTS, response={201: PaymentOut, **ERRORS})
def create_payment(request: HttpRequest, company_id: Path[Id], payload: PaymentIn) -> Any:
    """Record a receipt (`kind` "receipt", from a customer) or a payment (to a supplier), post
    it, and settle `allocations` against the party's issued documents; the rest is an advance.
    An error in an allocation names it (`errors[0].path` = ["body", "allocations", index])."""
    company = company_for(request, company_id, Action.POST_ENTRIES)

    def handler() -> HttpResponse:
        payment = record_payment(
            company=company,
            actor=current_user(request),
            payment=payment_input(payload),
            allocations=_requests(payload.allocations),
        )
        return respond(201, payment_out(payment).model_dump(mode="json"))

    return idempotent(request, company_id=company.id, handler=handler)


@router.get(PAYMENT, response={200: PaymentOut, **ERRORS})
def read_payment(request: HttpRequest, company_id: Path[Id], payment_id: Path[Id]) -> PaymentOut:
    """The payment, its allocations and what is still unallocated (an advance)."""
    company = company_for(request, company_id, Action.VIEW_BOOKS)
    return payment_out(_payment(company.id, payment_id))


@router.post(f"{PAYMENT}/allocations", response={200: PaymentOut, **ERRORS})
def allocate(
    request: HttpRequest, company_id: Path[Id], payment_id: Path[Id], payload: AllocationsIn
) -> Any:
    """Settle documents from what is still unallocated on the payment."""
    company = company_for(request, company_id, Action.POST_ENTRIES)

    def handler() -> HttpResponse:
        _payment(company.id, payment_id)
        payment = allocate_payment(
            company=company,
            actor=current_user(request),
            payment_id=payment_id,
            allocations=_requests(payload.allocations),
        )
        return respond(200, payment_out(payment).model_dump(mode="json"))

    return idempotent(request, company_id=company.id, handler=handler)


def _rupees(amount: Decimal) -> str:
    return rupees(to_paise(amount))


def _ageing(request: HttpRequest, company_id: int, as_of: date, side: str) -> AgeingOut:
    company = company_for(request, company_id, Action.VIEW_BOOKS)
    rows = build_ageing(company=company, as_of=as_of, side=side)
    return AgeingOut(
        as_of=as_of,
        side=side,  # type: ignore[arg-type]
        rows=[
            AgeingRowOut(
                party_id=row.party_id,
                party_name=row.party_name,
                days_0_30=_rupees(row.buckets["0-30"]),
                days_31_60=_rupees(row.buckets["31-60"]),
                days_61_90=_rupees(row.buckets["61-90"]),
                days_over_90=_rupees(row.buckets["90+"]),
                advances=_rupees(row.advances),
                total=_rupees(row.total),
            )
            for row in rows
        ],
        total=rupees(sum(to_paise(row.total) for row in rows)),
    )


@router.get(
    "/companies/{company_id}/reports/receivables-ageing", response={200: AgeingOut, **ERRORS}
)
def receivables_ageing(
    request: HttpRequest, company_id: Path[Id], query: Query[AgeingQuery]
) -> AgeingOut:
    """Open sales documents per customer by days past due (0-30, 31-60, 61-90, over 90) on
    `as_of`, less unallocated receipts (advances)."""
    return _ageing(request, company_id, query.as_of, RECEIVABLE)


@router.get("/companies/{company_id}/reports/payables-ageing", response={200: AgeingOut, **ERRORS})
def payables_ageing(
    request: HttpRequest, company_id: Path[Id], query: Query[AgeingQuery]
) -> AgeingOut:
    """Open purchase documents per supplier by days past due, less advances paid."""
    return _ageing(request, company_id, query.as_of, PAYABLE)
