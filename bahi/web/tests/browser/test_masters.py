"""The masters pages in Chromium: a party refused for its GSTIN's check character, corrected
and found through the list's filters (htmx, in place); an item showing the rate in force; the
list at phone size. No console errors (the CSP blocks nothing the pages need)."""

import base64
import re

import pytest
import segno

from bahi.ledger.models import Party
from bahi.web.tests.browser.conftest import PHONE

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_accountant_corrects_a_gstin_and_finds_the_party_in_the_list(visit, admin_user, company):
    session = visit()
    session.sign_in_as(admin_user)
    page = session.page
    page.goto("/masters/parties/new/")
    page.fill("#id_name", "Kulkarni Steel Pvt Ltd")
    page.check("#id_is_supplier")
    page.fill("#id_gstin", "29AAPFU0939F1ZA")
    page.select_option("#id_state_code", "29")
    page.click("#party-form button[type=submit]")
    assert "check character" in page.inner_text("#id_gstin_error")
    assert page.get_attribute("#id_gstin", "aria-invalid") == "true"
    assert not Party.objects.filter(name="Kulkarni Steel Pvt Ltd").exists()
    session.screenshot("gstin-refused")

    page.fill("#id_gstin", "29AAPFU0939F1ZR")
    page.click("#party-form button[type=submit]")
    page.wait_for_url("**/masters/parties/")
    page.evaluate("window.sameDocument = true")
    page.select_option("#id_side", "suppliers")
    page.fill("#id_search", "29AAPFU")
    page.click("#party-browser-filters button[type=submit]")
    page.wait_for_url(re.compile(r".*search=29AAPFU.*"))
    rows = page.locator("#party-results tbody tr")
    assert rows.count() == 1
    assert "Kulkarni Steel Pvt Ltd" in rows.first.inner_text()
    assert page.evaluate("window.sameDocument") is True  # htmx swapped the results in place
    # The refused form's 422 is the one resource error Chromium reports; nothing else.
    assert [error for error in session.errors if "status of 422" not in error] == []


def test_an_item_shows_the_rate_in_force_and_the_lists_fit_a_phone(visit, admin_user, company):
    session = visit(viewport=PHONE)
    session.sign_in_as(admin_user)
    page = session.page
    page.goto("/masters/items/new/")
    page.fill("#id_code", "CEM-50")
    page.fill("#id_name", "Cement, 50 kg bag")
    page.fill("#id_hsn_code", "2523")
    page.select_option("#id_unit", "BAG")
    page.fill("#id_gst_rate_percent", "28")
    page.click("#item-form button[type=submit]")
    page.wait_for_url("**/masters/items/")
    page.locator("#item-results").get_by_role("link", name="Cement, 50 kg bag").click()
    page.wait_for_url(re.compile(r".*/masters/items/\d+/$"))
    assert "GST 18%" in page.inner_text("#rate-in-force")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    session.screenshot("item-phone")
    page.goto("/masters/parties/")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    session.screenshot("parties-phone")
    assert session.errors == []


def test_a_chosen_logo_is_previewed_before_it_is_saved(visit, admin_user, company, tmp_path):
    logo = tmp_path / "logo.png"
    segno.make("Sharma", error="h").save(str(logo), kind="png", scale=2)
    session = visit()
    session.sign_in_as(admin_user)
    page = session.page
    page.goto("/masters/company/")
    assert page.inner_text("#logo-preview") == "No logo yet."
    page.set_input_files("#id_logo", str(logo))
    page.wait_for_selector("#logo-preview img")
    source = page.get_attribute("#logo-preview img", "src")
    assert source == "data:image/png;base64," + base64.b64encode(logo.read_bytes()).decode()
    page.click("#company-form button[type=submit]")
    page.wait_for_url("**/masters/company/")
    company.refresh_from_db()
    assert bytes(company.logo) == logo.read_bytes()
    assert page.get_attribute("#logo-preview img", "src") == source
    assert session.errors == []
