"""Signing in with a password and a TOTP code, and switching company, in Chromium."""

from datetime import date

import pytest
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)

from bahi.ledger.services import create_company_with_books

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "correct horse battery"  # noqa: S105 - the root conftest's admin_user


def current_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))


def test_signing_in_with_a_password_and_a_totp_code_opens_the_dashboard(visit, admin_user, company):
    secret = generate_totp_secret()
    TOTP.activate(admin_user, secret)
    session = visit()
    page = session.page
    page.goto("/")
    assert page.url == f"{session.base_url}/accounts/login/?next=/"
    page.fill("input[name=login]", "owner@example.in")
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url("**/accounts/2fa/authenticate/")
    page.fill("input[name=code]", current_code(secret))
    session.screenshot("totp")
    page.click("main button[type=submit]")
    page.wait_for_url(f"{session.base_url}/")
    assert page.inner_text("h1") == "Dashboard"
    assert "Sharma Traders Pvt Ltd" in page.inner_text(".dashboard-meta")
    assert session.errors == []


def test_switching_company_shows_the_other_companys_dashboard(visit, admin_user, company):
    create_company_with_books(
        owner=admin_user,
        legal_name="Agarwal Exports LLP",
        state_code="09",
        books_begin_date=date(2024, 4, 1),
    )
    session = visit()
    session.sign_in_as(admin_user)
    page = session.page
    page.goto("/")
    first = page.inner_text(".dashboard-meta")
    page.select_option("#company-switch", label="Sharma Traders Pvt Ltd")
    # The switch posts and comes back to "/", the page it left: wait for that navigation itself.
    with page.expect_navigation(url=f"{session.base_url}/"):
        page.click(".company-switcher button[type=submit]")
    assert first.startswith("Agarwal Exports LLP")  # the first by name until one is chosen
    assert page.inner_text(".dashboard-meta").startswith("Sharma Traders Pvt Ltd")
    assert page.input_value("#company-switch") == str(company.pk)
    session.screenshot("switched")
