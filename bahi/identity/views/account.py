"""A user's own pages: accept an invitation, switch company, log out everywhere."""

from django.conf import settings
from django.contrib import auth, messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from bahi.identity import invitations
from bahi.identity.forms import NewPasswordForm
from bahi.identity.http import client_ip
from bahi.identity.members import log_out_everywhere
from bahi.identity.middleware import (
    flag_2fa_enrolment,
    select_company,
    start_signed_in_session,
)
from bahi.identity.models import User

INVITATION_TEMPLATE = "identity/invitation.html"


def _unusable(request: HttpRequest, error: invitations.InvitationUnusable) -> HttpResponse:
    return render(
        request, "identity/invitation_unusable.html", {"message": error.message}, status=410
    )


def invitation(request: HttpRequest, token: str) -> HttpResponse:
    """The invitation link: a new user sets a password; an existing user signs in as the
    invited address and accepts."""
    try:
        found = invitations.find_invitation(token)
    except invitations.InvitationUnusable as error:
        return _unusable(request, error)
    existing = invitations.user_for_email(found.email)
    if existing is not None:
        return _accept_existing(request, token, found)
    form = NewPasswordForm(request.POST or None, email=found.email)
    if request.method == "POST" and form.is_valid():
        try:
            membership = invitations.accept_as_new_user(
                token=token, password=form.cleaned_data["password1"], ip=client_ip(request)
            )
        except invitations.InvitationUnusable as error:
            return _unusable(request, error)
        auth.login(request, membership.user, backend=settings.AUTHENTICATION_BACKENDS[0])
        start_signed_in_session(request, membership.user)
        select_company(request, membership.company_id)
        return HttpResponseRedirect("/")
    status = 422 if request.method == "POST" else 200
    context = {"invitation": found, "form": form, "new_user": True}
    return render(request, INVITATION_TEMPLATE, context, status=status)


def _accept_existing(request: HttpRequest, token: str, found: object) -> HttpResponse:
    context = {"invitation": found, "new_user": False}
    if request.method != "POST" or not request.user.is_authenticated:
        return render(request, INVITATION_TEMPLATE, context)
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - authenticated above
    try:
        membership = invitations.accept_as_existing_user(
            token=token, user=user, ip=client_ip(request)
        )
    except invitations.InvitationUnusable as error:
        return _unusable(request, error)
    except invitations.WrongAccount as error:
        return render(request, INVITATION_TEMPLATE, context | {"error": error.message}, status=403)
    select_company(request, membership.company_id)
    flag_2fa_enrolment(request, user)  # the new role may require two-factor sign-in
    messages.success(request, f"You have joined {membership.company.legal_name}.")
    return HttpResponseRedirect("/")


@require_POST
@login_required
def switch_company(request: HttpRequest) -> HttpResponse:
    try:
        company_id = int(request.POST.get("company_id", ""))
    except ValueError:
        raise Http404("no such company") from None
    if select_company(request, company_id) is None:
        raise Http404("no such company")
    return HttpResponseRedirect("/")


@require_POST
@login_required
def logout_everywhere(request: HttpRequest) -> HttpResponse:
    """Ends every session of the user, this one included."""
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - login_required
    log_out_everywhere(user=user, ip=client_ip(request))
    auth.logout(request)
    messages.info(request, "You are signed out on every device.")
    return HttpResponseRedirect(reverse("account_login"))
