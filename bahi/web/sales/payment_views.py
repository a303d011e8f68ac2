"""Receipts from customers and payments to suppliers: the list, and the form that records one
with its allocation across the party's open documents (each shown with what is outstanding).
What is not allocated stays an advance. Nothing is written when a rule is broken (422)."""

from decimal import Decimal
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from bahi.core.errors import DomainError
from bahi.core.formatting import format_date, format_inr
from bahi.identity.permissions import Action
from bahi.invoicing.models import Document, Payment
from bahi.invoicing.payments import record_payment
from bahi.invoicing.selectors import PAYABLE, RECEIVABLE, party_position, unallocated_paise_of
from bahi.web.books.access import Scope, books_scope
from bahi.web.books.forms import AmountField
from bahi.web.sales import once, presenters
from bahi.web.sales.forms import PaymentForm
from bahi.web.sales.sides import Side, ensure_owned, list_money_accounts, list_parties, side_of

PAGE_SIZE = 50
ALLOCATE = "allocate-"
# Where an error of record_payment naming a field shows; others go on top of the form.
_FIELDS = {"amount": "amount", "bank_account_id": "bank_account", "mode": "mode"}


@require_GET
@login_required
def payment_list(request: HttpRequest, side: str) -> HttpResponse:
    scope, chosen = books_scope(request), side_of(side)
    payments = Payment.objects.filter(company=scope.company, kind=chosen.payment_kind)
    payments = payments.select_related("party", "bank_account").order_by("-payment_date", "-id")
    page = Paginator(payments, PAGE_SIZE).get_page(request.GET.get("page"))
    rest = unallocated_paise_of(payments=list(page.object_list))
    context = {
        "side": chosen,
        "page": page,
        "rows": [presenters.payment_row(payment, rest[payment.pk]) for payment in page],
        "scope": scope,
    }
    return render(request, "web/sales/payment_list.html", context)


def _open_documents(scope: Scope, side: Side, party_id: str) -> list[dict[str, Any]]:
    if not party_id.isdigit():
        return []
    position = party_position(
        company=scope.company,
        party_id=int(party_id),
        side=RECEIVABLE if side.slug == "sales" else PAYABLE,
    )
    owed = {key: value for key, value in position.open_documents.items() if value > 0}
    documents = Document.objects.filter(company=scope.company, pk__in=owed)
    return [
        {
            "id": document.pk,
            "number": document.document_number,
            "date": format_date(document.document_date),
            "total": presenters.inr(document.total_paise),
            "outstanding": format_inr(owed[document.pk]),
            "field": f"{ALLOCATE}{document.pk}",
        }
        for document in documents.order_by("document_date", "id")
    ]


def _allocations(data: Any) -> tuple[list[tuple[int, Decimal]], dict[str, str]]:
    """(document id, amount) for each filled allocation; errors by field name."""
    wanted, errors = [], {}
    for key in data:
        if not key.startswith(ALLOCATE):
            continue
        try:
            amount = AmountField().clean(data[key])
        except forms.ValidationError as error:
            errors[key] = " ".join(error.messages)
            continue
        if amount > 0:
            wanted.append((int(key.removeprefix(ALLOCATE)), amount))
    return wanted, errors


def _render(
    request: HttpRequest, scope: Scope, side: Side, form: PaymentForm, **extra: Any
) -> HttpResponse:
    party_id = str(form["party"].value() or "")
    context = {
        "side": side,
        "form": form,
        "documents": _open_documents(scope, side, party_id),
        "entered": {key: value for key, value in request.POST.items() if key.startswith(ALLOCATE)},
        "allocation_errors": extra.get("allocation_errors", {}),
    }
    return render(request, "web/sales/payment_form.html", context, status=extra.get("status", 200))


@require_http_methods(["GET", "POST"])
@login_required
def payment_create(request: HttpRequest, side: str) -> HttpResponse:
    scope, chosen = books_scope(request, Action.POST_ENTRIES), side_of(side)
    parties = list_parties(company=scope.company, side=chosen)
    accounts = list_money_accounts(company=scope.company)
    if request.method == "GET":
        ensure_owned(scope.company, dict(request.GET.lists()))
        initial = {"payment_date": timezone.localdate(), "party": request.GET.get("party", "")}
        form = PaymentForm(None, parties=parties, accounts=accounts, initial=initial)
        return _render(request, scope, chosen, form)
    ensure_owned(scope.company, dict(request.POST.lists()))
    form = PaymentForm(request.POST, parties=parties, accounts=accounts)
    wanted, errors = _allocations(request.POST)
    if not form.is_valid() or errors:
        return _render(request, scope, chosen, form, allocation_errors=errors, status=422)
    return _record(request, scope, chosen, form, wanted)


def _record(
    request: HttpRequest, scope: Scope, side: Side, form: PaymentForm, wanted: list[Any]
) -> HttpResponse:
    key = form.cleaned_data["idempotency_key"]
    if once.made_by(request, key) is None:
        try:
            payment = record_payment(
                company=scope.company,
                actor=scope.user,
                payment=form.payment(side.payment_kind),
                allocations=wanted,
            )
        except DomainError as error:
            details = error.details if isinstance(error.details, dict) else {}
            form.add_error(_FIELDS.get(str(details.get("field"))), error.message)
            return _render(request, scope, side, form, status=422)
        once.remember(request, key, payment.pk)
        messages.success(request, f"{presenters.inr(payment.amount_paise)} recorded.")
    return HttpResponseRedirect(side.payments_url, status=303)
