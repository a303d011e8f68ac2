"""The permission matrix: one place that says which role may do what in a company."""

from contextvars import ContextVar
from enum import StrEnum
from typing import Any

from django.db import connection

from bahi.core.errors import PermissionDenied
from bahi.identity.models import Company, Membership, Role, User
from bahi.identity.security_log import record_denial


class Action(StrEnum):
    VIEW_BOOKS = "view_books"
    POST_ENTRIES = "post_entries"
    MANAGE_ACCOUNTS = "manage_accounts"
    MANAGE_COMPANY = "manage_company"


MATRIX: dict[str, frozenset[Action]] = {
    Role.ADMIN: frozenset(Action),
    Role.ACCOUNTANT: frozenset({Action.VIEW_BOOKS, Action.POST_ENTRIES, Action.MANAGE_ACCOUNTS}),
    Role.VIEWER: frozenset({Action.VIEW_BOOKS}),
}


def role_of(*, user: User, company: Company) -> str | None:
    # Plain SQL: every write checks this, and compiling the ORM query costs more than running it.
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT role FROM {Membership._meta.db_table} WHERE user_id = %s AND company_id = %s",
            [user.pk, company.pk],
        )
        row = cursor.fetchone()
    return None if row is None else str(row[0])


def ensure_can(*, actor: User, company: Company, action: Action) -> None:
    """Raise PermissionDenied unless the actor's role in this company allows the action."""
    ensure_role_allows(
        role=role_of(user=actor, company=company), actor=actor, company=company, action=action
    )


# Denials seen during a request, written to the security log by CurrentCompanyMiddleware once
# the view has returned: a denial inside a service's transaction is rolled back with it, so it
# cannot be written there.
_pending_denials: ContextVar[list[dict[str, Any]] | None] = ContextVar(
    "bahi_pending_denials", default=None
)


def start_collecting_denials() -> None:
    _pending_denials.set([])


def take_denials() -> list[dict[str, Any]]:
    denials = _pending_denials.get() or []
    _pending_denials.set(None)
    return denials


def _note_denial(actor: User, company: Company, action: Action, role: str | None) -> None:
    denial = {"user_id": actor.pk, "company_id": company.pk, "action": action.value, "role": role}
    pending = _pending_denials.get()
    if pending is not None:
        pending.append(denial)
    else:
        # A command or job: written now (lost only if the caller's own transaction rolls back).
        record_denial(denial, ip=None)


def ensure_role_allows(*, role: str | None, actor: User, company: Company, action: Action) -> None:
    """Raise PermissionDenied unless `role` (the actor's in this company, None for none) allows
    the action. For callers that read the role together with other rows in one query. Each
    denial is a security event."""
    if role is None or action not in MATRIX.get(role, frozenset()):
        _note_denial(actor, company, action, role)
        raise PermissionDenied(
            f"{actor} may not {action.value.replace('_', ' ')} in {company.legal_name}",
            details={"action": action.value, "role": role},
        )
