"""Who is calling, and which company they may act in.

Django's session (the web app's login) with a CSRF token on unsafe methods, or an API key:
`ApiKeyBearer` reads `Authorization: Bearer <key>` and asks the lookup registered with
`register_api_key_lookup` (bahi.api.api registers bahi.identity.api_keys). A key is limited to its
own company (any other company is 404) and to its role's actions (else 403).
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth

from bahi.core.errors import NotFound, PermissionDenied
from bahi.identity.models import Company, User
from bahi.identity.permissions import MATRIX, Action, role_of


@dataclass(frozen=True)
class ApiKeyPrincipal:
    """What an API key stands for: the user it acts as, and optionally the one company and the
    actions it is limited to (a read-only key lists only Action.VIEW_BOOKS)."""

    user: User
    company_id: int | None = None
    actions: frozenset[Action] | None = None
    role: str | None = None
    key_id: int | None = None
    company: Company | None = None  # the key's company, already read with the key


ApiKeyLookup = Callable[[str, str | None], ApiKeyPrincipal | None]
_api_key_lookup: ApiKeyLookup | None = None


def register_api_key_lookup(lookup: ApiKeyLookup | None) -> None:
    """Register a function from (presented secret, client IP) to its principal (or None for an
    unknown, revoked or expired key). None unregisters."""
    global _api_key_lookup  # noqa: PLW0603 - one process-wide hook, set at start-up
    _api_key_lookup = lookup


class ApiKeyBearer(HttpBearer):
    """`Authorization: Bearer <key>`, resolved by the registered lookup."""

    def authenticate(self, request: HttpRequest, token: str) -> ApiKeyPrincipal | None:
        if _api_key_lookup is None:
            return None
        principal = _api_key_lookup(token, request.META.get("REMOTE_ADDR"))
        if principal is not None:
            request.api_key = principal  # type: ignore[attr-defined]
            request.user = principal.user
        return principal


class SignedInSession(SessionAuth):
    """The browser's session, CSRF-checked. A request with no signed-in session is not this
    method's to judge: ninja's SessionAuth would refuse it for CSRF before the next method
    (the API key) was tried, so every POST with a key but no cookie got 403 over real HTTP."""

    def __call__(self, request: HttpRequest) -> Any | None:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        return super().__call__(request)


session_auth = SignedInSession(csrf=True)


def current_user(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User) or not user.is_authenticated:
        raise PermissionDenied("not logged in")
    return user


def _key_allows(request: HttpRequest, company_id: int, action: Action) -> bool:
    principal: ApiKeyPrincipal | None = getattr(request, "api_key", None)
    if principal is None:
        return True
    if principal.company_id is not None and principal.company_id != company_id:
        return False
    return principal.actions is None or action in principal.actions


def company_for(request: HttpRequest, company_id: int, action: Action) -> Company:
    """The company the request names, if the caller is a member whose role allows `action`.

    A company the caller does not belong to does not exist for them (404, never its data);
    a member whose role does not allow the action gets 403 (PermissionDenied).
    """
    user = current_user(request)
    principal: ApiKeyPrincipal | None = getattr(request, "api_key", None)
    if (
        principal is not None
        and principal.company is not None
        and principal.company_id == company_id
    ):
        company: Company | None = principal.company  # read with the key: no second query
    else:
        company = Company.objects.filter(pk=company_id).first()
    role = None if company is None else role_of(user=user, company=company)
    if company is None or role is None or not _key_allows(request, company_id, Action.VIEW_BOOKS):
        raise NotFound(f"company {company_id} does not exist", code="company_not_found")
    if action not in MATRIX.get(role, frozenset()) or not _key_allows(request, company_id, action):
        raise PermissionDenied(
            f"your role ({role}) may not {action.value.replace('_', ' ')} in this company",
            details={"action": action.value, "role": role},
        )
    request.company_role = _effective_role(request, role)  # type: ignore[attr-defined]
    return company


def _effective_role(request: HttpRequest, role: str) -> str:
    """The member's role, or the key's when a key with a narrower role is acting."""
    principal: ApiKeyPrincipal | None = getattr(request, "api_key", None)
    if principal is None or principal.role is None:
        return role
    narrower = MATRIX.get(principal.role, frozenset()) <= MATRIX.get(role, frozenset())
    return principal.role if narrower else role
