"""Sign-in limits: 5 failures per account in 5 minutes, 10 per IP in a minute, 100 in a row."""

import pytest
from django.core.cache import cache
from django.test import Client

from bahi.identity import throttle
from bahi.identity.models import SecurityEvent

pytestmark = pytest.mark.django_db
LOGIN = "/accounts/login/"
PASSWORD = "correct horse battery"  # noqa: S105 - the fixture user's


class Clock:
    def __init__(self) -> None:
        self.at = 1_700_000_000.0

    def __call__(self) -> float:
        return self.at


@pytest.fixture
def clock(monkeypatch):
    cache.clear()
    frozen = Clock()
    monkeypatch.setattr(throttle, "now", frozen)
    yield frozen
    cache.clear()


def attempt(username: str, password: str = "wrong", ip: str = "203.0.113.5"):  # noqa: S107
    client = Client(REMOTE_ADDR=ip)
    return client.post(LOGIN, {"username": username, "password": password})


def test_the_sixth_attempt_on_an_account_in_five_minutes_is_refused(clock, admin_user):
    statuses = [attempt("owner").status_code for _ in range(5)]
    refused = attempt("owner", PASSWORD)
    assert statuses == [200] * 5
    assert refused.status_code == 429
    assert "Too many attempts; try again in 5 minutes." in refused.content.decode()
    assert refused["Retry-After"] == "300"
    assert "_auth_user_id" not in refused.client.session


def test_the_account_opens_again_when_the_window_has_passed(clock, admin_user):
    for _ in range(5):
        attempt("owner")
        clock.at += 10
    clock.at += 300 - 50 - 1
    assert attempt("owner", PASSWORD).status_code == 429
    clock.at += 1
    assert attempt("owner", PASSWORD).status_code == 302


def test_an_unknown_user_gets_the_same_answers(clock, admin_user):
    known = [attempt("owner", ip=f"198.51.100.{n}") for n in range(6)]
    unknown = [attempt("nobody", ip=f"198.51.100.{n + 10}") for n in range(6)]
    assert [r.status_code for r in known] == [r.status_code for r in unknown]
    strip = lambda r: r.content.decode().replace("nobody", "owner")  # noqa: E731
    assert (
        strip(known[0]).split("csrfmiddlewaretoken")[0]
        == strip(unknown[0]).split("csrfmiddlewaretoken")[0]
    )
    assert known[5].content.decode().count("Too many attempts; try again in 5 minutes.") == 1
    assert unknown[5].content.decode().count("Too many attempts; try again in 5 minutes.") == 1


def test_one_ip_gets_ten_failures_a_minute_across_accounts(clock, admin_user):
    statuses = [attempt(f"user{n}").status_code for n in range(11)]
    assert statuses == [200] * 10 + [429]
    assert "try again in 1 minute." in attempt("owner", PASSWORD).content.decode()
    assert attempt("owner", PASSWORD, ip="203.0.113.6").status_code == 302
    clock.at += 60
    assert attempt("user0").status_code == 200


def test_x_forwarded_for_does_not_reset_the_ip_limit(clock, admin_user):
    client = Client(REMOTE_ADDR="203.0.113.5")
    for n in range(10):
        client.post(
            LOGIN, {"username": f"u{n}", "password": "x"}, HTTP_X_FORWARDED_FOR=f"10.0.0.{n}"
        )
    response = client.post(
        LOGIN, {"username": "u99", "password": "x"}, HTTP_X_FORWARDED_FOR="1.1.1.1"
    )
    assert response.status_code == 429


def test_a_successful_sign_in_clears_the_account_failures(clock, admin_user):
    for _ in range(4):
        attempt("owner")
    assert attempt("owner", PASSWORD).status_code == 302
    assert [attempt("owner", ip="192.0.2.1").status_code for _ in range(5)] == [200] * 5


def test_a_hundred_consecutive_failures_lock_the_account_for_a_day(clock, admin_user):
    for n in range(100):
        assert attempt("owner", ip=f"192.0.2.{n % 200}").status_code == 200
        clock.at += 61 if n % 5 == 4 else 1  # stays under both windows
        if n % 5 == 4:
            clock.at += 300
    response = attempt("owner", PASSWORD, ip="192.0.2.250")
    assert response.status_code == 429
    assert throttle.login_wait("owner", "192.0.2.250").scope == "consecutive"


def test_failures_and_lockouts_are_security_events(clock, admin_user):
    for _ in range(5):
        attempt("owner")
    attempt("owner")
    attempt("ghost")
    events = list(SecurityEvent.objects.order_by("pk").values_list("kind", "user_id", "ip"))
    assert events == [("login_failed", admin_user.pk, "203.0.113.5")] * 5 + [
        ("login_locked", admin_user.pk, "203.0.113.5"),
        ("login_failed", None, "203.0.113.5"),
    ]
    locked = SecurityEvent.objects.get(kind="login_locked")
    assert locked.details == {"username": "owner", "scope": "account", "wait_seconds": 300}
    assert all("wrong" not in str(e.details) for e in SecurityEvent.objects.all())


def test_behind_a_trusted_proxy_the_address_it_saw_is_counted(clock, admin_user, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    proxy = Client(REMOTE_ADDR="10.0.0.1")
    for n in range(10):
        proxy.post(
            LOGIN,
            {"login": f"u{n}", "password": "x"},
            HTTP_X_FORWARDED_FOR=f"6.6.6.{n}, 203.0.113.5",  # the client wrote the first part
        )
    other_client = Client(REMOTE_ADDR="10.0.0.1").post(
        LOGIN, {"login": "owner", "password": PASSWORD}, HTTP_X_FORWARDED_FOR="198.51.100.7"
    )
    refused = proxy.post(
        LOGIN, {"login": "u99", "password": "x"}, HTTP_X_FORWARDED_FOR="1.1.1.1, 203.0.113.5"
    )
    assert other_client.status_code == 302
    assert refused.status_code == 429
    assert SecurityEvent.objects.filter(kind="login_failed").first().ip == "203.0.113.5"
