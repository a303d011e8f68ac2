"""What the masters pages share: service errors put on the field they name, the read-only form
a viewer sees, the redirect after a save, and the list pages (filters, pages, htmx)."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render

from bahi.core.errors import DomainError

PAGE_SIZE = 50


def add_service_error(form: forms.Form, error: DomainError) -> None:
    """The service's message on the field its `details.field` names, else on the form."""
    details = error.details if isinstance(error.details, dict) else {}
    field = details.get("field")
    form.add_error(field if field in form.fields else None, error.message)


def read_only(form: forms.Form) -> forms.Form:
    """The form with every field disabled: what a viewer sees (they may not save)."""
    for field in form.fields.values():
        field.disabled = True
    return form


def saved(request: HttpRequest, url: str, message: str) -> HttpResponse:
    messages.success(request, message)
    return HttpResponseRedirect(url, status=303)


def paginate(request: HttpRequest, rows: Any) -> tuple[Page, str]:  # type: ignore[type-arg]
    """The requested page of `rows`, and the query string of the filters without the page."""
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return page, query.urlencode()


@dataclass(frozen=True)
class Browser:
    """A list page's filters and results, swapped together by htmx."""

    id: str  # the element's id
    url: str  # the list page
    results: str  # the results' template


def list_page(
    request: HttpRequest,
    *,
    context: dict[str, Any],
    rows: Any,
    present: Callable[[list[Any]], list[dict[str, Any]]],
    browser: Browser,
    template: str,
) -> HttpResponse:
    """The list `template` (htmx: the browser partial alone) with the requested page of
    `rows`, shown through `present` (given the page's rows at once, so it may read more about
    them in one query)."""
    page, query = paginate(request, rows)
    rows_shown = present(list(page.object_list))
    context = {**context, "page": page, "query": query, "rows": rows_shown, "browser": browser}
    if request.htmx:  # type: ignore[attr-defined]
        template = "web/masters/partials/browser.html"
    return render(request, template, context)


def form_status(request: HttpRequest) -> int:
    """200 for a form shown, 422 for a form posted back with its errors."""
    return 422 if request.method == "POST" else 200
