"""Admins' pages for the current company: members and invitations, API keys. Every view checks
the permission matrix (MANAGE_COMPANY: viewers and accountants get 403) and reads and writes
only request.company's rows (another company's ids give 404)."""

from datetime import datetime, time

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as HttpForbidden
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from bahi.core.errors import DomainError, InvalidInput, NotFound, PermissionDenied
from bahi.identity import api_keys, invitations, members, selectors
from bahi.identity.forms import ApiKeyForm, InviteForm, Require2faForm, RoleForm
from bahi.identity.http import client_ip
from bahi.identity.models import Company, User
from bahi.identity.permissions import Action, ensure_can


def admin_scope(request: HttpRequest) -> tuple[Company, User]:
    """The current company and its admin, or 403 (logged as a permission denial)."""
    company = getattr(request, "company", None)
    user = request.user
    if company is None or not isinstance(user, User):
        raise HttpForbidden("no company")
    try:
        ensure_can(actor=user, company=company, action=Action.MANAGE_COMPANY)
    except PermissionDenied as error:
        raise HttpForbidden(error.message) from error
    return company, user


def _members_page(request: HttpRequest, invite_form: InviteForm, status: int = 200) -> HttpResponse:
    company, _ = admin_scope(request)
    context = {
        "members": selectors.list_members(company=company),
        "invitations": selectors.list_open_invitations(company=company),
        "invite_form": invite_form,
        "require_2fa_form": Require2faForm(initial={"roles": company.require_2fa_roles}),
        "roles": RoleForm.base_fields["role"].choices,  # type: ignore[attr-defined]
        "now": timezone.now(),
    }
    return render(request, "identity/members.html", context, status=status)


@login_required
def members_list(request: HttpRequest) -> HttpResponse:
    return _members_page(request, InviteForm())


@require_POST
@login_required
def invite(request: HttpRequest) -> HttpResponse:
    company, user = admin_scope(request)
    form = InviteForm(request.POST)
    if form.is_valid():
        try:
            invitations.invite_member(
                company=company,
                actor=user,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                base_url=request.build_absolute_uri("/"),
                ip=client_ip(request),
            )
        except InvalidInput as error:
            form.add_error("email", error.message)
        else:
            messages.success(request, f"Invitation sent to {form.cleaned_data['email']}.")
            return HttpResponseRedirect(reverse("identity_members"))
    return _members_page(request, form, status=422)


def _run(request: HttpRequest, action: str, **kwargs: object) -> HttpResponse:
    """Call one member service for the current company; errors become a message or a 404."""
    company, user = admin_scope(request)
    service = {
        "role": members.change_member_role,
        "remove": members.remove_member,
        "revoke_invitation": invitations.revoke_invitation,
    }[action]
    try:
        service(company=company, actor=user, ip=client_ip(request), **kwargs)  # type: ignore[operator]
    except NotFound as error:
        raise Http404(error.message) from error
    except DomainError as error:
        messages.error(request, error.message)
        return HttpResponseRedirect(reverse("identity_members"), status=303)
    return HttpResponseRedirect(reverse("identity_members"), status=303)


@require_POST
@login_required
def require_2fa(request: HttpRequest) -> HttpResponse:
    company, user = admin_scope(request)
    form = Require2faForm(request.POST)
    roles = form.cleaned_data["roles"] if form.is_valid() else ["?"]
    try:
        members.set_require_2fa_roles(
            company=company, actor=user, roles=roles, ip=client_ip(request)
        )
    except InvalidInput as error:
        messages.error(request, error.message)
    return HttpResponseRedirect(reverse("identity_members"), status=303)


@require_POST
@login_required
def member_role(request: HttpRequest, membership_id: int) -> HttpResponse:
    return _run(request, "role", membership_id=membership_id, role=request.POST.get("role", ""))


@require_POST
@login_required
def member_remove(request: HttpRequest, membership_id: int) -> HttpResponse:
    return _run(request, "remove", membership_id=membership_id)


@require_POST
@login_required
def invitation_revoke(request: HttpRequest, invitation_id: int) -> HttpResponse:
    return _run(request, "revoke_invitation", invitation_id=invitation_id)


def _keys_page(
    request: HttpRequest, form: ApiKeyForm, secret: str = "", status: int = 200
) -> HttpResponse:
    company, _ = admin_scope(request)
    context = {"keys": api_keys.list_api_keys(company=company), "form": form, "secret": secret}
    response = render(request, "identity/api_keys.html", context, status=status)
    response["Cache-Control"] = "no-store"  # the page may show a secret once
    return response


@login_required
def api_key_list(request: HttpRequest) -> HttpResponse:
    return _keys_page(request, ApiKeyForm())


@require_POST
@login_required
def api_key_create(request: HttpRequest) -> HttpResponse:
    company, user = admin_scope(request)
    form = ApiKeyForm(request.POST)
    if form.is_valid():
        expires_on = form.cleaned_data["expires_on"]
        expires_at = (
            timezone.make_aware(datetime.combine(expires_on, time.max)) if expires_on else None
        )
        try:
            created = api_keys.create_api_key(
                company=company,
                actor=user,
                name=form.cleaned_data["name"],
                role=form.cleaned_data["role"],
                expires_at=expires_at,
                ip=client_ip(request),
            )
        except InvalidInput as error:
            field = str(error.details.get("field", ""))
            field = {"expires_at": "expires_on"}.get(field, field)
            form.add_error(field if field in form.fields else None, error.message)
        else:
            return _keys_page(request, ApiKeyForm(), secret=created.secret, status=201)
    return _keys_page(request, form, status=422)


@require_POST
@login_required
def api_key_revoke(request: HttpRequest, key_id: int) -> HttpResponse:
    company, user = admin_scope(request)
    try:
        api_keys.revoke_api_key(company=company, actor=user, key_id=key_id, ip=client_ip(request))
    except NotFound as error:
        raise Http404(error.message) from error
    return HttpResponseRedirect(reverse("identity_api_keys"), status=303)
