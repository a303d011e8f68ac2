"""Deployment settings and response headers (reliability row T12 / R14)."""

import secrets
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import override_settings

from bahi.web.middleware import CONTENT_SECURITY_POLICY
from config.settings import base, prod

_MISSING = object()
PROD = {
    name: getattr(prod, name)
    for name in dir(prod)
    if name.isupper() and getattr(base, name, _MISSING) != getattr(prod, name)
}
PROD |= {"SECRET_KEY": secrets.token_urlsafe(50), "ALLOWED_HOSTS": ["bahi.example"]}


def test_the_production_settings_pass_the_deploy_check_with_no_warning(monkeypatch):
    # The browser tests' fixture allows sync database calls beside Playwright's event loop for
    # the whole test process; a deployment never sets it, and the deploy check says so.
    monkeypatch.delenv("DJANGO_ALLOW_ASYNC_UNSAFE", raising=False)
    out = StringIO()
    with override_settings(**PROD):
        call_command("check", deploy=True, fail_level="WARNING", stdout=out, stderr=out)
    assert "System check identified no issues (0 silenced)." in out.getvalue()


def test_production_redirects_to_https_and_sends_hsts_of_two_years(client):
    with override_settings(**PROD):
        plain = client.get("/", HTTP_HOST="bahi.example")
        secure = client.get("/healthz", HTTP_HOST="bahi.example", secure=True)
    assert (plain.status_code, plain["Location"]) == (301, "https://bahi.example/")
    assert secure["Strict-Transport-Security"] == "max-age=63072000; includeSubDomains; preload"


def test_a_weak_setting_fails_the_deploy_check(monkeypatch):
    monkeypatch.delenv("DJANGO_ALLOW_ASYNC_UNSAFE", raising=False)
    weak = PROD | {"SECURE_HSTS_SECONDS": 0}
    with override_settings(**weak), pytest.raises(SystemCheckError, match="security.W004"):
        call_command("check", deploy=True, fail_level="WARNING", stdout=StringIO())


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["/offline/", "/accounts/login/", "/api/v1/docs", "/healthz", "/manifest.webmanifest"]
)
def test_every_page_sends_the_security_headers(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.mark.django_db
def test_the_api_docs_page_has_no_inline_script(client):
    page = client.get("/api/v1/docs").content.decode()
    scripts = page.split("<script")[1:]
    assert len(scripts) == 3
    for script in scripts:
        tag = script.split(">", 1)[0]
        assert 'src="' in tag or 'type="application/json"' in tag
    assert " style=" not in page
    assert "<style" not in page
