"""Every change to who may reach the books and to the company's settings is on the edit log, in
the same transaction, with the values before and after; refused changes write nothing."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from bahi.core.errors import PermissionDenied
from bahi.identity.api_keys import create_api_key, revoke_api_key
from bahi.identity.audit import verify_audit_chain
from bahi.identity.invitations import accept_as_new_user, invite_member, revoke_invitation
from bahi.identity.members import change_member_role, remove_member, set_require_2fa_roles
from bahi.identity.models import AuditRecord, Membership, User
from bahi.identity.services import add_member
from bahi.ledger.services import set_lock_date

pytestmark = pytest.mark.django_db


def _records_since(company, sequence):
    return list(
        AuditRecord.objects.filter(company=company, sequence__gt=sequence)
        .order_by("sequence")
        .values_list("action", "object_type", "before", "after")
    )


def _head(company) -> int:
    return AuditRecord.objects.filter(company=company).count()


def test_lock_date_set_moved_and_reopened_with_before_and_after(company, admin_user):
    start = _head(company)
    set_lock_date(company=company, actor=admin_user, lock_date=date(2024, 6, 30))
    set_lock_date(company=company, actor=admin_user, lock_date=date(2024, 9, 30))
    set_lock_date(company=company, actor=admin_user, lock_date=None)

    assert _records_since(company, start) == [
        ("lock", "identity.company", {"lock_date": None}, {"lock_date": "2024-06-30"}),
        ("lock", "identity.company", {"lock_date": "2024-06-30"}, {"lock_date": "2024-09-30"}),
        ("reopen", "identity.company", {"lock_date": "2024-09-30"}, {"lock_date": None}),
    ]
    assert verify_audit_chain(company=company).ok


def test_require_two_factor_setting_with_before_and_after(company, admin_user):
    start = _head(company)
    set_require_2fa_roles(company=company, actor=admin_user, roles=["admin", "viewer", "admin"])

    assert _records_since(company, start) == [
        ("update", "company_setting", ["admin", "accountant"], ["admin", "viewer"]),
    ]


def test_a_membership_is_created_changed_and_deleted_on_the_record(company, admin_user):
    start = _head(company)
    sent = invite_member(
        company=company,
        actor=admin_user,
        email="priya@example.in",
        role="viewer",
        base_url="https://bahi.example.in",
    )
    membership = accept_as_new_user(token=sent.token, password="a long passphrase 42")  # noqa: S106
    priya = membership.user
    change_member_role(
        company=company, actor=admin_user, membership_id=membership.pk, role="accountant"
    )
    remove_member(company=company, actor=admin_user, membership_id=membership.pk)

    expires = sent.invitation.expires_at.isoformat()
    invitation = {"email": "priya@example.in", "role": "viewer", "expires_at": expires}
    member = {"user_id": priya.pk, "email": "priya@example.in"}
    assert _records_since(company, start) == [
        ("create", "invitation", None, invitation | {"accepted_by": None, "revoked_at": None}),
        ("create", "membership", None, member | {"role": "viewer"}),
        (
            "accept",
            "invitation",
            None,
            invitation | {"accepted_by": priya.pk, "revoked_at": None, "membership": membership.pk},
        ),
        ("update", "membership", member | {"role": "viewer"}, member | {"role": "accountant"}),
        ("delete", "membership", member | {"role": "accountant"}, None),
    ]
    assert verify_audit_chain(company=company).ok


def test_a_withdrawn_invitation_records_when_it_was_withdrawn(company, admin_user):
    sent = invite_member(
        company=company,
        actor=admin_user,
        email="priya@example.in",
        role="viewer",
        base_url="https://bahi.example.in",
    )
    start = _head(company)
    revoke_invitation(company=company, actor=admin_user, invitation_id=sent.invitation.pk)

    [(action, object_type, before, after)] = _records_since(company, start)
    sent.invitation.refresh_from_db()
    assert (action, object_type, before["revoked_at"]) == ("revoke", "invitation", None)
    assert after["revoked_at"] == sent.invitation.revoked_at.isoformat()


def test_an_api_key_is_created_and_revoked_with_before_and_after(company, admin_user):
    start = _head(company)
    expires_at = timezone.now() + timedelta(days=30)
    created = create_api_key(
        company=company, actor=admin_user, name="Tally", role="viewer", expires_at=expires_at
    )
    revoked = revoke_api_key(company=company, actor=admin_user, key_id=created.key.pk)

    key = {"name": "Tally", "role": "viewer", "prefix": created.key.prefix}
    key |= {"expires_at": expires_at.isoformat()}
    assert _records_since(company, start) == [
        ("create", "api_key", None, key | {"revoked_at": None}),
        (
            "revoke",
            "api_key",
            key | {"revoked_at": None},
            key | {"revoked_at": revoked.revoked_at.isoformat()},
        ),
    ]


@pytest.mark.parametrize("role", ["viewer", "accountant"])
def test_refused_changes_write_nothing_to_the_trail(company, admin_user, role):
    clerk = User.objects.create_user("clerk", "clerk@example.in", "x" * 16)
    add_member(company=company, user=clerk, role=role)
    owner_membership = Membership.objects.get(user=admin_user)
    start = _head(company)
    attempts = [
        lambda: set_lock_date(company=company, actor=clerk, lock_date=date(2024, 6, 30)),
        lambda: set_require_2fa_roles(company=company, actor=clerk, roles=[]),
        lambda: create_api_key(company=company, actor=clerk, name="k", role="admin"),
        lambda: change_member_role(
            company=company, actor=clerk, membership_id=owner_membership.pk, role="viewer"
        ),
        lambda: remove_member(company=company, actor=clerk, membership_id=owner_membership.pk),
    ]
    for attempt in attempts:
        with pytest.raises(PermissionDenied):
            attempt()

    assert _head(company) == start
    company.refresh_from_db()
    assert (company.lock_date, company.require_2fa_roles) == (None, ["admin", "accountant"])
    assert Membership.objects.get(user=admin_user).role == "admin"


def test_a_new_company_records_its_owner_as_its_first_admin(company, admin_user):
    [(action, object_type, before, after)] = _records_since(company, 0)[:1]

    assert (action, object_type, before) == ("create", "identity.company", None)
    assert after["owner"] == {
        "user_id": admin_user.pk,
        "email": "owner@example.in",
        "role": "admin",
    }
    assert Membership.objects.get(company=company).user == admin_user
