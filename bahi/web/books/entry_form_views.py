"""The journal entry form: a new entry posted or saved as a draft, a draft edited, posted or
deleted. An unbalanced entry is refused before any service runs (422, nothing written); every
other rule is the ledger's, and its errors are shown on the line and field they name."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from bahi.core.errors import DomainError
from bahi.core.formatting import format_inr
from bahi.identity.permissions import Action
from bahi.ledger import drafts
from bahi.ledger.errors import EntryNotDraft
from bahi.ledger.models import EntryStatus, JournalEntry
from bahi.ledger.services import post_journal_entry
from bahi.web.books import selectors
from bahi.web.books.access import Scope, books_scope
from bahi.web.books.entry_forms import (
    BaseLineFormSet,
    EntryForm,
    entry_input,
    initial_lines,
    line_formset,
    totals_of,
)
from bahi.web.books.forms import account_label

NEW_ENTRY_LINES = 2
# Which line field an error of the posting rules belongs on (details carry the line number).
_LINE_FIELD = {
    "invalid_line_amount": "debit",
    "party_required": "party",
    "unknown_party": "party",
}


class EntryPage:
    """The header form and the line formset of one request, with the pick lists."""

    def __init__(self, scope: Scope, data: Any = None, draft: JournalEntry | None = None):
        company = scope.company
        self.scope, self.draft = scope, draft
        self.accounts = selectors.list_postable_accounts(company=company)
        self.parties = selectors.list_parties(company=company)
        self.form = EntryForm(data, initial=self._initial_header())
        self.lines: BaseLineFormSet = line_formset(
            data,
            accounts=self.accounts,
            parties=self.parties,
            initial=self._initial_lines() if data is None else None,
        )

    def _initial_header(self) -> dict[str, Any]:
        if self.draft is None:
            return {"entry_date": timezone.localdate()}
        return {"entry_date": self.draft.entry_date, "narration": self.draft.narration}

    def _initial_lines(self) -> list[dict[str, str]]:
        if self.draft is None:
            return [{} for _ in range(NEW_ENTRY_LINES)]
        detail = selectors.get_entry_detail(company=self.scope.company, entry_id=self.draft.pk)
        return initial_lines(detail.lines if detail else [])

    def is_valid(self) -> bool:
        valid = self.form.is_valid() & self.lines.is_valid()
        if valid and not self.lines.filled_forms():
            self.form.add_error(None, "Enter the entry's lines: at least one debit and one credit")
            return False
        return valid

    def add_service_error(self, error: DomainError) -> None:
        details = error.details if isinstance(error.details, dict) else {}
        filled = self.lines.filled_forms()
        line = details.get("line")
        if isinstance(line, int) and 1 <= line <= len(filled):
            filled[line - 1].add_error(_LINE_FIELD.get(error.code, "account"), error.message)
        elif "entry_date" in details:
            self.form.add_error("entry_date", error.message)
        else:
            self.form.add_error(None, error.message)

    def render(self, request: HttpRequest, status: int = 200) -> HttpResponse:
        context = {
            "form": self.form,
            "lines": self.lines,
            "draft": self.draft,
            "account_options": [account_label(account) for account in self.accounts],
            "party_options": [party.name for party in self.parties],
            **self._totals(),
        }
        return render(request, "web/books/entry_form.html", context, status=status)

    def _totals(self) -> dict[str, str]:
        if not self.lines.is_bound or not self.lines.is_valid():
            return {}
        totals = totals_of(self.lines.filled_forms())
        return {
            "debit_total": format_inr(totals.debit),
            "credit_total": format_inr(totals.credit),
            "difference": format_inr(abs(totals.difference)),
        }


def _save(page: EntryPage, posting: bool) -> JournalEntry:
    """Post (checked balanced first) or save as a draft; raises DomainError."""
    scope, entry = page.scope, entry_input(page.form, page.lines.filled_forms())
    company, actor = scope.company, scope.user
    if not posting:
        draft_id = page.draft.pk if page.draft else None
        return drafts.save_draft_entry(company=company, actor=actor, entry=entry, draft_id=draft_id)
    if page.draft is None:
        return post_journal_entry(company=company, actor=actor, entry=entry)
    # The draft's new lines and its posting stand or fall together.
    with transaction.atomic():
        drafts.save_draft_entry(company=company, actor=actor, entry=entry, draft_id=page.draft.pk)
        return drafts.post_draft_entry(company=company, actor=actor, draft_id=page.draft.pk)


def _submit(request: HttpRequest, page: EntryPage) -> HttpResponse:
    posting = request.POST.get("action", "post") != "draft"
    if not page.is_valid():
        return page.render(request, status=422)
    totals = totals_of(page.lines.filled_forms())
    if posting and totals.difference:
        page.form.add_error(None, totals.unbalanced_message())
        return page.render(request, status=422)
    try:
        entry = _save(page, posting)
    except DomainError as error:
        page.add_service_error(error)
        return page.render(request, status=422)
    if posting:
        messages.success(request, f"{entry.voucher_number} posted.")
        return HttpResponseRedirect(reverse("books:entry-detail", args=[entry.pk]), status=303)
    messages.success(request, "Draft saved.")
    return HttpResponseRedirect(reverse("books:entry-edit", args=[entry.pk]), status=303)


@require_http_methods(["GET", "POST"])
@login_required
def entry_create(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return EntryPage(books_scope(request, Action.POST_ENTRIES)).render(request)
    return _submit(request, EntryPage(books_scope(request, Action.POST_ENTRIES), request.POST))


def _draft(scope: Scope, entry_id: int) -> JournalEntry:
    entry = JournalEntry.objects.filter(company=scope.company, pk=entry_id).first()
    if entry is None:
        raise Http404("no such entry")
    return entry


@require_http_methods(["GET", "POST"])
@login_required
def entry_edit(request: HttpRequest, entry_id: int) -> HttpResponse:
    scope = books_scope(request, Action.POST_ENTRIES)
    draft = _draft(scope, entry_id)
    if draft.status != EntryStatus.DRAFT:
        messages.error(request, f"{draft.voucher_number} is posted: reverse it to correct it.")
        return HttpResponseRedirect(reverse("books:entry-detail", args=[draft.pk]), status=303)
    if request.method == "GET":
        return EntryPage(scope, draft=draft).render(request)
    return _submit(request, EntryPage(scope, request.POST, draft=draft))


def _draft_action(request: HttpRequest, entry_id: int, action: str) -> HttpResponse:
    scope = books_scope(request, Action.POST_ENTRIES)
    draft = _draft(scope, entry_id)
    company, actor = scope.company, scope.user
    try:
        if action == "post":
            posted = drafts.post_draft_entry(company=company, actor=actor, draft_id=draft.pk)
            messages.success(request, f"{posted.voucher_number} posted.")
        else:
            drafts.delete_draft_entry(company=company, actor=actor, draft_id=draft.pk)
            messages.success(request, f"Draft #{draft.pk} deleted.")
            return HttpResponseRedirect(reverse("books:entry-list"), status=303)
    except EntryNotDraft as error:
        messages.error(request, error.message)
    except DomainError as error:
        messages.error(request, f"Draft #{draft.pk} was not posted: {error.message}")
    return HttpResponseRedirect(reverse("books:entry-detail", args=[draft.pk]), status=303)


@require_POST
@login_required
def entry_post(request: HttpRequest, entry_id: int) -> HttpResponse:
    return _draft_action(request, entry_id, "post")


@require_POST
@login_required
def entry_delete(request: HttpRequest, entry_id: int) -> HttpResponse:
    return _draft_action(request, entry_id, "delete")
