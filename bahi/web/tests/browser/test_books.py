"""The books pages in Chromium: an account created, a balanced entry posted from the keyboard,
seen in the trial balance, found in the list, opened and reversed (the trial balance nets to
nil); an unbalanced entry stopped in the browser."""

import re

import pytest

from bahi.ledger.models import Account, JournalEntry

pytestmark = pytest.mark.django_db(transaction=True)
ENTRY_PAGE = re.compile(r".*/books/entries/\d+/$")
JUNE = "/reports/trial-balance/?date_from=2024-06-01&date_to=2024-06-30"


def _trial_balance_row(page, code: str) -> list[str]:  # type: ignore[no-untyped-def]
    page.goto(JUNE)
    row = page.locator("#trial-balance-table tr", has_text=code).first
    return [cell.strip() for cell in row.locator("th, td").all_inner_texts()]


def _create_account(page) -> None:  # type: ignore[no-untyped-def]
    page.goto("/books/accounts/new/")
    page.select_option("#id_is_group", "0")
    page.select_option("#id_parent", label="5500 · Other expenses")
    page.fill("#id_code", "5596")
    page.fill("#id_name", "Office tea")
    page.click("#account-form button[type=submit]")
    page.wait_for_url("**/books/accounts/")
    assert "Office tea" in page.inner_text(".account-tree")


def _post_from_the_keyboard(page, session) -> None:  # type: ignore[no-untyped-def]
    page.goto("/books/entries/new/")
    page.focus("#id_entry_date")
    keyboard = page.keyboard
    keyboard.press("Control+A")
    keyboard.type("12-06-2024")
    keyboard.press("Enter")
    keyboard.type("Tea and snacks for June")
    keyboard.press("Enter")
    keyboard.type("5596")  # Office tea, completed from its code
    keyboard.press("Enter")
    keyboard.press("Enter")  # no party
    keyboard.type("1,250.50")
    keyboard.press("Enter")  # a filled debit goes straight to the next line
    keyboard.type("cash")
    keyboard.press("Enter")
    keyboard.press("Enter")
    keyboard.press("Enter")  # no debit: on to the credit
    keyboard.type("1250.50")
    assert page.input_value("#id_lines-0-account") == "5596 · Office tea"
    assert page.input_value("#id_lines-1-account") == "1211 · Cash"
    assert page.input_value("#id_lines-0-debit") == "1,250.50"
    assert page.inner_text("#debit-total") == "₹1,250.50"
    assert page.inner_text("#credit-total") == "₹1,250.50"
    assert page.inner_text("#difference") == "₹0.00"
    keyboard.press("Enter")  # the last field of the last line adds a line
    assert page.evaluate("document.activeElement.id") == "id_lines-2-account"
    assert page.input_value("#id_lines-1-credit") == "1,250.50"  # grouped once left
    keyboard.press("Enter")  # an empty new line of a balanced entry: on to Post
    assert page.evaluate("document.activeElement.id") == "post-entry"
    session.screenshot("entry-form")
    keyboard.press("Enter")
    page.wait_for_url(ENTRY_PAGE)


def _fits_a_phone(page, session) -> None:  # type: ignore[no-untyped-def]
    """The form, the list and the chart fit a 360 px phone."""
    page.set_viewport_size({"width": 360, "height": 780})
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    session.screenshot("entry-form-phone")
    for url in ("/books/entries/", "/books/accounts/"):
        page.goto(url)
        assert page.evaluate("document.documentElement.scrollWidth") <= 360, url
    session.screenshot("accounts-phone")


def test_an_accountant_keeps_books_from_the_keyboard(visit, admin_user, company):
    session = visit()
    session.sign_in_as(admin_user)
    page = session.page
    _create_account(page)
    _post_from_the_keyboard(page, session)
    assert page.inner_text("h1") == "JV/2024-25/000001"
    assert page.inner_text("#debit-total") == "₹1,250.50"
    assert "5596 · Office tea" in page.inner_text(".entry-lines")
    entry_url = page.url

    # The trial balance for June shows the new account's debit.
    office_tea = ["5596 Office tea", "₹0.00", "₹1,250.50", "₹0.00", "₹1,250.50 Dr"]
    assert _trial_balance_row(page, "5596") == office_tea
    session.screenshot("trial-balance-after-posting")
    page.goto(entry_url)

    # The list shows it; its row opens it.
    page.goto("/books/entries/")
    page.evaluate("window.sameDocument = true")
    page.fill("#id_account", "5596 · Office tea")
    page.click("#entry-filters button[type=submit]")
    page.wait_for_url("**account=5596*")
    rows = page.locator("#entry-results tbody tr")
    assert rows.count() == 1
    assert "₹1,250.50" in rows.first.inner_text()
    assert page.evaluate("window.sameDocument") is True  # htmx swapped the results in place
    session.screenshot("entry-list")
    page.click("text=JV/2024-25/000001")
    page.wait_for_selector("text=Reverse this entry")

    # Reversal through the htmx form.
    page.click("details.reverse summary")
    page.fill("#id_reversal_date", "13-06-2024")
    page.fill("#id_reason", "Booked to the wrong month")
    page.click("#reverse-form button[type=submit]")
    page.wait_for_selector("#original-link")
    assert page.inner_text("h1") == "JV/2024-25/000002"
    session.screenshot("reversal")
    # Reversed: June's trial balance shows the entry and its mirror, the account back at nil.
    reversed_row = ["5596 Office tea", "₹0.00", "₹1,250.50", "₹1,250.50", "₹0.00"]
    assert _trial_balance_row(page, "5596") == reversed_row

    # Unbalanced: stopped in the browser with the reason, nothing sent.
    page.goto("/books/entries/new/")
    page.fill("#id_lines-0-account", "5596")
    page.fill("#id_lines-0-debit", "100")
    page.fill("#id_lines-1-account", "1211")
    page.fill("#id_lines-1-credit", "99")
    page.focus("#id_lines-1-credit")
    page.keyboard.press("Control+Enter")
    message = page.inner_text("#balance-message")
    assert message == (
        "Debits (₹100.00) and credits (₹99.00) differ by ₹1.00: the entry cannot be posted "
        "until they balance."
    )
    assert page.url.endswith("/books/entries/new/")
    assert page.inner_text("#difference") == "₹1.00"
    session.screenshot("unbalanced")

    _fits_a_phone(page, session)
    assert JournalEntry.objects.filter(company=company).count() == 2
    assert Account.objects.filter(company=company, code="5596").exists()
    assert session.errors == []
