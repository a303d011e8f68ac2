"""Admins' read-only pages: the security events of the company (opening the page marks its
alerts read) and the audit trail with filters, pagination and CSV export."""

import csv
from collections.abc import Iterator
from datetime import date
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone

from bahi.identity import selectors
from bahi.identity.audit import RECORD_COLUMNS, canonical_json
from bahi.identity.http import client_ip
from bahi.identity.models import AuditRecord, Membership
from bahi.identity.security_log import Kind, record_security_event
from bahi.identity.views.admin import admin_scope

PAGE_SIZE = 50
# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@login_required
def security_events(request: HttpRequest) -> HttpResponse:
    company, user = admin_scope(request)
    alerts_only = request.GET.get("alerts") == "1"
    events = selectors.list_security_events(company=company, alerts_only=alerts_only)
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    Membership.objects.filter(company=company, user=user).update(
        security_events_seen_at=timezone.now()
    )
    context = {"page": page, "alerts_only": alerts_only}
    return render(request, "identity/security_events.html", context)


class AuditFilterForm(forms.Form):
    object_type = forms.CharField(required=False, max_length=100)
    action = forms.CharField(required=False, max_length=30)
    actor = forms.IntegerField(required=False, min_value=1)
    from_date = forms.DateField(required=False)
    to_date = forms.DateField(required=False)

    def to_filter(self) -> selectors.AuditFilter:
        data = self.cleaned_data if self.is_valid() else {}
        from_date: date | None = data.get("from_date")
        to_date: date | None = data.get("to_date")
        return selectors.AuditFilter(
            object_type=data.get("object_type") or "",
            action=data.get("action") or "",
            actor_id=data.get("actor"),
            from_date=from_date,
            to_date=to_date,
        )


@login_required
def audit_trail(request: HttpRequest) -> HttpResponse:
    company, _ = admin_scope(request)
    form = AuditFilterForm(request.GET)
    records = selectors.list_audit_records(company=company, where=form.to_filter())
    page = Paginator(records, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "object_types": selectors.list_audit_object_types(company=company),
    }
    status = 422 if form.errors else 200
    return render(request, "identity/audit.html", context, status=status)


def safe_cell(value: Any) -> str:
    """A CSV cell a spreadsheet shows as text, never runs as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


class _Echo:
    def write(self, value: str) -> str:
        return value


def _csv_rows(records: Iterator[AuditRecord]) -> Iterator[str]:
    writer = csv.writer(_Echo(), lineterminator="\n")
    yield writer.writerow(RECORD_COLUMNS)
    for record in records:
        values = []
        for column in RECORD_COLUMNS:
            value = getattr(record, column)
            if column in ("before", "after"):
                value = "" if value is None else canonical_json(value)
            elif column == "recorded_at":
                value = value.isoformat()
            values.append(safe_cell(value))
        yield writer.writerow(values)


@login_required
def audit_trail_csv(request: HttpRequest) -> StreamingHttpResponse:
    company, user = admin_scope(request)
    where = AuditFilterForm(request.GET).to_filter()
    record_security_event(
        kind=Kind.AUDIT_EXPORTED,
        user=user,
        ip=client_ip(request),
        company=company,
        details={"filter": request.GET.urlencode()[:500]},
    )
    records = selectors.list_audit_records(company=company, where=where).iterator(2000)
    response = StreamingHttpResponse(_csv_rows(records), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="audit-trail-{company.pk}.csv"'
    return response
