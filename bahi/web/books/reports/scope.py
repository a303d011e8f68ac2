"""What every report page and download shares: GET only, a signed-in member of a company whose
role may view the books (every role may), and errors turned into answers: an account or party
that is not this company's is a 404, an unreadable query a 400 page saying what was wrong."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as HttpForbidden
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from bahi.core.errors import InvalidInput, PermissionDenied
from bahi.identity.models import Company
from bahi.identity.permissions import Action, ensure_role_allows
from bahi.reports.errors import ReportAccountNotFound

ReportView = Callable[..., HttpResponse]


def report_view(title: str) -> Callable[[ReportView], ReportView]:
    """Wraps view(request, company, *args) for the report called `title` (for the error page)."""

    def decorate(view: ReportView) -> ReportView:
        @require_GET
        @login_required
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            company: Company | None = request.company  # type: ignore[attr-defined]
            if company is None:
                return render(request, "web/dashboard/no_company.html")
            try:
                ensure_role_allows(
                    role=request.membership.role,  # type: ignore[attr-defined]
                    actor=request.user,  # type: ignore[arg-type]  # login_required: a User
                    company=company,
                    action=Action.VIEW_BOOKS,
                )
            except PermissionDenied as error:
                raise HttpForbidden(error.message) from error
            try:
                return view(request, company, *args, **kwargs)
            except ReportAccountNotFound as error:
                raise Http404(error.message) from error
            except InvalidInput as error:
                context = {"title": title, "message": error.message, "company": company}
                return render(request, "web/reports/error.html", context, status=400)

        return wrapper

    return decorate
