"""The party master: the list of customers and suppliers, and a party's form.

Everyone who may see the books sees the list and each party (viewers read-only: the form
disabled, no Save); creating and saving need MANAGE_ACCOUNTS, else 403. Another company's
party ids answer 404. The GSTIN, PAN and contact checks are the service's: on submit, its
reason is shown on the field it names, and nothing is written."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from bahi.core.errors import DomainError
from bahi.identity.permissions import Action
from bahi.invoicing.selectors import build_party_balances
from bahi.ledger.models import Party
from bahi.ledger.parties import add_party, update_party
from bahi.ledger.types import PartyDetails
from bahi.web.books.access import Scope, books_scope
from bahi.web.masters import presenters, selectors
from bahi.web.masters.common import (
    Browser,
    add_service_error,
    form_status,
    list_page,
    read_only,
    saved,
)
from bahi.web.masters.forms import PartyFilterForm, PartyForm


def _filters(form: PartyFilterForm) -> selectors.PartyFilters:
    if not form.is_valid():
        return selectors.PartyFilters()
    data = form.cleaned_data
    return selectors.PartyFilters(
        side=data["side"], search=data["search"].strip(), status=data["status"]
    )


def _rows(scope: Scope, parties: list[Party]) -> list[dict[str, object]]:
    balances = build_party_balances(
        company=scope.company, party_ids=[party.pk for party in parties]
    )
    return [presenters.party_row(party, balances.get(party.pk, 0)) for party in parties]


@require_GET
@login_required
def party_list(request: HttpRequest) -> HttpResponse:
    scope = books_scope(request)
    form = PartyFilterForm(request.GET)
    parties = selectors.list_parties(company=scope.company, filters=_filters(form))
    browser = Browser(
        id="party-browser",
        url=reverse("masters:parties"),
        results="web/masters/partials/party_results.html",
    )
    return list_page(
        request,
        context={"form": form, "scope": scope},
        rows=parties,
        present=lambda page: _rows(scope, page),
        browser=browser,
        template="web/masters/party_list.html",
    )


def _bank_account(form: PartyForm, party: Party | None) -> tuple[str, str]:
    """(account number, IFSC): a blank number on an edit keeps the one on file."""
    data = form.cleaned_data
    if data.get("clear_bank_account"):
        return "", ""
    number = data["bank_account_number"].strip()
    if not number and party is not None:
        number = party.bank_account_number
    return number, data["bank_ifsc"].strip()


def _details(form: PartyForm, party: Party | None) -> PartyDetails:
    data = form.cleaned_data
    number, ifsc = _bank_account(form, party)
    return PartyDetails(
        name=data["name"],
        is_customer=data["is_customer"],
        is_supplier=data["is_supplier"],
        gst_treatment=data["gst_treatment"] or None,
        gstin=data["gstin"],
        pan=data["pan"],
        state_code=data["state_code"],
        billing_address=data["billing_address"].strip(),
        billing_pincode=data["billing_pincode"].strip(),
        shipping_address=data["shipping_address"].strip(),
        shipping_state_code=data["shipping_state_code"],
        shipping_pincode=data["shipping_pincode"].strip(),
        credit_days=data["credit_days"],
        credit_limit=data["credit_limit"],
        email=data["email"],
        phone=data["phone"],
        bank_account_number=number,
        bank_ifsc=ifsc,
        is_active=data["is_active"],
    )


def _save(scope: Scope, form: PartyForm, party: Party | None) -> Party | None:
    """The party saved through the service, or None with its error on the form."""
    try:
        if party is None:
            return add_party(company=scope.company, actor=scope.user, details=_details(form, None))
        return update_party(
            company=scope.company,
            actor=scope.user,
            party_id=party.pk,
            details=_details(form, party),
        )
    except DomainError as error:
        add_service_error(form, error)
        return None


def _page(request: HttpRequest, scope: Scope, form: PartyForm, party: Party | None) -> HttpResponse:
    if not scope.can_manage_accounts:
        read_only(form)
    context = {"form": form, "party": party, "scope": scope}
    return render(request, "web/masters/party_form.html", context, status=form_status(request))


@require_http_methods(["GET", "POST"])
@login_required
def party_create(request: HttpRequest) -> HttpResponse:
    scope = books_scope(request, Action.MANAGE_ACCOUNTS)
    form = PartyForm(request.POST or None, initial={"is_customer": True})
    if request.method == "POST" and form.is_valid():
        party = _save(scope, form, None)
        if party is not None:
            return saved(request, reverse("masters:parties"), f"{party.name} created.")
    return _page(request, scope, form, None)


@require_http_methods(["GET", "POST"])
@login_required
def party_edit(request: HttpRequest, party_id: int) -> HttpResponse:
    action = Action.MANAGE_ACCOUNTS if request.method == "POST" else Action.VIEW_BOOKS
    scope = books_scope(request, action)
    party = selectors.get_party(company=scope.company, party_id=party_id)
    if party is None:
        raise Http404("no such party")
    form = PartyForm(
        request.POST or None,
        initial=presenters.party_initial(party),
        bank_account_on_file=party.bank_account_number,
    )
    if request.method == "POST" and form.is_valid():
        saved_party = _save(scope, form, party)
        if saved_party is not None:
            return saved(request, reverse("masters:parties"), f"{saved_party.name} saved.")
    return _page(request, scope, form, party)
