"""Journal entries: the list with its filters, one entry, and reversing a posted entry.

Viewers read; posting and reversing need POST_ENTRIES (accountants and admins), else 403.
Another company's entry ids answer 404. HTMX requests get the page's partial."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from bahi.core.errors import DomainError
from bahi.identity.permissions import Action
from bahi.ledger.services import reverse_journal_entry
from bahi.web.books import selectors
from bahi.web.books.access import Scope, books_scope
from bahi.web.books.forms import EntryFilterForm, ReverseForm, account_label
from bahi.web.books.presenters import entry_detail, entry_row

PAGE_SIZE = 50


def _filters(form: EntryFilterForm) -> selectors.EntryFilters:
    if not form.is_valid():
        return selectors.EntryFilters(status="none-match")
    data = form.cleaned_data
    return selectors.EntryFilters(
        date_from=data["date_from"],
        date_to=data["date_to"],
        account=data["account"],
        party=data["party"],
        status=data["status"],
        voucher=data["voucher"].strip(),
    )


def _query_without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@require_GET
@login_required
def entry_list(request: HttpRequest) -> HttpResponse:
    scope = books_scope(request)
    accounts = selectors.list_postable_accounts(company=scope.company)
    parties = selectors.list_parties(company=scope.company)
    form = EntryFilterForm(request.GET, accounts=accounts, parties=parties)
    entries = selectors.list_entries(company=scope.company, filters=_filters(form))
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "rows": [entry_row(entry) for entry in page.object_list],
        "query": _query_without_page(request),
        "scope": scope,
        "account_options": [account_label(account) for account in accounts],
        "party_options": [party.name for party in parties],
    }
    # An unknown account or party in the filters: the page, with the error on its field.
    status = 200 if form.is_valid() else 422
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "web/books/partials/entry_browser.html", context, status=status)
    return render(request, "web/books/entry_list.html", context, status=status)


def _detail_context(scope: Scope, entry_id: int, reverse_form: ReverseForm | None) -> dict:  # type: ignore[type-arg]
    detail = selectors.get_entry_detail(company=scope.company, entry_id=entry_id)
    if detail is None:
        raise Http404("no such entry")
    entry = entry_detail(detail)
    if reverse_form is None and entry["can_be_reversed"] and scope.can_post:
        today = timezone.localdate()
        reverse_form = ReverseForm(
            initial={"reversal_date": max(today, detail.entry.entry_date), "reason": ""}
        )
    return {"entry": entry, "reverse_form": reverse_form, "scope": scope}


@require_GET
@login_required
def entry_detail_page(request: HttpRequest, entry_id: int) -> HttpResponse:
    scope = books_scope(request)
    return render(request, "web/books/entry_detail.html", _detail_context(scope, entry_id, None))


def _redirect(request: HttpRequest, url: str) -> HttpResponse:
    """After a change: HTMX follows HX-Redirect, a plain form the 303."""
    if request.htmx:  # type: ignore[attr-defined]
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return HttpResponseRedirect(url, status=303)


@require_POST
@login_required
def entry_reverse(request: HttpRequest, entry_id: int) -> HttpResponse:
    scope = books_scope(request, Action.POST_ENTRIES)
    if selectors.get_entry_detail(company=scope.company, entry_id=entry_id) is None:
        raise Http404("no such entry")
    form = ReverseForm(request.POST)
    if form.is_valid():
        try:
            reversal = reverse_journal_entry(
                company=scope.company, actor=scope.user, entry_id=entry_id, **form.cleaned_data
            )
        except DomainError as error:
            form.add_error("reversal_date" if _about_date(error) else None, error.message)
        else:
            return _redirect(request, reverse("books:entry-detail", args=[reversal.pk]))
    context = _detail_context(scope, entry_id, form)
    template = "web/books/entry_detail.html"
    if request.htmx:  # type: ignore[attr-defined]
        template = "web/books/partials/reverse_form.html"
    return render(request, template, context, status=422)


def _about_date(error: DomainError) -> bool:
    details = error.details if isinstance(error.details, dict) else {}
    return details.get("field") == "reversal_date" or "entry_date" in details
