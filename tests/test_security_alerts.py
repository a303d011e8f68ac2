"""Security alerts by email: queued with the event in its transaction, sent once by the worker,
to the admins of the company concerned (and the account's owner for its own secrets)."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.utils import timezone

from bahi.identity import alerts, throttle
from bahi.identity.api_keys import authenticate_api_key, create_api_key
from bahi.identity.members import change_member_role
from bahi.identity.models import SecurityEvent, User
from bahi.identity.permissions import Action, ensure_can
from bahi.identity.security_log import Kind, record_security_event
from bahi.identity.services import add_member
from bahi.notifications.email import drain_emails
from bahi.notifications.models import OutgoingEmail

pytestmark = pytest.mark.django_db
LOGIN = "/accounts/login/"


@pytest.fixture
def team(company, admin_user):
    """Sharma Traders: the owner and a second admin, an accountant and a viewer."""
    people = {"owner": admin_user}
    for name, role in [("meera", "admin"), ("ravi", "accountant"), ("asha", "viewer")]:
        people[name] = User.objects.create_user(name, f"{name}@example.in", "x" * 16)
        add_member(company=company, user=people[name], role=role)
    return people


@pytest.fixture
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


def _sent() -> list[tuple[list[str], str]]:
    drain_emails()
    return [(sorted(message.to), message.subject) for message in mail.outbox]


def test_every_emailed_kind_is_a_security_event_kind():
    kinds = {value for name, value in vars(Kind).items() if name.isupper()}
    assert set(alerts.ADMIN_ALERTS) <= kinds
    assert set(alerts.OWNER_ALERTS) <= kinds


def test_a_role_change_is_emailed_to_every_admin_once(company, team):
    change_member_role(
        company=company,
        actor=team["owner"],
        membership_id=team["ravi"].membership_set.get().pk,
        role="viewer",
        ip="203.0.113.5",
    )

    assert _sent() == [
        (
            ["meera@example.in", "owner@example.in"],
            "[Bahi] Security alert in Sharma Traders Pvt Ltd: a member's role was changed",
        )
    ]
    body = mail.outbox[0].body
    assert "Account: ravi <ravi@example.in>" in body
    assert "From address: 203.0.113.5" in body
    assert "from: accountant" in body
    assert "to: viewer" in body
    assert drain_emails() == 0
    assert len(mail.outbox) == 1


def test_an_alert_is_written_in_the_events_transaction_and_rolls_back_with_it(company, team):
    def failing_change():
        with transaction.atomic():
            record_security_event(
                kind=Kind.MEMBER_REMOVED, user=team["ravi"], ip="", company=company
            )
            raise RuntimeError("the change failed")

    with pytest.raises(RuntimeError):
        failing_change()

    assert SecurityEvent.objects.count() == 0
    assert OutgoingEmail.objects.count() == 0


def test_a_locked_sign_in_of_a_member_is_emailed_to_the_admins_of_each_of_their_companies(
    company, team, fresh_cache, monkeypatch
):
    monkeypatch.setattr(throttle, "now", lambda: 1_700_000_000.0)
    client = Client(REMOTE_ADDR="198.51.100.9")
    for _ in range(6):
        response = client.post(LOGIN, {"login": "asha", "password": "wrong"})

    assert response.status_code == 429
    assert _sent() == [
        (
            ["meera@example.in", "owner@example.in"],
            "[Bahi] Security alert in Sharma Traders Pvt Ltd: sign-in locked after repeated "
            "failures",
        )
    ]
    body = mail.outbox[0].body
    assert "Account: asha <asha@example.in>" in body
    assert "scope: account" in body
    assert "username" not in body  # what was typed is never mailed
    assert "wrong" not in body


def test_a_locked_account_hammered_on_sends_one_email_an_hour(
    company, team, fresh_cache, monkeypatch
):
    monkeypatch.setattr(throttle, "now", lambda: 1_700_000_000.0)
    start = timezone.now().replace(minute=0, second=0, microsecond=0)  # one bucket for all
    monkeypatch.setattr(timezone, "now", lambda: start)
    client = Client(REMOTE_ADDR="198.51.100.9")
    for _ in range(25):
        client.post(LOGIN, {"login": "asha", "password": "wrong"})

    assert SecurityEvent.objects.filter(kind=Kind.LOGIN_LOCKED).count() == 20
    assert len(_sent()) == 1
    monkeypatch.setattr(timezone, "now", lambda: start + timedelta(hours=1))
    client.post(LOGIN, {"login": "asha", "password": "wrong"})
    assert len(_sent()) == 2


def test_single_failed_sign_ins_and_lockouts_of_unknown_names_send_nothing(
    company, team, fresh_cache, monkeypatch
):
    monkeypatch.setattr(throttle, "now", lambda: 1_700_000_000.0)
    client = Client(REMOTE_ADDR="198.51.100.9")
    client.post(LOGIN, {"login": "asha", "password": "wrong"})
    for _ in range(6):
        client.post(LOGIN, {"login": "ghost", "password": "wrong"})

    assert SecurityEvent.objects.filter(kind=Kind.LOGIN_LOCKED, user=None).count() == 1
    assert _sent() == []


def test_a_removed_second_factor_is_emailed_to_the_owner_and_the_admins(company, team):
    record_security_event(
        kind=Kind.MFA_REMOVED, user=team["ravi"], ip="203.0.113.5", details={"type": "totp"}
    )

    assert sorted(_sent()) == [
        (
            ["meera@example.in", "owner@example.in"],
            "[Bahi] Security alert in Sharma Traders Pvt Ltd: a second factor was removed from "
            "an account",
        ),
        (
            ["ravi@example.in"],
            "[Bahi] Security alert: a second factor was removed from your account",
        ),
    ]


def test_a_password_change_is_emailed_to_the_owner_only(company, team):
    record_security_event(kind=Kind.PASSWORD_CHANGED, user=team["asha"], ip="203.0.113.5")

    assert _sent() == [(["asha@example.in"], "[Bahi] Security alert: your password was changed")]


def test_a_new_api_key_is_emailed_to_the_admins(company, team):
    create_api_key(company=company, actor=team["meera"], name="Tally sync", role="viewer")

    assert _sent() == [
        (
            ["meera@example.in", "owner@example.in"],
            "[Bahi] Security alert in Sharma Traders Pvt Ltd: an API key was created",
        )
    ]
    assert "name: Tally sync" in mail.outbox[0].body
    assert "bahi_" not in mail.outbox[0].body  # never the secret


def test_an_api_key_used_from_a_new_address_is_emailed_to_the_admins(company, team):
    created = create_api_key(company=company, actor=team["meera"], name="Tally", role="viewer")
    assert authenticate_api_key(created.secret, ip="203.0.113.5") is not None
    assert authenticate_api_key(created.secret, ip="203.0.113.5") is not None
    mail.outbox.clear()
    drain_emails()  # the creation alert
    mail.outbox.clear()

    assert authenticate_api_key(created.secret, ip="198.51.100.77") is not None

    assert _sent() == [
        (
            ["meera@example.in", "owner@example.in"],
            "[Bahi] Security alert in Sharma Traders Pvt Ltd: an API key was used from a new "
            "address",
        )
    ]
    assert "From address: 198.51.100.77" in mail.outbox[0].body
    assert "previous_ip: 203.0.113.5" in mail.outbox[0].body


def test_the_alert_gives_the_time_in_indian_and_universal_time(company, team, monkeypatch):
    at = datetime(2026, 12, 4, 2, 45, 2, tzinfo=UTC)
    monkeypatch.setattr(timezone, "now", lambda: at)
    record_security_event(kind=Kind.MEMBER_REMOVED, user=team["ravi"], ip="", company=company)

    drain_emails(now=at)
    assert "When: 04-12-2026 08:15:02 IST (02:45:02 UTC)" in mail.outbox[0].body
    assert "From address: unknown" in mail.outbox[0].body


def _deny(user, company, times: int) -> None:
    for _ in range(times):
        with pytest.raises(Exception, match="may not post entries"):
            ensure_can(actor=user, company=company, action=Action.POST_ENTRIES)


def test_permission_denials_are_emailed_once_per_burst(company, team, monkeypatch):
    start = timezone.now().replace(minute=0, second=0, microsecond=0)  # one window for all
    monkeypatch.setattr(timezone, "now", lambda: start)
    _deny(team["asha"], company, 4)
    assert _sent() == []

    _deny(team["asha"], company, 6)
    assert _sent() == [
        (
            ["meera@example.in", "owner@example.in"],
            "[Bahi] Security alert in Sharma Traders Pvt Ltd: 5 or more permission denials "
            "within 10 minutes",
        )
    ]
    assert SecurityEvent.objects.filter(kind=Kind.PERMISSION_DENIED).count() == 10


def test_denials_spread_over_more_than_the_window_send_nothing(company, team, monkeypatch):
    start = timezone.now()
    for minute in range(0, 60, 11):  # six denials, never five within ten minutes
        monkeypatch.setattr(timezone, "now", lambda m=minute: start + timedelta(minutes=m))
        _deny(team["asha"], company, 1)

    assert SecurityEvent.objects.filter(kind=Kind.PERMISSION_DENIED).count() == 6
    assert _sent() == []
