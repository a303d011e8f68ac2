"""Who may do what on the books pages: the current company and its member, checked against the
permission matrix. A refused action answers 403 and is logged as a permission denial."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied as HttpForbidden
from django.http import HttpRequest

from bahi.core.errors import PermissionDenied
from bahi.identity.models import Company, User
from bahi.identity.permissions import MATRIX, Action, ensure_role_allows


@dataclass(frozen=True)
class Scope:
    company: Company
    user: User
    role: str

    def allows(self, action: Action) -> bool:
        return action in MATRIX.get(self.role, frozenset())

    @property
    def can_post(self) -> bool:
        return self.allows(Action.POST_ENTRIES)

    @property
    def can_manage_accounts(self) -> bool:
        return self.allows(Action.MANAGE_ACCOUNTS)


def books_scope(request: HttpRequest, action: Action = Action.VIEW_BOOKS) -> Scope:
    """The request's company, user and role, or 403 unless the role allows `action`."""
    company = getattr(request, "company", None)
    membership = getattr(request, "membership", None)
    user = request.user
    if company is None or membership is None or not isinstance(user, User):
        raise HttpForbidden("no company")
    try:
        ensure_role_allows(role=membership.role, actor=user, company=company, action=action)
    except PermissionDenied as error:
        raise HttpForbidden(error.message) from error
    return Scope(company=company, user=user, role=membership.role)
