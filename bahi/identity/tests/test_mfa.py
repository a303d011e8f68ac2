"""Two-factor sign-in: TOTP with recovery codes (allauth.mfa), secrets sealed with Bahi's keyring,
wrong codes limited and logged, codes good once."""

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import (
    SECRET_SESSION_KEY,
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.test import Client

from bahi.identity import crypto
from bahi.identity.models import SecurityEvent

pytestmark = pytest.mark.django_db
LOGIN = "/accounts/login/"
AUTHENTICATE = "/accounts/2fa/authenticate/"
PASSWORD = "correct horse battery"  # noqa: S105 - the fixture user's


def current_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))


def sign_in_with_password(client: Client) -> str:
    response = client.post(LOGIN, {"login": "owner@example.in", "password": PASSWORD})
    return str(response["Location"])


@pytest.fixture
def totp_secret(admin_user, fresh_cache) -> str:
    secret = generate_totp_secret()
    TOTP.activate(admin_user, secret)
    return secret


def test_an_admin_sets_up_totp_and_the_secret_is_sealed_in_the_database(
    client, admin_user, company, fresh_cache, django_capture_on_commit_callbacks
):
    assert sign_in_with_password(client) == "/"
    members = "/accounts/members/"
    assert client.get(members)["Location"] == "/accounts/2fa/totp/activate/"  # enrolment first
    reauthenticate = client.get("/accounts/2fa/totp/activate/")["Location"]
    assert reauthenticate.startswith("/accounts/reauthenticate/")  # the password again first
    client.post(reauthenticate, {"password": PASSWORD})
    page = client.get("/accounts/2fa/totp/activate/")
    assert page.status_code == 200
    secret = client.session[SECRET_SESSION_KEY]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/2fa/totp/activate/", {"code": current_code(secret)})
    assert response.status_code == 302
    stored = Authenticator.objects.get(user=admin_user, type=Authenticator.Type.TOTP)
    raw = str(Authenticator.objects.filter(pk=stored.pk).values_list("data", flat=True).get())
    assert secret not in raw
    assert crypto.is_sealed(stored.data["secret"])
    assert Authenticator.objects.filter(user=admin_user, type="recovery_codes").count() == 1
    assert SecurityEvent.objects.filter(kind="mfa_added", user=admin_user).exists()
    assert client.get(members).status_code == 200


def test_a_sealed_secret_does_not_open_without_the_key(admin_user, totp_secret):
    stored = Authenticator.objects.get(user=admin_user, type=Authenticator.Type.TOTP)
    other = crypto.Keyring(keys={"other": b"k" * 32}, current="other")
    with crypto.using_keyring(other), pytest.raises(crypto.EncryptionError):
        crypto.open_sealed(stored.data["secret"], context="allauth.mfa.authenticator")


def test_signing_in_with_a_totp_code(client, admin_user, totp_secret):
    assert sign_in_with_password(client) == AUTHENTICATE
    assert "_auth_user_id" not in client.session
    response = client.post(AUTHENTICATE, {"code": current_code(totp_secret)})
    assert (response.status_code, response["Location"]) == (302, "/")
    assert client.session["_auth_user_id"] == str(admin_user.pk)


def test_a_wrong_totp_code_is_refused_and_logged(client, admin_user, totp_secret):
    sign_in_with_password(client)
    wrong = "000000" if current_code(totp_secret) != "000000" else "111111"
    response = client.post(AUTHENTICATE, {"code": wrong})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    event = SecurityEvent.objects.get(kind="mfa_failed")
    assert (event.user_id, event.details) == (
        admin_user.pk,
        {"type": "totp", "reauthentication": False},
    )


def test_the_sixth_wrong_code_in_five_minutes_gets_429(client, admin_user, totp_secret):
    sign_in_with_password(client)
    wrong = "000000" if current_code(totp_secret) != "000000" else "111111"
    statuses = [client.post(AUTHENTICATE, {"code": wrong}).status_code for _ in range(5)]
    refused = client.post(AUTHENTICATE, {"code": current_code(totp_secret)})
    assert statuses == [200] * 5
    assert refused.status_code == 429
    assert refused["Retry-After"] == "300"
    assert "Too many attempts; try again in 5 minutes." in refused.content.decode()
    assert "_auth_user_id" not in client.session
    assert SecurityEvent.objects.filter(kind="mfa_locked", user=admin_user).count() == 1


def test_a_totp_code_is_accepted_once(admin_user, totp_secret):
    code = current_code(totp_secret)
    first, second = Client(), Client()
    sign_in_with_password(first)
    assert first.post(AUTHENTICATE, {"code": code})["Location"] == "/"
    sign_in_with_password(second)
    assert second.post(AUTHENTICATE, {"code": code}).status_code == 200
    assert "_auth_user_id" not in second.session


def test_a_recovery_code_signs_in_once(admin_user, totp_secret):
    codes = RecoveryCodes.activate(admin_user).generate_codes()
    first, second = Client(), Client()
    sign_in_with_password(first)
    assert first.post(AUTHENTICATE, {"code": codes[0]})["Location"] == "/"
    sign_in_with_password(second)
    assert second.post(AUTHENTICATE, {"code": codes[0]}).status_code == 200
    assert "_auth_user_id" not in second.session
    assert second.post(AUTHENTICATE, {"code": codes[1]})["Location"] == "/"
    raw = str(
        Authenticator.objects.filter(type="recovery_codes").values_list("data", flat=True).get()
    )
    assert codes[1] not in raw


def test_removing_totp_is_a_security_event(
    client, admin_user, totp_secret, django_capture_on_commit_callbacks
):
    sign_in_with_password(client)
    client.post(AUTHENTICATE, {"code": current_code(totp_secret)})
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/2fa/totp/deactivate/")
    assert response.status_code == 302
    assert not Authenticator.objects.filter(user=admin_user, type="totp").exists()
    assert SecurityEvent.objects.filter(kind="mfa_removed", user=admin_user).count() == 1


def test_the_two_factor_page_loads_its_scripts_as_files(client, admin_user, totp_secret):
    sign_in_with_password(client)
    page = client.get(AUTHENTICATE).content.decode()
    assert "mfa/js/webauthn.js" in page
    for script in page.split("<script")[1:]:
        tag = script.split(">", 1)[0]
        assert 'src="' in tag or 'type="application/json"' in tag


def test_key_rotation_reseals_two_factor_secrets(admin_user):
    from bahi.identity.fields import count_values_by_key, reencrypt_all

    old = crypto.Keyring("old1", {"old1": bytes(range(32))})
    with crypto.using_keyring(old):
        secret = generate_totp_secret()
        TOTP.activate(admin_user, secret)
        codes = RecoveryCodes.activate(admin_user).generate_codes()
    rotated = old.with_new_current("new2", bytes(range(32, 64)))
    with crypto.using_keyring(rotated):
        assert count_values_by_key()["mfa.authenticator.data"] == {"old1": 2}
        assert reencrypt_all(batch_size=1) >= 2
        assert count_values_by_key()["mfa.authenticator.data"] == {"new2": 2}
        assert reencrypt_all(batch_size=1) == 0
    only_new = crypto.Keyring("new2", {"new2": bytes(range(32, 64))})
    with crypto.using_keyring(only_new):
        totp = Authenticator.objects.get(type="totp")
        assert TOTP(totp).validate_code(current_code(secret))
        recovery = Authenticator.objects.get(type="recovery_codes")
        assert RecoveryCodes(recovery).generate_codes() == codes


def test_two_factor_reauthentication_allows_five_tries_in_five_minutes(
    client, admin_user, totp_secret
):
    sign_in_with_password(client)
    client.post(AUTHENTICATE, {"code": current_code(totp_secret)})
    wrong = "000000" if current_code(totp_secret) != "000000" else "111111"
    statuses = [
        client.post("/accounts/2fa/reauthenticate/", {"code": wrong}).status_code for _ in range(6)
    ]
    assert statuses == [200] * 5 + [429]
    assert (
        "Too many attempts"
        in client.post("/accounts/2fa/reauthenticate/", {"code": wrong}).content.decode()
    )
    assert SecurityEvent.objects.filter(kind="mfa_failed", user=admin_user).count() == 5
