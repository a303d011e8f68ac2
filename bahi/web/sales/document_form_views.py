"""The document form: a new sale or purchase saved as a draft or issued, a draft edited, and
the live preview of taxes and totals. Every figure comes from the invoicing services (the
preview computes exactly what saving would, and writes nothing). A rule broken shows on the
field or line it names, with 422, and nothing is written: save and issue stand or fall together."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from bahi.core.errors import DomainError
from bahi.core.formatting import format_date
from bahi.core.money import from_paise
from bahi.identity.permissions import Action
from bahi.invoicing.models import Document, DocumentStatus
from bahi.invoicing.services import (
    issue_document,
    issue_new_document,
    preview_document,
    save_draft_document,
)
from bahi.web.books.access import Scope, books_scope
from bahi.web.sales import once, presenters
from bahi.web.sales.document_views import get_document_or_404
from bahi.web.sales.forms import DocumentForm, LineForm, document_draft, line_formset
from bahi.web.sales.sides import (
    Side,
    ensure_owned,
    list_adjustable,
    list_items,
    list_parties,
    side_of,
    side_of_kind,
)

NEW_LINES = 3
# Where an error naming a header field shows; the rest go on top of the form.
_HEADER_FIELDS = {
    "party_id": "party",
    "due_date": "due_date",
    "supply_type": "supply_type",
    "against_document_id": "against_document",
    "against": "against_document",
}


class DocumentPage:
    """The header form and line formset of one request, with the pick lists."""

    def __init__(self, scope: Scope, side: Side, data: Any = None, draft: Document | None = None):
        self.scope, self.side, self.draft = scope, side, draft
        parties = list_parties(company=scope.company, side=side)
        adjustable = list_adjustable(company=scope.company, side=side)
        self.form = DocumentForm(
            data, side=side, parties=parties, adjustable=adjustable, initial=self._header()
        )
        initial = self._lines() if data is None else None
        self.lines = line_formset(data, items=list_items(company=scope.company), initial=initial)

    def _header(self) -> dict[str, Any]:
        if self.draft is None:
            return {"document_date": timezone.localdate(), "kind": self.side.kinds[0]}
        draft = self.draft
        return {
            "kind": draft.kind,
            "party": str(draft.party_id),
            "document_date": draft.document_date,
            "due_date": draft.due_date,
            "place_of_supply": draft.place_of_supply,
            "supply_type": draft.supply_type,
            "reverse_charge": draft.reverse_charge,
            "against_document": str(draft.against_document_id or ""),
            "reference": draft.reference,
            "notes": draft.notes,
        }

    def _lines(self) -> list[dict[str, Any]]:
        if self.draft is None:
            return [{} for _ in range(NEW_LINES)]
        return [
            {
                "item": str(line.item_id or ""),
                "description": line.description,
                "hsn_code": line.hsn_code,
                "unit": line.unit,
                "quantity": f"{line.quantity_milli / 1000:.3f}",
                "rate": str(from_paise(line.rate_paise)),
                "discount": str(from_paise(line.discount_paise)),
                "gst_rate_percent": f"{line.gst_rate_percent.normalize():f}",
            }
            for line in self.draft.lines.order_by("line_no")
        ]

    def filled(self) -> list[LineForm]:
        return self.lines.filled_forms()

    def is_valid(self) -> bool:
        valid = self.form.is_valid() & self.lines.is_valid()
        if valid and not self.filled():
            self.form.add_error(None, "Enter at least one line: an item or a description")
            return False
        return valid

    def add_service_error(self, error: DomainError) -> None:
        details = error.details if isinstance(error.details, dict) else {}
        line, field = details.get("line"), details.get("field")
        filled = self.filled()
        if isinstance(line, int) and 1 <= line <= len(filled):
            target = field if field in LineForm.base_fields else None
            filled[line - 1].add_error(target, error.message)
        elif field in _HEADER_FIELDS:
            self.form.add_error(_HEADER_FIELDS[str(field)], error.message)
        else:
            self.form.add_error(None, error.message)

    def render(self, request: HttpRequest, status: int = 200) -> HttpResponse:
        context = {"form": self.form, "lines": self.lines, "draft": self.draft, "side": self.side}
        return render(request, "web/sales/document_form.html", context, status=status)


def _save(page: DocumentPage, issuing: bool) -> Document:
    scope = page.scope
    draft_id = page.draft.pk if page.draft else None
    draft = document_draft(page.form, page.filled())
    if issuing and draft_id is None:  # a new document issued at once: one service call
        return issue_new_document(company=scope.company, actor=scope.user, draft=draft)[0]
    with transaction.atomic():
        document = save_draft_document(
            company=scope.company, actor=scope.user, draft=draft, document_id=draft_id
        )
        if issuing:
            document = issue_document(
                company=scope.company, actor=scope.user, document_id=document.pk
            )
    return document


def _submit(request: HttpRequest, page: DocumentPage) -> HttpResponse:
    action = request.POST.get("action", "draft")
    if action == "add_line":
        return _with_another_line(request, page)
    if not page.is_valid():
        return page.render(request, status=422)
    key = page.form.cleaned_data["idempotency_key"]
    made = once.made_by(request, key)
    if made is not None:
        return HttpResponseRedirect(reverse("sales:document-detail", args=[made]), status=303)
    try:
        document = _save(page, issuing=action == "issue")
    except DomainError as error:
        page.add_service_error(error)
        return page.render(request, status=422)
    once.remember(request, key, document.pk)
    messages.success(request, f"{document} saved." if action != "issue" else f"{document} issued.")
    return HttpResponseRedirect(reverse("sales:document-detail", args=[document.pk]), status=303)


def _with_another_line(request: HttpRequest, page: DocumentPage) -> HttpResponse:
    """The same form with one more blank line (works without JavaScript; nothing is saved)."""
    data = request.POST.copy()
    data["lines-TOTAL_FORMS"] = str(int(data.get("lines-TOTAL_FORMS", "0") or 0) + 1)
    return DocumentPage(page.scope, page.side, data, draft=page.draft).render(request)


@require_http_methods(["GET", "POST"])
@login_required
def document_create(request: HttpRequest, side: str) -> HttpResponse:
    scope = books_scope(request, Action.POST_ENTRIES)
    if request.method == "GET":  # ?party=ID starts a document for that party
        ensure_owned(scope.company, dict(request.GET.lists()))
        page = DocumentPage(scope, side_of(side))
        page.form.initial["party"] = request.GET.get("party", "")
        return page.render(request)
    ensure_owned(scope.company, dict(request.POST.lists()))
    return _submit(request, DocumentPage(scope, side_of(side), request.POST))


@require_http_methods(["GET", "POST"])
@login_required
def document_edit(request: HttpRequest, document_id: int) -> HttpResponse:
    scope = books_scope(request, Action.POST_ENTRIES)
    draft = get_document_or_404(scope, document_id)
    if draft.status != DocumentStatus.DRAFT:
        messages.error(request, f"{draft} is {draft.status}: cancel it or issue a note instead.")
        return HttpResponseRedirect(reverse("sales:document-detail", args=[draft.pk]), status=303)
    side = side_of_kind(draft.kind)
    if request.method == "GET":
        return DocumentPage(scope, side, draft=draft).render(request)
    ensure_owned(scope.company, dict(request.POST.lists()))
    return _submit(request, DocumentPage(scope, side, request.POST, draft=draft))


@require_POST
@login_required
def document_preview(request: HttpRequest) -> HttpResponse:
    """The taxes and totals the services compute for the form as it stands; writes nothing."""
    scope = books_scope(request, Action.POST_ENTRIES)
    ensure_owned(scope.company, dict(request.POST.lists()))
    page = DocumentPage(scope, side_of_kind(request.POST.get("kind", "")), request.POST)
    context: dict[str, Any] = {"form": page.form, "lines": page.lines}
    if not page.is_valid():
        return render(request, "web/sales/partials/preview.html", context, status=422)
    try:
        draft = document_draft(page.form, page.filled())
        document, lines = preview_document(company=scope.company, actor=scope.user, draft=draft)
    except DomainError as error:
        context["error"] = error.message
        return render(request, "web/sales/partials/preview.html", context, status=422)
    context.update(
        party=document.party,
        party_label=presenters.party_summary(document),
        due=format_date(document.due_date) if document.due_date else "—",
        preview_lines=[presenters.line_row(line) for line in lines],
        totals=presenters.totals(document),
    )
    return render(request, "web/sales/partials/preview.html", context)
