"""Sign-in pages: password sign-in with rate limits (allauth two-factor login replaces it)."""

from typing import Any

from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse

from bahi.identity import throttle
from bahi.identity.models import User
from bahi.identity.security_log import Kind, record_security_event


def _client_ip(request: HttpRequest) -> str:
    """The peer address; X-Forwarded-For is not trusted (a proxy must set REMOTE_ADDR)."""
    return str(request.META.get("REMOTE_ADDR") or "")


def _user_named(username: str) -> User | None:
    return User.objects.filter(username=username).first() if username else None


class ThrottledLoginView(auth_views.LoginView):
    """Django's sign-in, with the limits of bahi.identity.throttle: a refused attempt gets HTTP
    429 and "Too many attempts; try again in N minutes", whether or not the user exists."""

    template_name = "identity/login.html"

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        username = str(request.POST.get("username", ""))[:150]
        ip = _client_ip(request)
        wait = throttle.login_wait(username, ip)
        if wait is None:
            return super().post(request, *args, **kwargs)
        record_security_event(
            kind=Kind.LOGIN_LOCKED,
            user=_user_named(username),
            ip=ip,
            details={"username": username, "scope": wait.scope, "wait_seconds": wait.seconds},
        )
        form = self._refused_form(username, wait.message)
        response = self.render_to_response(self.get_context_data(form=form), status=429)
        response["Retry-After"] = str(wait.seconds)
        return response

    def _refused_form(self, username: str, message: str) -> AuthenticationForm:
        """An unbound form (so no password is checked) showing `message`."""
        form = self.get_form_class()(self.request, initial={"username": username})
        form.full_clean()
        form.cleaned_data = {}
        form.add_error(None, message)
        return form

    def form_invalid(self, form: AuthenticationForm) -> HttpResponse:
        username = str(form.data.get("username", ""))[:150]
        ip = _client_ip(self.request)
        throttle.note_failed_login(username, ip)
        record_security_event(
            kind=Kind.LOGIN_FAILED,
            user=_user_named(username),
            ip=ip,
            details={"username": username},
        )
        return super().form_invalid(form)

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        throttle.note_successful_login(form.get_user().get_username())
        return super().form_valid(form)
