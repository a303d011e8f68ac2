"""The chart of accounts: the tree, and creating, changing and deleting an account.

Everyone who may see the books sees the tree; changes need MANAGE_ACCOUNTS (accountants and
admins), else 403. Another company's account ids answer 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bahi.core.errors import DomainError
from bahi.identity.permissions import Action
from bahi.ledger.models import Account
from bahi.ledger.services import AccountChange, create_account, delete_account, update_account
from bahi.web.books import selectors
from bahi.web.books.access import Scope, books_scope
from bahi.web.books.forms import AccountForm
from bahi.web.books.presenters import tree_row

# A service error's `details.field` names the form field it belongs on.
_FIELDS = {"code", "name", "parent", "is_group", "schedule_iii"}


@require_GET
@login_required
def accounts(request: HttpRequest) -> HttpResponse:
    scope = books_scope(request)
    rows = [tree_row(row) for row in selectors.build_account_tree(company=scope.company)]
    return render(request, "web/books/accounts.html", {"rows": rows, "scope": scope})


def _form_page(
    request: HttpRequest, form: AccountForm, account: Account | None, status: int = 200
) -> HttpResponse:
    company = request.company  # type: ignore[attr-defined]
    in_use = account is not None and selectors.is_account_in_use(company=company, account=account)
    context = {"form": form, "account": account, "can_delete": account is not None and not in_use}
    return render(request, "web/books/account_form.html", context, status=status)


def _add_error(form: AccountForm, error: DomainError) -> None:
    details = error.details if isinstance(error.details, dict) else {}
    field = details.get("field")
    form.add_error(field if field in _FIELDS else None, error.message)


def _create(scope: Scope, form: AccountForm) -> Account:
    data = form.cleaned_data
    return create_account(
        company=scope.company,
        actor=scope.user,
        code=data["code"],
        name=data["name"],
        parent=data["parent"],
        is_group=data["is_group"],
        schedule_iii=data["schedule_iii"],
    )


def _saved(request: HttpRequest, account: Account, verb: str) -> HttpResponse:
    messages.success(request, f"{account.code} · {account.name} {verb}.")
    return HttpResponseRedirect(reverse("books:accounts"), status=303)


@require_http_methods(["GET", "POST"])
@login_required
def account_create(request: HttpRequest) -> HttpResponse:
    scope = books_scope(request, Action.MANAGE_ACCOUNTS)
    groups = selectors.list_groups(company=scope.company)
    initial = {"parent": request.GET.get("parent")}
    form = AccountForm(request.POST or None, groups=groups, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            account = _create(scope, form)
        except DomainError as error:
            _add_error(form, error)
        else:
            return _saved(request, account, "created")
    status = 422 if request.method == "POST" else 200
    return _form_page(request, form, None, status)


def _initial(account: Account) -> dict[str, object]:
    return {
        "is_group": "1" if account.is_group else "0",
        "parent": account.parent_id,
        "code": account.code,
        "name": account.name,
        "schedule_iii": account.schedule_iii,
        "is_active": account.is_active,
    }


def _change(form: AccountForm) -> AccountChange:
    data = form.cleaned_data
    return AccountChange(
        code=data["code"],
        name=data["name"],
        parent_id=data["parent"].pk,
        is_group=data["is_group"],
        is_active=data["is_active"],
        schedule_iii=data["schedule_iii"],
    )


@require_http_methods(["GET", "POST"])
@login_required
def account_edit(request: HttpRequest, account_id: int) -> HttpResponse:
    scope = books_scope(request, Action.MANAGE_ACCOUNTS)
    account = selectors.get_account(company=scope.company, account_id=account_id)
    if account is None or account.parent_id is None:
        raise Http404("no such account")  # the five top groups are fixed
    groups = selectors.list_groups(company=scope.company)
    form = AccountForm(request.POST or None, groups=groups, initial=_initial(account))
    if request.method == "POST" and form.is_valid():
        try:
            account = update_account(
                company=scope.company, actor=scope.user, account_id=account.pk, change=_change(form)
            )
        except DomainError as error:
            _add_error(form, error)
        else:
            return _saved(request, account, "saved")
    status = 422 if request.method == "POST" else 200
    return _form_page(request, form, account, status)


@require_POST
@login_required
def account_delete(request: HttpRequest, account_id: int) -> HttpResponse:
    scope = books_scope(request, Action.MANAGE_ACCOUNTS)
    account = selectors.get_account(company=scope.company, account_id=account_id)
    if account is None:
        raise Http404("no such account")
    try:
        delete_account(company=scope.company, actor=scope.user, account_id=account.pk)
    except DomainError as error:
        messages.error(request, error.message)
        return HttpResponseRedirect(reverse("books:account-edit", args=[account.pk]), status=303)
    messages.success(request, f"{account.code} · {account.name} deleted.")
    return HttpResponseRedirect(reverse("books:accounts"), status=303)
