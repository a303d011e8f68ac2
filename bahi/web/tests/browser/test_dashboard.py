"""The dashboard and the installable app, in Chromium."""

import json

import pytest

from bahi.ledger.services import create_party
from bahi.web.tests.browser.conftest import PHONE
from bahi.web.tests.dashboard.sample_books import post_sample_books

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def books(company, admin_user, post):
    def party(name: str, **kwargs: object):  # type: ignore[no-untyped-def]
        return create_party(company=company, actor=admin_user, name=name, **kwargs)  # type: ignore[arg-type]

    return post_sample_books(post, party)


def test_the_dashboard_draws_its_chart_on_a_desktop(visit, admin_user, books):
    session = visit()
    session.sign_in_as(admin_user)
    page = session.page
    page.goto("/")
    page.wait_for_selector("#revenue-chart[data-drawn=true]")
    assert page.inner_text("#card-cash .card-figure") == "₹6,03,000.00"
    assert page.inner_text("#card-receivables .card-figure") == "₹94,400.00"
    # The chart drew, so the same figures fold into a table that stays one click away.
    assert page.get_attribute("#revenue-table", "open") is None
    session.screenshot("desktop")
    assert session.errors == []


def test_the_dashboard_fits_a_phone_without_sideways_scrolling(visit, admin_user, books):
    session = visit(viewport=PHONE)
    session.sign_in_as(admin_user)
    page = session.page
    page.goto("/")
    page.wait_for_selector("#revenue-chart[data-drawn=true]")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    cards = page.eval_on_selector_all(
        ".card", "cards => cards.map(c => c.getBoundingClientRect().width)"
    )
    assert len(cards) == 5
    assert all(width <= PHONE["width"] for width in cards)
    session.screenshot("phone")
    assert session.errors == []


def test_the_app_is_installable_and_keeps_pages_for_offline_reading(visit, admin_user, books):
    session = visit()
    session.sign_in_as(admin_user)
    page = session.page
    page.goto("/")
    manifest = page.evaluate(
        """async () => {
            const link = document.querySelector('link[rel=manifest]');
            const response = await fetch(link.href);
            return {type: response.headers.get('Content-Type'), body: await response.json()};
        }"""
    )
    assert manifest["type"] == "application/manifest+json"
    assert manifest["body"]["display"] == "standalone"
    for icon in manifest["body"]["icons"]:
        assert page.request.get(icon["src"]).headers["content-type"] == "image/png"
    scope = page.evaluate("navigator.serviceWorker.ready.then(r => r.scope)")
    assert scope == f"{session.base_url}/"
    # Chromium's own verdict; "in-incognito" is the test's throwaway profile, not the app.
    found = session.context.new_cdp_session(page).send("Page.getInstallabilityErrors")
    errors = [e for e in found["installabilityErrors"] if e["errorId"] != "in-incognito"]
    assert errors == [], json.dumps(found)
    # Once the worker controls the page, a page viewed online opens offline...
    page.reload()
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    page.reload()
    session.context.set_offline(True)
    page.reload()
    assert page.inner_text("h1") == "Dashboard"
    # ...and one never viewed shows the offline page.
    page.goto("/never-viewed/")
    assert page.inner_text("h1") == "You are offline"
    session.screenshot("offline")


def test_signing_out_forgets_the_pages_kept_for_offline_reading(visit, admin_user, books):
    session = visit()
    session.sign_in_as(admin_user)
    page = session.page
    page.goto("/")
    page.evaluate("navigator.serviceWorker.ready")
    page.reload()
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    page.goto("/")
    page.wait_for_function("caches.has('bahi-pages-v1')")
    page.click("form[action='/accounts/logout/'] button[type=submit]")
    page.wait_for_url("**/accounts/login/**")
    page.wait_for_function("caches.has('bahi-pages-v1').then(kept => !kept)")
    assert page.evaluate("caches.has('bahi-pages-v1')") is False
