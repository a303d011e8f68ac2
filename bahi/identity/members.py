"""Members of a company: role changes and removal (admins only; a company always keeps an
admin), and "log out everywhere". Each change is on the audit trail and the security log."""

from django.db import transaction
from django.db.models import F

from bahi.core.errors import InvalidInput, NotFound
from bahi.identity.audit import record_change
from bahi.identity.models import Company, Membership, Role, User
from bahi.identity.permissions import Action, ensure_can
from bahi.identity.security_log import Kind, record_security_event


class LastAdmin(InvalidInput):
    code = "last_admin"


def _locked_member(company: Company, membership_id: int) -> Membership:
    membership = (
        Membership.objects.select_for_update()
        .select_related("user")
        .filter(company=company, pk=membership_id)
        .first()
    )
    if membership is None:
        raise NotFound(f"member {membership_id} does not exist", code="member_not_found")
    return membership


def _ensure_another_admin(company: Company, membership: Membership) -> None:
    # Lock every admin row so two admins demoting each other at once cannot both succeed.
    admins = list(
        Membership.objects.select_for_update()
        .filter(company=company, role=Role.ADMIN)
        .exclude(pk=membership.pk)
        .values_list("pk", flat=True)
    )
    if membership.role == Role.ADMIN and not admins:
        raise LastAdmin(
            f"{membership.user} is the only admin of {company.legal_name}; make someone else "
            "admin first",
            details={"field": "role"},
        )


def _audit_member(membership: Membership) -> dict[str, object]:
    return {"user_id": membership.user_id, "email": membership.user.email, "role": membership.role}


@transaction.atomic
def change_member_role(
    *, company: Company, actor: User, membership_id: int, role: str, ip: str | None = None
) -> Membership:
    """Give a member another role. Raises PermissionDenied, NotFound, InvalidInput, LastAdmin."""
    ensure_can(actor=actor, company=company, action=Action.MANAGE_COMPANY)
    if role not in Role.values:
        raise InvalidInput(f"unknown role {role!r}", details={"field": "role"})
    membership = _locked_member(company, membership_id)
    if membership.role == role:
        return membership
    if role != Role.ADMIN:
        _ensure_another_admin(company, membership)
    before = _audit_member(membership)
    membership.role = role
    membership.save(update_fields=["role"])
    record_change(
        company=company,
        actor=actor,
        action="update",
        object_type="membership",
        object_id=membership.pk,
        before=before,
        after=_audit_member(membership),
        ip=ip,
    )
    record_security_event(
        kind=Kind.ROLE_CHANGED,
        user=membership.user,
        ip=ip,
        company=company,
        details={"by": actor.pk, "from": before["role"], "to": role},
    )
    return membership


@transaction.atomic
def remove_member(
    *, company: Company, actor: User, membership_id: int, ip: str | None = None
) -> None:
    """Take a member out of the company. Raises PermissionDenied, NotFound, LastAdmin."""
    ensure_can(actor=actor, company=company, action=Action.MANAGE_COMPANY)
    membership = _locked_member(company, membership_id)
    _ensure_another_admin(company, membership)
    before = _audit_member(membership)
    member_pk = membership.pk
    membership.delete()
    record_change(
        company=company,
        actor=actor,
        action="delete",
        object_type="membership",
        object_id=member_pk,
        before=before,
        ip=ip,
    )
    record_security_event(
        kind=Kind.MEMBER_REMOVED,
        user=membership.user,
        ip=ip,
        company=company,
        details={"by": actor.pk, "role": before["role"]},
    )


@transaction.atomic
def log_out_everywhere(*, user: User, ip: str | None = None) -> User:
    """End every session of the user (the caller keeps its own with update_session_auth_hash)."""
    User.objects.filter(pk=user.pk).update(session_generation=F("session_generation") + 1)
    user.refresh_from_db(fields=["session_generation"])
    record_security_event(kind=Kind.LOGGED_OUT_EVERYWHERE, user=user, ip=ip)
    return user


@transaction.atomic
def set_require_2fa_roles(
    *, company: Company, actor: User, roles: list[str], ip: str | None = None
) -> Company:
    """Choose the roles that must use two-factor sign-in (from their next sign-in). Admins only;
    on the audit trail as a company setting. Raises PermissionDenied, InvalidInput."""
    ensure_can(actor=actor, company=company, action=Action.MANAGE_COMPANY)
    unknown = sorted(set(roles) - set(Role.values))
    if unknown:
        raise InvalidInput(f"unknown role {unknown[0]!r}", details={"field": "roles"})
    chosen = [role for role in Role.values if role in roles]  # a stable order
    locked = Company.objects.select_for_update().get(pk=company.pk)
    before = list(locked.require_2fa_roles or [])
    if before == chosen:
        return locked
    locked.require_2fa_roles = chosen
    locked.save(update_fields=["require_2fa_roles"])
    record_change(
        company=company,
        actor=actor,
        action="update",
        object_type="company_setting",
        object_id="require_2fa_roles",
        before=before,
        after=chosen,
        ip=ip,
    )
    company.require_2fa_roles = chosen
    return locked
