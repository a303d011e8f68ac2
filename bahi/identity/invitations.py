"""Invitations: an admin invites an email address to join the company with a role.

The emailed link carries a random token (256 bits); only its SHA-256 is stored. An invitation
is good for 7 days and once. Accepting either creates the user (who chooses a password; the
link proved the mailbox, so the address is verified) or, for an existing account, needs that
account signed in. Creating, accepting and revoking are on the audit trail.
"""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from allauth.account.models import EmailAddress
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from bahi.core.errors import DomainError, InvalidInput, NotFound
from bahi.identity import mail
from bahi.identity.audit import record_change
from bahi.identity.models import Company, Invitation, Membership, Role, User
from bahi.identity.permissions import Action, ensure_can

VALID_FOR = timedelta(days=7)


class InvitationUnusable(DomainError):
    """The link is unknown, expired, used or revoked (`code` says which)."""

    code = "invitation_unusable"


class WrongAccount(DomainError):
    code = "invitation_wrong_account"


@dataclass(frozen=True)
class SentInvitation:
    invitation: Invitation
    token: str  # only for tests and the outbox email; never stored


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _audit_view(invitation: Invitation) -> dict[str, object]:
    return {
        "email": invitation.email,
        "role": invitation.role,
        "expires_at": invitation.expires_at.isoformat(),
        "accepted_by": invitation.accepted_by_id,
        "revoked_at": invitation.revoked_at.isoformat() if invitation.revoked_at else None,
    }


def _clean_email(email: str) -> str:
    email = email.strip().lower()
    if "@" not in email or len(email) > 254:
        raise InvalidInput("give a valid email address", details={"field": "email"})
    return email


def _email_body(company: Company, invitation: Invitation, link: str, inviter: User) -> str:
    return (
        f"{inviter.email or inviter.get_username()} invites you to keep the books of "
        f"{company.legal_name} in Bahi, as {invitation.get_role_display().lower()}.\n\n"
        f"Accept here (the link works once, until {invitation.expires_at:%d %b %Y %H:%M} UTC):"
        f"\n{link}\n\nIf you did not expect this, ignore this email.\n"
    )


@transaction.atomic
def invite_member(
    *, company: Company, actor: User, email: str, role: str, base_url: str, ip: str | None = None
) -> SentInvitation:
    """Store the invitation and queue its email in the same transaction (admins only).
    `base_url` is the site's address, e.g. "https://books.example.in". Raises
    PermissionDenied, InvalidInput (bad email or role, already a member)."""
    ensure_can(actor=actor, company=company, action=Action.MANAGE_COMPANY)
    email = _clean_email(email)
    if role not in Role.values:
        raise InvalidInput(f"unknown role {role!r}", details={"field": "role"})
    if Membership.objects.filter(company=company, user__email__iexact=email).exists():
        raise InvalidInput(f"{email} is already a member", details={"field": "email"})
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    invitation = Invitation.objects.create(
        company=company,
        email=email,
        role=role,
        token_hash=hash_token(token),
        invited_by=actor,
        created_at=now,
        expires_at=now + VALID_FOR,
    )
    record_change(
        company=company,
        actor=actor,
        action="create",
        object_type="invitation",
        object_id=invitation.pk,
        after=_audit_view(invitation),
        ip=ip,
    )
    link = base_url.rstrip("/") + reverse("identity_invitation", args=[token])
    mail.queue_email(
        company=company,
        to=[email],
        subject=f"[Bahi] Invitation to {company.legal_name}",
        body_text=_email_body(company, invitation, link, actor),
        idempotency_key=f"invitation:{invitation.pk}",
    )
    return SentInvitation(invitation=invitation, token=token)


def find_invitation(token: str, *, now: datetime | None = None, lock: bool = False) -> Invitation:
    """The usable invitation for `token`. Raises InvitationUnusable naming why not."""
    invitations = Invitation.objects.select_related("company")
    if lock:
        invitations = invitations.select_for_update()
    invitation = invitations.filter(token_hash=hash_token(token)).first()
    if invitation is None:
        raise InvitationUnusable("This invitation link is not valid.", code="invitation_unknown")
    if invitation.revoked_at is not None:
        raise InvitationUnusable(
            "This invitation was withdrawn by the company's admin.", code="invitation_revoked"
        )
    if invitation.accepted_at is not None:
        raise InvitationUnusable("This invitation has already been used.", code="invitation_used")
    if invitation.expires_at <= (now or timezone.now()):
        raise InvitationUnusable(
            "This invitation has expired; ask the admin for a new one.",
            code="invitation_expired",
        )
    return invitation


def user_for_email(email: str) -> User | None:
    return User.objects.filter(email__iexact=email).first()


def _join(invitation: Invitation, user: User, ip: str | None) -> Membership:
    membership, created = Membership.objects.get_or_create(
        company=invitation.company, user=user, defaults={"role": invitation.role}
    )
    if created:
        record_change(
            company=invitation.company,
            actor=user,
            action="create",
            object_type="membership",
            object_id=membership.pk,
            after={"user_id": user.pk, "email": user.email, "role": membership.role},
            ip=ip,
        )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    record_change(
        company=invitation.company,
        actor=user,
        action="accept",
        object_type="invitation",
        object_id=invitation.pk,
        after=_audit_view(invitation) | {"membership": membership.pk, "role": membership.role},
        ip=ip,
    )
    return membership


@transaction.atomic
def accept_as_new_user(*, token: str, password: str, ip: str | None = None) -> Membership:
    """Create the invited user with `password` (already validated) and join the company."""
    invitation = find_invitation(token, lock=True)
    if user_for_email(invitation.email) is not None:
        raise WrongAccount(
            "An account with this email exists; sign in to accept.", code="invitation_sign_in"
        )
    user = User.objects.create_user(
        username=_free_username(invitation.email), email=invitation.email, password=password
    )
    EmailAddress.objects.create(user=user, email=invitation.email, primary=True, verified=True)
    return _join(invitation, user, ip)


@transaction.atomic
def accept_as_existing_user(*, token: str, user: User, ip: str | None = None) -> Membership:
    """Join the company as the signed-in `user`, who must own the invited address."""
    invitation = find_invitation(token, lock=True)
    if (user.email or "").lower() != invitation.email.lower():
        raise WrongAccount(
            f"This invitation is for {invitation.email}; sign in with that account.",
        )
    return _join(invitation, user, ip)


@transaction.atomic
def revoke_invitation(
    *, company: Company, actor: User, invitation_id: int, ip: str | None = None
) -> Invitation:
    ensure_can(actor=actor, company=company, action=Action.MANAGE_COMPANY)
    invitation = (
        Invitation.objects.select_for_update().filter(company=company, pk=invitation_id).first()
    )
    if invitation is None:
        raise NotFound(f"invitation {invitation_id} does not exist", code="invitation_not_found")
    if invitation.revoked_at is None and invitation.accepted_at is None:
        before = _audit_view(invitation)
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
        record_change(
            company=company,
            actor=actor,
            action="revoke",
            object_type="invitation",
            object_id=invitation.pk,
            before=before,
            after=_audit_view(invitation),
            ip=ip,
        )
    return invitation


def _free_username(email: str) -> str:
    """A unique user name from the address (sign-in is by email; the name only has to exist)."""
    base = email.split("@", 1)[0][:140] or "user"
    name, number = base, 1
    while User.objects.filter(username=name).exists():
        number += 1
        name = f"{base}{number}"
    return name
