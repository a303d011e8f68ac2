"""The item master: the list of goods and services, and an item's form, with the GST rate
the rate data gives for its HSN/SAC today beside the rate stored on the item.

Viewers read (the form disabled, no Save); creating and saving need MANAGE_ACCOUNTS, else 403.
Another company's item ids answer 404. HSN/SAC, unit and rate checks are the service's: its
reason is shown on the field it names, and nothing is written."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from bahi.core.errors import DomainError
from bahi.core.money import ZERO
from bahi.identity.permissions import Action
from bahi.inventory.models import Item
from bahi.inventory.services import create_item, update_item
from bahi.inventory.types import ItemDetails
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
from bahi.web.masters.forms import ItemFilterForm, ItemForm


def _filters(form: ItemFilterForm) -> selectors.ItemFilters:
    if not form.is_valid():
        return selectors.ItemFilters()
    data = form.cleaned_data
    return selectors.ItemFilters(
        kind=data["kind"], search=data["search"].strip(), status=data["status"]
    )


@require_GET
@login_required
def item_list(request: HttpRequest) -> HttpResponse:
    scope = books_scope(request)
    form = ItemFilterForm(request.GET)
    items = selectors.list_items(company=scope.company, filters=_filters(form))
    browser = Browser(
        id="item-browser",
        url=reverse("masters:items"),
        results="web/masters/partials/item_results.html",
    )
    return list_page(
        request,
        context={"form": form, "scope": scope},
        rows=items,
        present=lambda items: [presenters.item_row(item) for item in items],
        browser=browser,
        template="web/masters/item_list.html",
    )


def _details(form: ItemForm) -> ItemDetails:
    data = form.cleaned_data
    return ItemDetails(
        code=data["code"],
        name=data["name"],
        hsn_code=data["hsn_code"],
        kind=data["kind"],
        unit=data["unit"],
        sale_price=data["sale_price"],
        purchase_price=data["purchase_price"],
        gst_rate_percent=data["gst_rate_percent"],
        cess_percent=data["cess_percent"] or ZERO,
        is_active=data["is_active"],
    )


def _save(scope: Scope, form: ItemForm, item: Item | None) -> Item | None:
    """The item saved through the service, or None with its error on the form."""
    try:
        if item is None:
            return create_item(company=scope.company, actor=scope.user, details=_details(form))
        return update_item(
            company=scope.company, actor=scope.user, item_id=item.pk, details=_details(form)
        )
    except DomainError as error:
        add_service_error(form, error)
        return None


def _page(request: HttpRequest, scope: Scope, form: ItemForm, item: Item | None) -> HttpResponse:
    today = timezone.localdate()
    in_force = None
    if item is not None:
        rate = selectors.get_rate_in_force(item.hsn_code, today)
        in_force = presenters.rate_in_force(rate, today)
    if not scope.can_manage_accounts:
        read_only(form)
    context = {
        "form": form,
        "item": item,
        "scope": scope,
        "rate_in_force": in_force,
        "stored_rate": presenters.percent(item.gst_rate_percent) if item else "",
    }
    return render(request, "web/masters/item_form.html", context, status=form_status(request))


@require_http_methods(["GET", "POST"])
@login_required
def item_create(request: HttpRequest) -> HttpResponse:
    scope = books_scope(request, Action.MANAGE_ACCOUNTS)
    form = ItemForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        item = _save(scope, form, None)
        if item is not None:
            return saved(request, reverse("masters:items"), f"{item.code} · {item.name} created.")
    return _page(request, scope, form, None)


@require_http_methods(["GET", "POST"])
@login_required
def item_edit(request: HttpRequest, item_id: int) -> HttpResponse:
    action = Action.MANAGE_ACCOUNTS if request.method == "POST" else Action.VIEW_BOOKS
    scope = books_scope(request, action)
    item = selectors.get_item(company=scope.company, item_id=item_id)
    if item is None:
        raise Http404("no such item")
    form = ItemForm(request.POST or None, initial=presenters.item_initial(item))
    if request.method == "POST" and form.is_valid():
        saved_item = _save(scope, form, item)
        if saved_item is not None:
            message = f"{saved_item.code} · {saved_item.name} saved."
            return saved(request, reverse("masters:items"), message)
    return _page(request, scope, form, item)
