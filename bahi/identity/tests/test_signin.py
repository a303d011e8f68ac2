"""Sign-in through allauth: email or user name, email verification, password reset with limits,
and every email through the outbox."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.test import Client

from bahi.identity.models import SecurityEvent, User

pytestmark = pytest.mark.django_db
LOGIN = "/accounts/login/"
RESET = "/accounts/password/reset/"
PASSWORD = "correct horse battery"  # noqa: S105 - the fixture user's


def test_a_member_signs_in_with_email_and_password(client, admin_user, fresh_cache):
    response = client.post(LOGIN, {"login": "owner@example.in", "password": PASSWORD})
    assert (response.status_code, response["Location"]) == (302, "/")
    assert client.session["_auth_user_id"] == str(admin_user.pk)
    event = SecurityEvent.objects.get(kind="login_succeeded")
    assert (event.user_id, event.ip) == (admin_user.pk, "127.0.0.1")


def test_signing_in_gives_a_new_session_id(client, admin_user, fresh_cache):
    client.get(LOGIN)
    client.session.save()
    before = client.session.session_key
    client.post(LOGIN, {"login": "owner@example.in", "password": PASSWORD})
    assert client.session.session_key != before


def test_a_wrong_password_is_refused_and_logged(client, admin_user, fresh_cache):
    response = client.post(LOGIN, {"login": "owner@example.in", "password": "not the password"})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    event = SecurityEvent.objects.get(kind="login_failed")
    assert (event.user_id, event.details) == (admin_user.pk, {"username": "owner@example.in"})
    assert "not the password" not in str(event.details)


def test_the_sign_in_page_has_no_sign_up_link_and_offers_passkeys(client):
    page = client.get(LOGIN).content.decode()
    assert "/accounts/signup/" not in page
    assert 'id="passkey_login"' in page
    assert "mfa/js/webauthn.js" in page
    scripts = page.split("<script")[1:]
    assert all(
        'src="' in s.split(">", 1)[0] or "application/json" in s.split(">", 1)[0] for s in scripts
    )
    assert " style=" not in page


def test_sign_up_is_closed(client):
    response = client.post(
        "/accounts/signup/",
        {
            "email": "stranger@example.in",
            "password1": "a long passphrase 42",
            "password2": "a long passphrase 42",
        },
    )
    assert not User.objects.filter(email="stranger@example.in").exists()
    assert response.status_code == 200
    assert "Sign Up Closed" in response.content.decode()


def test_an_unverified_address_must_be_confirmed_before_signing_in(
    client, admin_user, queued_emails, fresh_cache
):
    EmailAddress.objects.create(user=admin_user, email="owner@example.in", primary=True)
    response = client.post(LOGIN, {"login": "owner@example.in", "password": PASSWORD})
    assert response["Location"] == "/accounts/confirm-email/"
    assert "_auth_user_id" not in client.session
    [message] = queued_emails
    assert message["to"] == ["owner@example.in"]
    link = re.search(r"https?://\S+/accounts/confirm-email/(\S+)/", str(message["body_text"]))
    assert link is not None
    client.post(f"/accounts/confirm-email/{link.group(1)}/")
    assert EmailAddress.objects.get(user=admin_user).verified is True
    second = Client()
    second.post(LOGIN, {"login": "owner@example.in", "password": PASSWORD})
    assert second.session["_auth_user_id"] == str(admin_user.pk)


def test_password_reset_mails_a_link_that_sets_a_new_password(
    client, admin_user, queued_emails, fresh_cache
):
    EmailAddress.objects.create(user=admin_user, email="owner@example.in", verified=True)
    response = client.post(RESET, {"email": "owner@example.in"})
    assert response["Location"] == "/accounts/password/reset/done/"
    [message] = queued_emails
    assert message["subject"] == "[Bahi] Password Reset Email"
    url = re.search(
        r"https?://[^/\s]+(/accounts/password/reset/key/\S+/)", str(message["body_text"])
    )
    assert url is not None
    form_url = client.get(url.group(1))["Location"]
    short = client.post(form_url, {"password1": "short pass", "password2": "short pass"})
    assert "at least 12 characters" in short.content.decode()
    new = "a much longer passphrase 2024"
    done = client.post(form_url, {"password1": new, "password2": new})
    assert done.status_code == 302
    admin_user.refresh_from_db()
    assert admin_user.check_password(new)
    assert SecurityEvent.objects.filter(kind="password_changed", user=admin_user).count() == 1


def test_the_sixth_reset_request_for_an_address_in_five_minutes_is_refused(
    client, admin_user, queued_emails, fresh_cache
):
    EmailAddress.objects.create(user=admin_user, email="owner@example.in", verified=True)
    statuses = [
        Client(REMOTE_ADDR=f"198.51.100.{n}").post(RESET, {"email": "owner@example.in"}).status_code
        for n in range(6)
    ]
    assert statuses == [302] * 5 + [429]
    refused = client.post(RESET, {"email": "owner@example.in"})
    assert refused["Retry-After"] == "300"
    assert "Too many attempts; try again in 5 minutes." in refused.content.decode()
    assert len(queued_emails) == 5
    locked = SecurityEvent.objects.filter(kind="password_reset_locked").first()
    assert locked is not None
    assert (locked.user_id, locked.details["scope"]) == (admin_user.pk, "account")


def test_a_reset_for_an_unknown_address_sends_nothing_and_looks_the_same(
    client, admin_user, queued_emails, fresh_cache
):
    known = client.post(RESET, {"email": "owner@example.in"})
    unknown = client.post(RESET, {"email": "nobody@example.in"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert [m["to"] for m in queued_emails] == [["owner@example.in"]]


@pytest.fixture
def password_checks(monkeypatch):
    """Counts password hashings: checks of a real hash and dummy hashes for unknown accounts."""
    counts = {"check": 0, "dummy": 0}
    check, dummy = User.check_password, User.set_password

    def counting_check(self, raw):
        counts["check"] += 1
        return check(self, raw)

    def counting_dummy(self, raw):
        counts["dummy"] += 1
        return dummy(self, raw)

    monkeypatch.setattr(User, "check_password", counting_check)
    monkeypatch.setattr(User, "set_password", counting_dummy)
    return counts


@pytest.mark.parametrize(
    ("login", "expected"),
    [
        ("owner@example.in", {"check": 1, "dummy": 0}),
        ("nobody@example.in", {"check": 0, "dummy": 1}),
        ("owner", {"check": 1, "dummy": 0}),
        ("nobody", {"check": 0, "dummy": 1}),
    ],
)
def test_a_failed_sign_in_hashes_once_whether_or_not_the_account_exists(
    client, admin_user, fresh_cache, password_checks, login, expected
):
    client.post(LOGIN, {"login": login, "password": "not the password"})
    assert password_checks == expected
