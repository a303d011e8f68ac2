"""Behind a reverse proxy that ends TLS, production honours X-Forwarded-Proto only when told to
(BAHI_BEHIND_TLS_PROXY); otherwise anyone could claim HTTPS with a header."""

import importlib
import secrets

import pytest
from django.test import override_settings

from config.settings import base, prod

pytestmark = pytest.mark.django_db
_MISSING = object()


def _production_settings(monkeypatch, behind_proxy: str | None) -> dict[str, object]:
    if behind_proxy is None:
        monkeypatch.delenv("BAHI_BEHIND_TLS_PROXY", raising=False)
    else:
        monkeypatch.setenv("BAHI_BEHIND_TLS_PROXY", behind_proxy)
    module = importlib.reload(prod)
    values = {
        name: getattr(module, name)
        for name in dir(module)
        if name.isupper() and getattr(base, name, _MISSING) != getattr(module, name)
    }
    return values | {"SECRET_KEY": secrets.token_urlsafe(50), "ALLOWED_HOSTS": ["bahi.example"]}


@pytest.fixture(autouse=True)
def _restore_prod(monkeypatch):
    yield
    monkeypatch.delenv("BAHI_BEHIND_TLS_PROXY", raising=False)
    importlib.reload(prod)


@pytest.mark.parametrize("behind_proxy", [None, "", "0"])
def test_without_the_setting_a_forwarded_https_header_is_ignored(client, monkeypatch, behind_proxy):
    settings = _production_settings(monkeypatch, behind_proxy)
    with override_settings(**settings):
        response = client.get("/", HTTP_HOST="bahi.example", HTTP_X_FORWARDED_PROTO="https")

    assert settings["SECURE_PROXY_SSL_HEADER"] is None
    assert (response.status_code, response["Location"]) == (301, "https://bahi.example/")
    assert "Strict-Transport-Security" not in response


def test_behind_a_configured_proxy_the_forwarded_scheme_is_honoured(client, monkeypatch):
    settings = _production_settings(monkeypatch, "1")
    with override_settings(**settings):
        forwarded = client.get("/", HTTP_HOST="bahi.example", HTTP_X_FORWARDED_PROTO="https")
        plain = client.get("/", HTTP_HOST="bahi.example")

    assert settings["SECURE_PROXY_SSL_HEADER"] == ("HTTP_X_FORWARDED_PROTO", "https")
    # Through the proxy over HTTPS: served (sign in first), with HSTS.
    assert forwarded.status_code == 302
    assert forwarded["Location"].startswith("/accounts/login/")
    assert forwarded["Strict-Transport-Security"].startswith("max-age=63072000")
    # Without the header the request is plain HTTP: the proxy redirects those itself, so Bahi
    # neither redirects nor sends HSTS over it.
    assert plain.status_code == 302
    assert plain["Location"].startswith("/accounts/login/")
    assert "Strict-Transport-Security" not in plain
