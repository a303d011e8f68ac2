"""Invitations: an admin invites an address with a role; the emailed link creates the user or
lets the existing account join; expired, used and withdrawn links are refused clearly."""

import re
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.test import Client
from django.utils import timezone

from bahi.core.errors import InvalidInput, PermissionDenied
from bahi.identity import invitations
from bahi.identity.invitations import hash_token, invite_member
from bahi.identity.models import AuditRecord, Invitation, Membership, User
from bahi.identity.services import add_member

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "ledger balanced at dawn"  # noqa: S105 - a test password


def invite(company, admin_user, email="meera@example.in", role="accountant"):
    return invite_member(
        company=company,
        actor=admin_user,
        email=email,
        role=role,
        base_url="https://books.example.in",
        ip="203.0.113.9",
    )


def test_an_invitation_stores_only_the_token_hash_and_queues_its_link(
    company, admin_user, queued_emails
):
    sent = invite(company, admin_user, email=" Meera@Example.in ")
    stored = Invitation.objects.get()
    assert (stored.email, stored.role, stored.invited_by_id) == (
        "meera@example.in",
        "accountant",
        admin_user.pk,
    )
    assert stored.token_hash == hash_token(sent.token)
    assert sent.token not in str(Invitation.objects.values().get())
    assert stored.expires_at - stored.created_at == timedelta(days=7)
    [message] = queued_emails
    assert message["to"] == ["meera@example.in"]
    assert message["idempotency_key"] == f"invitation:{stored.pk}"
    link = f"https://books.example.in/accounts/invitation/{sent.token}/"
    assert link in str(message["body_text"])
    record = AuditRecord.objects.get(object_type="invitation")
    assert (record.action, record.actor_id, record.actor_ip) == (
        "create",
        admin_user.pk,
        "203.0.113.9",
    )


def test_only_admins_invite(company, admin_user, queued_emails):
    clerk = User.objects.create_user("clerk", "clerk@example.in", "x" * 12)
    add_member(company=company, user=clerk, role="accountant")
    with pytest.raises(PermissionDenied):
        invite(company, clerk)
    assert not Invitation.objects.exists()
    assert queued_emails == []


def test_an_existing_member_is_not_invited_again(company, admin_user, queued_emails):
    with pytest.raises(InvalidInput, match="already a member"):
        invite(company, admin_user, email="owner@example.in")


def test_a_new_user_sets_a_password_and_joins(client, company, admin_user, queued_emails):
    sent = invite(company, admin_user)
    url = f"/accounts/invitation/{sent.token}/"
    assert "Join Sharma Traders Pvt Ltd" in client.get(url).content.decode()
    short = client.post(url, {"password1": "too short", "password2": "too short"})
    assert short.status_code == 422
    assert "at least 12 characters" in short.content.decode()
    assert not User.objects.filter(email="meera@example.in").exists()
    response = client.post(url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302
    user = User.objects.get(email="meera@example.in")
    assert user.check_password(NEW_PASSWORD)
    assert client.session["_auth_user_id"] == str(user.pk)
    assert Membership.objects.get(user=user, company=company).role == "accountant"
    assert EmailAddress.objects.get(user=user).verified is True
    stored = Invitation.objects.get()
    assert (stored.accepted_by_id, stored.accepted_at is not None) == (user.pk, True)
    accepted = AuditRecord.objects.get(object_type="invitation", action="accept")
    assert accepted.actor_id == user.pk
    assert accepted.after["role"] == "accountant"


def test_an_accountant_who_joins_must_set_up_two_factor_first(
    client, company, admin_user, queued_emails
):
    sent = invite(company, admin_user)
    url = f"/accounts/invitation/{sent.token}/"
    client.post(url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert client.get("/accounts/members/")["Location"] == "/accounts/2fa/totp/activate/"


def test_an_existing_user_joins_after_signing_in_as_the_invited_address(
    client, company, admin_user, queued_emails
):
    meera = User.objects.create_user("meera", "meera@example.in", NEW_PASSWORD)
    sent = invite(company, admin_user, role="viewer")
    url = f"/accounts/invitation/{sent.token}/"
    page = client.get(url).content.decode()
    assert "Sign in as meera@example.in" in page
    assert client.post(url).status_code == 200  # not signed in: nothing happens
    assert not Membership.objects.filter(user=meera, company=company).exists()
    client.force_login(meera)
    assert client.post(url).status_code == 302
    assert Membership.objects.get(user=meera, company=company).role == "viewer"


def test_another_signed_in_account_cannot_take_the_invitation(
    client, company, admin_user, queued_emails
):
    User.objects.create_user("meera", "meera@example.in", NEW_PASSWORD)
    intruder = User.objects.create_user("ravi", "ravi@example.in", NEW_PASSWORD)
    sent = invite(company, admin_user)
    client.force_login(intruder)
    response = client.post(f"/accounts/invitation/{sent.token}/")
    assert response.status_code == 403
    assert "This invitation is for meera@example.in" in response.content.decode()
    assert not Membership.objects.filter(user=intruder, company=company).exists()
    assert Invitation.objects.get().accepted_at is None


def test_a_used_invitation_cannot_be_used_again(company, admin_user, queued_emails):
    sent = invite(company, admin_user)
    url = f"/accounts/invitation/{sent.token}/"
    Client().post(url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    again = Client().post(url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert again.status_code == 410
    assert "This invitation has already been used." in again.content.decode()
    assert User.objects.filter(email="meera@example.in").count() == 1


def test_an_expired_invitation_is_refused(client, company, admin_user, queued_emails):
    sent = invite(company, admin_user)
    Invitation.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    response = client.post(
        f"/accounts/invitation/{sent.token}/",
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 410
    assert "This invitation has expired; ask the admin for a new one." in response.content.decode()
    assert not User.objects.filter(email="meera@example.in").exists()


def test_a_withdrawn_invitation_is_refused(client, company, admin_user, queued_emails):
    sent = invite(company, admin_user)
    invitations.revoke_invitation(
        company=company, actor=admin_user, invitation_id=sent.invitation.pk
    )
    response = client.get(f"/accounts/invitation/{sent.token}/")
    assert response.status_code == 410
    assert "withdrawn" in response.content.decode()
    assert AuditRecord.objects.filter(object_type="invitation", action="revoke").count() == 1


def test_an_unknown_token_is_refused(client, company):
    response = client.get("/accounts/invitation/not-a-real-token/")
    assert response.status_code == 410
    assert "This invitation link is not valid." in response.content.decode()


def test_an_admin_invites_from_the_members_page(client, company, admin_user, queued_emails):
    client.force_login(admin_user)
    response = client.post(
        "/accounts/members/invite/", {"email": "meera@example.in", "role": "viewer"}
    )
    assert response.status_code == 302
    [message] = queued_emails
    token = re.search(r"/accounts/invitation/([^/]+)/", str(message["body_text"]))
    assert token is not None
    assert Invitation.objects.get().token_hash == hash_token(token.group(1))
    assert str(message["body_text"]).startswith("owner@example.in invites you")
    assert "http://testserver/accounts/invitation/" in str(message["body_text"])
