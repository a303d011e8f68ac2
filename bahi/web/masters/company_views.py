"""The company's print details (what its invoices show) and its logo, with a preview of the
stored logo. Admins only (MANAGE_COMPANY), GET and POST alike, else 403. The checks (PIN code,
UPI ID, IFSC, the logo's type and size) are the service's; its reason is shown on the field."""

from dataclasses import fields

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from bahi.core.errors import DomainError
from bahi.identity.models import Company
from bahi.identity.permissions import Action
from bahi.identity.profile import MAX_LOGO_BYTES, CompanyPrintDetails, update_company_print_details
from bahi.web.books.access import Scope, books_scope
from bahi.web.masters import presenters
from bahi.web.masters.common import add_service_error, form_status, saved
from bahi.web.masters.forms import CompanyDetailsForm


def _details(form: CompanyDetailsForm, company: Company) -> CompanyPrintDetails:
    data = form.cleaned_data
    values = {field.name: data[field.name] for field in fields(CompanyPrintDetails)}
    if data.get("clear_bank_account"):
        values["bank_account_number"] = ""
    elif not values["bank_account_number"].strip():
        values["bank_account_number"] = company.bank_account_number  # blank keeps it
    return CompanyPrintDetails(**values)


def _logo(form: CompanyDetailsForm) -> bytes | None:
    """The uploaded logo's bytes (read one past the limit, for the service to refuse), b"" to
    remove it, None to keep it."""
    upload = form.cleaned_data["logo"]
    if upload:
        return bytes(upload.read(MAX_LOGO_BYTES + 1))
    return b"" if form.cleaned_data.get("remove_logo") else None


def _save(scope: Scope, form: CompanyDetailsForm) -> Company | None:
    try:
        return update_company_print_details(
            company=scope.company,
            actor=scope.user,
            details=_details(form, scope.company),
            logo=_logo(form),
        )
    except DomainError as error:
        add_service_error(form, error)
        return None


@require_http_methods(["GET", "POST"])
@login_required
def company_details(request: HttpRequest) -> HttpResponse:
    scope = books_scope(request, Action.MANAGE_COMPANY)
    company = scope.company
    initial = presenters.company_initial(company)
    form = CompanyDetailsForm(
        request.POST or None,
        request.FILES or None,
        initial=initial,
        bank_account_on_file=company.bank_account_number,
        has_logo=bool(company.logo),
    )
    if request.method == "POST" and form.is_valid() and _save(scope, form) is not None:
        return saved(request, reverse("masters:company"), "The company's details are saved.")
    context = {"form": form, "company": company, "logo": presenters.logo_data_uri(company)}
    return render(request, "web/masters/company.html", context, status=form_status(request))
