"""Passkeys in Chromium under the strict CSP: a member adds a passkey (Chrome's virtual
authenticator stands in for a phone or security key) and later signs in with it alone.
Cross-app: it drives identity's pages with the web app's browser fixtures."""

import pytest
from allauth.mfa.models import Authenticator

from bahi.identity.models import Company, SecurityEvent
from bahi.web.tests.browser.conftest import (  # noqa: F401 - the browser fixtures
    _sqlite_books_can_be_flushed,
    browser,
    visit,
)

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "correct horse battery"  # noqa: S105 - the root conftest's admin_user


def _virtual_authenticator(page) -> None:  # type: ignore[no-untyped-def]
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
            }
        },
    )


def test_a_member_adds_a_passkey_and_signs_in_with_it(visit, admin_user, company):  # noqa: F811
    Company.objects.filter(pk=company.pk).update(require_2fa_roles=[])
    session = visit()
    page = session.page
    violations: list[str] = []
    page.on(
        "console", lambda m: violations.append(m.text) if "Content Security" in m.text else None
    )
    _virtual_authenticator(page)
    page.goto("/accounts/login/")
    page.fill("input[name=login]", "owner@example.in")
    page.fill("input[name=password]", PASSWORD)
    page.click("main form[action='/accounts/login/'] button[type=submit]")
    page.goto("/accounts/2fa/webauthn/add/?passwordless=1")
    if "/accounts/reauthenticate/" in page.url:
        page.fill("input[name=password]", PASSWORD)
        page.click("main button[type=submit]")
    page.fill("input[name=name]", "Laptop")
    page.check("input[name=passwordless]")
    page.click("#mfa_webauthn_add")
    page.wait_for_url(lambda url: "/webauthn/add/" not in url, timeout=10000)
    assert Authenticator.objects.filter(user=admin_user, type="webauthn").count() == 1
    session.screenshot("passkey-added")

    # The virtual authenticator belongs to this page: sign out by dropping the cookies.
    page.context.clear_cookies()
    page.goto("/accounts/login/")
    page.click("#passkey_login")
    page.wait_for_url(f"{session.base_url}/", timeout=10000)
    assert SecurityEvent.objects.filter(kind="login_succeeded", user=admin_user).count() == 2
    assert violations == []
    assert [e for e in session.errors if "Content Security" in e] == []
