"""allauth's sign-in, two-factor and password-reset pages with Bahi's limits (bahi.identity.
throttle): a refused attempt gets HTTP 429, Retry-After and "Too many attempts; try again in N
minutes", whether or not the account exists, and a security event."""

from typing import Any

from allauth.account import views as account_views
from allauth.mfa.base import views as mfa_views
from django.http import HttpRequest, HttpResponse

from bahi.identity import throttle
from bahi.identity.allauth_adapters import user_named
from bahi.identity.http import client_ip
from bahi.identity.models import User
from bahi.identity.security_log import Kind, record_security_event


def _refused(  # noqa: PLR0913 - the event's fields
    view: Any,
    wait: throttle.Wait,
    *,
    kind: str,
    user: User | None,
    details: dict[str, Any],
    form: Any = None,
) -> HttpResponse:
    """The page again (an unbound `form`: nothing checked) with the wait message, HTTP 429."""
    record_security_event(
        kind=kind,
        user=user,
        ip=client_ip(view.request),
        details={**details, "scope": wait.scope, "wait_seconds": wait.seconds},
    )
    context = view.get_context_data(**({"form": form} if form is not None else {}))
    context["refusal"] = wait.message
    response: HttpResponse = view.render_to_response(context, status=429)
    response["Retry-After"] = str(wait.seconds)
    return response


class LoginView(account_views.LoginView):  # type: ignore[misc]
    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        typed = str(request.POST.get("login") or request.POST.get("username") or "")[:254]
        wait = throttle.login_wait(typed, client_ip(request))
        if wait is None:
            return super().post(request, *args, **kwargs)  # type: ignore[no-any-return]
        return _refused(
            self,
            wait,
            kind=Kind.LOGIN_LOCKED,
            user=user_named(typed),
            details={"username": typed},
            form=self.get_form_class()(request=request),
        )

    def form_valid(self, form: Any) -> HttpResponse:
        throttle.note_successful_login(str(form.cleaned_data.get("login", "")))
        return super().form_valid(form)  # type: ignore[no-any-return]


class MFAAuthenticateView(mfa_views.AuthenticateView):  # type: ignore[misc]
    """The two-factor step of sign-in. Wrong codes count per user (5 in 5 minutes) and per IP."""

    def _subject(self) -> str:
        return str(self.stage.login.user.pk)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        wait = throttle.login_wait(self._subject(), client_ip(request), flow="mfa")
        if wait is None:
            return super().post(request, *args, **kwargs)  # type: ignore[no-any-return]
        return _refused(self, wait, kind=Kind.MFA_LOCKED, user=self.stage.login.user, details={})

    def form_invalid(self, form: Any) -> HttpResponse:
        throttle.note_failed_login(self._subject(), client_ip(self.request), flow="mfa")
        return super().form_invalid(form)  # type: ignore[no-any-return]

    def form_valid(self, form: Any) -> HttpResponse:
        throttle.note_successful_login(self._subject(), flow="mfa")
        return super().form_valid(form)  # type: ignore[no-any-return]


class PasswordResetView(account_views.PasswordResetView):  # type: ignore[misc]
    """Each request sends an email, so every request counts (per address typed and per IP)."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        typed = str(request.POST.get("email", ""))[:254]
        ip = client_ip(request)
        wait = throttle.login_wait(typed, ip, flow="reset")
        if wait is not None:
            return _refused(
                self,
                wait,
                kind=Kind.PASSWORD_RESET_LOCKED,
                user=user_named(typed),
                details={"email": typed},
                form=self.get_form_class()(),
            )
        throttle.note_failed_login(typed, ip, flow="reset")
        record_security_event(
            kind=Kind.PASSWORD_RESET_REQUESTED,
            user=user_named(typed),
            ip=ip,
            details={"email": typed},
        )
        return super().post(request, *args, **kwargs)  # type: ignore[no-any-return]
