"""The company a signed-in user is working in: `request.company`, `request.membership`.

The chosen company's id lives in the session (`SESSION_COMPANY_KEY`); it is honoured only while
the user is still a member, so a removed member loses access at the next request. With nothing
chosen, the user's first company (by name) is used. Anonymous users and users without a company
get `None` for both (one query per signed-in request; none for anonymous or API-key requests).
"""

import time
from collections.abc import Callable
from typing import Any

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import auth
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from bahi.identity.http import client_ip
from bahi.identity.models import Membership
from bahi.identity.permissions import start_collecting_denials, take_denials
from bahi.identity.security_log import Kind, record_denial, record_security_event

SESSION_COMPANY_KEY = "bahi_company_id"


def current_membership(request: HttpRequest) -> Membership | None:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    memberships = Membership.objects.select_related("company").filter(user=user)
    chosen = request.session.get(SESSION_COMPANY_KEY)
    if chosen is not None:
        membership = memberships.filter(company_id=chosen).first()
        if membership is not None:
            return membership
    return memberships.order_by("company__legal_name", "company_id").first()


def select_company(request: HttpRequest, company_id: int) -> Membership | None:
    """Switches the session to `company_id` if the user is a member; returns the membership."""
    if not request.user.is_authenticated:
        return None
    membership = (
        Membership.objects.select_related("company")
        .filter(user_id=request.user.pk, company_id=company_id)
        .first()
    )
    if membership is not None:
        request.session[SESSION_COMPANY_KEY] = membership.company_id
    return membership


class CurrentCompanyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        membership = current_membership(request)
        request.membership = membership  # type: ignore[attr-defined]
        request.company = membership.company if membership else None  # type: ignore[attr-defined]
        return self.get_response(request)


# --- sessions, two-factor enrolment, permission denials ------------------------------------------

SESSION_STARTED_KEY = "bahi_session_started"
# Pages a member who must set up two-factor sign-in may still open.
ENROLMENT_PATHS = ("/accounts/2fa/", "/accounts/logout/", "/accounts/reauthenticate/", "/static/")


def _absolute_expiry(request: HttpRequest) -> bool:
    """True when the signed-in session is older than SESSION_ABSOLUTE_SECONDS (then ended)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    now = int(time.time())
    started = request.session.setdefault(SESSION_STARTED_KEY, now)
    if now - int(started) < settings.SESSION_ABSOLUTE_SECONDS:
        return False
    record_security_event(kind=Kind.SESSION_EXPIRED, user=user, ip=client_ip(request))
    auth.logout(request)
    return True


ENROL_2FA_KEY = "bahi_must_enrol_2fa"


def requires_2fa(user: Any) -> bool:
    """Whether any company of the user requires two-factor sign-in for the user's role there."""
    return any(
        membership.role in (membership.company.require_2fa_roles or [])
        for membership in Membership.objects.select_related("company").filter(user=user)
    )


def has_second_factor(user: Any) -> bool:
    second_factors = [Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]
    return bool(Authenticator.objects.filter(user_id=user.pk, type__in=second_factors).exists())


def start_signed_in_session(request: HttpRequest, user: Any) -> None:
    """Called at each sign-in: starts the session's absolute lifetime, and flags a member who
    must use two-factor sign-in and has no second factor, to set one up before anything else."""
    request.session[SESSION_STARTED_KEY] = int(time.time())
    flag_2fa_enrolment(request, user)


def flag_2fa_enrolment(request: HttpRequest, user: Any) -> None:
    if requires_2fa(user) and not has_second_factor(user):
        request.session[ENROL_2FA_KEY] = True


def _must_enrol(request: HttpRequest) -> bool:
    if not request.session.get(ENROL_2FA_KEY):
        return False
    if has_second_factor(request.user):
        del request.session[ENROL_2FA_KEY]
        return False
    return True


def _to_enrolment(request: HttpRequest) -> HttpResponse:
    url = reverse("mfa_activate_totp")
    if request.headers.get("HX-Request") == "true":
        # An HTMX request would swap the set-up page into a fragment: have the browser go there.
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return HttpResponseRedirect(url)


class RequireTwoFactorMiddleware:
    """Ends sessions past their absolute age, sends members who must use two-factor sign-in
    (flagged at sign-in, see start_signed_in_session) to its set-up page until they have one,
    and writes the request's permission denials to the
    security log. Runs after CurrentCompanyMiddleware (needs request.membership)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _absolute_expiry(request):
            return redirect_to_login(request.get_full_path())
        if not request.path.startswith(ENROLMENT_PATHS) and _must_enrol(request):
            return _to_enrolment(request)
        start_collecting_denials()
        try:
            response = self.get_response(request)
        finally:
            for denial in take_denials():
                record_denial(denial, ip=client_ip(request))
        return response
