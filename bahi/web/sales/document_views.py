"""Sales and purchase documents: the list with filters, one document, and its actions (issue a
draft, cancel an issued one with a reason, delete a draft) and its PDF.

Viewers read; actions need POST_ENTRIES (accountants and admins), else 403. Another company's
document ids answer 404."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from bahi.core.errors import DomainError
from bahi.core.formatting import format_date
from bahi.identity.permissions import Action
from bahi.invoicing.models import Allocation, Document, DocumentStatus
from bahi.invoicing.pdf import render_document_pdf
from bahi.invoicing.selectors import outstanding_paise_of
from bahi.invoicing.services import cancel_document, delete_draft_document, issue_document
from bahi.web.books.access import Scope, books_scope
from bahi.web.sales import presenters
from bahi.web.sales.forms import CancelForm, DocumentFilterForm
from bahi.web.sales.sides import list_parties, side_of, side_of_kind

PAGE_SIZE = 50


def _filtered(form: DocumentFilterForm, documents: Any) -> Any:
    if not form.is_valid():
        return documents.none()
    data = form.cleaned_data
    lookups = {
        "kind": data["kind"],
        "status": data["status"],
        "party_id": data["party"],
        "document_date__gte": data["date_from"],
        "document_date__lte": data["date_to"],
    }
    return documents.filter(**{key: value for key, value in lookups.items() if value})


@require_GET
@login_required
def document_list(request: HttpRequest, side: str) -> HttpResponse:
    scope, chosen = books_scope(request), side_of(side)
    parties = list_parties(company=scope.company, side=chosen)
    form = DocumentFilterForm(request.GET, side=chosen, parties=parties)
    documents = Document.objects.filter(company=scope.company, kind__in=chosen.kinds)
    documents = _filtered(form, documents.select_related("party"))
    page = Paginator(documents.order_by("-document_date", "-id"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    owed = outstanding_paise_of(company=scope.company, documents=list(page.object_list))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "side": chosen,
        "form": form,
        "page": page,
        "rows": [presenters.document_row(doc, owed[doc.pk]) for doc in page.object_list],
        "query": query.urlencode(),
        "scope": scope,
    }
    return render(request, "web/sales/document_list.html", context, status=200)


def get_document_or_404(scope: Scope, document_id: int) -> Document:
    document = (
        Document.objects.filter(company=scope.company, pk=document_id)
        .select_related("party", "against_document")
        .first()
    )
    if document is None:
        raise Http404("no such document")
    return document


def _detail_context(scope: Scope, document: Document, cancel_form: CancelForm | None) -> dict:  # type: ignore[type-arg]
    allocations = Allocation.objects.filter(document=document).select_related("payment")
    owed = outstanding_paise_of(company=scope.company, documents=[document])[document.pk]
    entry_id = document.journal_entry_id
    return {
        "document": document,
        "side": side_of_kind(document.kind),
        "row": presenters.document_row(document, owed),
        "lines": [presenters.line_row(line) for line in document.lines.order_by("line_no")],
        "totals": presenters.totals(document),
        "entry_url": reverse("books:entry-detail", args=[entry_id]) if entry_id else "",
        "allocations": [
            {
                "date": format_date(allocation.payment.payment_date),
                "reference": allocation.payment.reference or f"#{allocation.payment_id}",
                "amount": presenters.inr(allocation.amount_paise),
            }
            for allocation in allocations
        ],
        "is_draft": document.status == DocumentStatus.DRAFT,
        "is_issued": document.status == DocumentStatus.ISSUED,
        "cancel_form": cancel_form or CancelForm(),
        "scope": scope,
    }


@require_GET
@login_required
def document_detail(request: HttpRequest, document_id: int) -> HttpResponse:
    scope = books_scope(request)
    document = get_document_or_404(scope, document_id)
    return render(request, "web/sales/document_detail.html", _detail_context(scope, document, None))


def _to_detail(document_id: int) -> HttpResponse:
    return HttpResponseRedirect(reverse("sales:document-detail", args=[document_id]), status=303)


@require_POST
@login_required
def document_issue(request: HttpRequest, document_id: int) -> HttpResponse:
    scope = books_scope(request, Action.POST_ENTRIES)
    document = get_document_or_404(scope, document_id)
    try:
        issued = issue_document(company=scope.company, actor=scope.user, document_id=document.pk)
    except DomainError as error:
        messages.error(request, f"Not issued: {error.message}")
        context = _detail_context(scope, document, None)
        return render(request, "web/sales/document_detail.html", context, status=422)
    messages.success(request, f"{issued.document_number} issued.")
    return _to_detail(document.pk)


@require_POST
@login_required
def document_cancel(request: HttpRequest, document_id: int) -> HttpResponse:
    scope = books_scope(request, Action.POST_ENTRIES)
    document = get_document_or_404(scope, document_id)
    form = CancelForm(request.POST)
    if form.is_valid():
        try:
            cancel_document(
                company=scope.company,
                actor=scope.user,
                document_id=document.pk,
                reason=form.cleaned_data["reason"],
                cancel_date=form.cleaned_data["cancel_date"],
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, f"{document.document_number} cancelled.")
            return _to_detail(document.pk)
    context = _detail_context(scope, document, form)
    return render(request, "web/sales/document_detail.html", context, status=422)


@require_POST
@login_required
def document_delete(request: HttpRequest, document_id: int) -> HttpResponse:
    scope = books_scope(request, Action.POST_ENTRIES)
    document = get_document_or_404(scope, document_id)
    try:
        delete_draft_document(company=scope.company, actor=scope.user, document_id=document.pk)
    except DomainError as error:
        messages.error(request, error.message)
        return _to_detail(document.pk)
    messages.success(request, f"Draft #{document.pk} deleted.")
    return HttpResponseRedirect(side_of_kind(document.kind).list_url, status=303)


@require_GET
@login_required
def document_pdf(request: HttpRequest, document_id: int) -> HttpResponse:
    scope = books_scope(request)
    document = get_document_or_404(scope, document_id)
    try:
        content = render_document_pdf(company=scope.company, document=document)
    except DomainError as error:
        messages.error(request, error.message)
        return _to_detail(document.pk)
    response = HttpResponse(content, content_type="application/pdf")
    filename = document.document_number.replace("/", "-")
    response["Content-Disposition"] = f'inline; filename="{filename}.pdf"'
    return response
