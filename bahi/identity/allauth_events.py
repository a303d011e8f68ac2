"""Security events for what allauth does inside its own flows (two-factor devices added or
removed, wrong two-factor codes, password changes and resets). allauth reports these only
through its signals, so this is the one place where identity listens to signals; it only
records, it never changes state (STYLE.md keeps domain flow out of signals)."""

from typing import Any

from allauth.account import signals as account_signals
from allauth.mfa import signals as mfa_signals
from django.http import HttpRequest

from bahi.identity.http import client_ip
from bahi.identity.security_log import Kind, record_security_event


def _ip(request: HttpRequest | None) -> str:
    return client_ip(request) if request is not None else ""


def _authenticator(kind: str) -> Any:
    def receiver(sender: Any, request: HttpRequest | None = None, **kwargs: Any) -> None:
        authenticator = kwargs.get("authenticator")
        details = {"type": getattr(authenticator, "type", "")}
        if "reauthentication" in kwargs:
            details["reauthentication"] = bool(kwargs["reauthentication"])
        record_security_event(kind=kind, user=kwargs.get("user"), ip=_ip(request), details=details)

    return receiver


def _password(kind: str) -> Any:
    def receiver(sender: Any, request: HttpRequest | None = None, **kwargs: Any) -> None:
        record_security_event(kind=kind, user=kwargs.get("user"), ip=_ip(request))

    return receiver


_RECEIVERS = [
    (mfa_signals.authenticator_added, _authenticator(Kind.MFA_ADDED)),
    (mfa_signals.authenticator_removed, _authenticator(Kind.MFA_REMOVED)),
    (mfa_signals.authentication_failed, _authenticator(Kind.MFA_FAILED)),
    (account_signals.password_changed, _password(Kind.PASSWORD_CHANGED)),
    (account_signals.password_reset, _password(Kind.PASSWORD_CHANGED)),
]


def connect() -> None:
    for signal, receiver in _RECEIVERS:
        signal.connect(receiver, dispatch_uid=f"bahi.identity.{id(receiver)}")
