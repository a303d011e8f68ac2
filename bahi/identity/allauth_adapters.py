"""How django-allauth fits Bahi: mail through the outbox, sign-in limits and security events,
sign-up by invitation only, and two-factor secrets encrypted with Bahi's keyring."""

from types import SimpleNamespace
from typing import Any

from allauth.account import stages
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.models import EmailAddress
from allauth.core import context as allauth_context
from allauth.mfa.adapter import DefaultMFAAdapter
from django.core.mail import EmailMultiAlternatives
from django.http import HttpRequest

from bahi.identity import crypto, mail, throttle
from bahi.identity.http import client_ip
from bahi.identity.middleware import start_signed_in_session
from bahi.identity.models import User
from bahi.identity.security_log import Kind, record_security_event

EMAIL_VERIFICATION_STAGE = "allauth.account.stages.EmailVerificationStage"
_MFA_CONTEXT = "allauth.mfa.authenticator"


def user_named(login: str) -> User | None:
    """The user whose email or user name is `login`, if any."""
    login = login.strip()
    if not login:
        return None
    if "@" in login:
        return User.objects.filter(email__iexact=login).first()
    return User.objects.filter(username=login).first()


def login_typed(credentials: dict[str, Any]) -> str:
    return str(credentials.get("email") or credentials.get("username") or "")[:254]


class OperatorAccountsVerificationStage(stages.EmailVerificationStage):  # type: ignore[misc]
    """allauth's email verification, except for accounts with no email record at all: those
    were made by an operator (`bahi` commands, the demo), not by sign-up, and have nothing to
    verify. Invited users get a verified record (the link proved the mailbox), so anyone who
    adds or changes an address must confirm it before signing in with it."""

    def handle(self) -> tuple[Any, bool]:
        if not EmailAddress.objects.filter(user_id=self.login.user.pk).exists():
            return None, True
        return super().handle()  # type: ignore[no-any-return]


class AccountAdapter(DefaultAccountAdapter):  # type: ignore[misc]
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        # People join a company by invitation (bahi.identity.invitations), never by sign-up.
        return False

    def get_client_ip(self, request: HttpRequest) -> str:
        return client_ip(request)

    def get_login_stages(self) -> list[str]:
        return [
            f"{__name__}.OperatorAccountsVerificationStage"
            if path == EMAIL_VERIFICATION_STAGE
            else path
            for path in super().get_login_stages()
        ]

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        """Render allauth's message and put it in the outbox, in the current transaction."""
        request = allauth_context.request
        site = SimpleNamespace(name="Bahi", domain=request.get_host() if request else "")
        context = {"request": request, "email": email, "current_site": site, **context}
        message = self.render_mail(template_prefix, email, context)
        html = ""
        if isinstance(message, EmailMultiAlternatives):
            html = next(
                (str(body) for body, kind in message.alternatives if kind == "text/html"), ""
            )
        body_text = "" if message.content_subtype == "html" else str(message.body)
        mail.queue_email(
            to=list(message.to),
            subject=str(message.subject),
            body_text=body_text,
            body_html=html or (str(message.body) if message.content_subtype == "html" else ""),
        )

    def authentication_failed(self, request: HttpRequest, **credentials: Any) -> None:
        typed = login_typed(credentials)
        ip = client_ip(request)
        throttle.note_failed_login(typed, ip)
        record_security_event(
            kind=Kind.LOGIN_FAILED, user=user_named(typed), ip=ip, details={"username": typed}
        )

    def login(self, request: HttpRequest, user: Any) -> None:
        super().login(request, user)
        start_signed_in_session(request, user)
        record_security_event(kind=Kind.LOGIN_SUCCEEDED, user=user, ip=client_ip(request))


class MFAAdapter(DefaultMFAAdapter):  # type: ignore[misc]
    """TOTP secrets and recovery-code seeds are sealed with AES-256-GCM (bahi.identity.crypto)
    before allauth stores them: a copy of the database alone does not reveal them."""

    def encrypt(self, text: str) -> str:
        return crypto.seal(text, context=_MFA_CONTEXT)

    def decrypt(self, encrypted_text: str) -> str:
        return crypto.open_sealed(encrypted_text, context=_MFA_CONTEXT)
