"""Every books page keeps to the strict CSP (no inline script, style or event handler) and
loads htmx from this site."""

import re

import pytest

pytestmark = pytest.mark.django_db


def test_books_pages_have_no_inline_scripts_styles_or_handlers(signed_in, capital_entry):
    for url in (
        "/books/accounts/",
        "/books/accounts/new/",
        "/books/entries/",
        "/books/entries/new/",
        f"/books/entries/{capital_entry.pk}/",
    ):
        page = signed_in.get(url).content.decode()
        scripts = re.findall(r"<script([^>]*)>", page)
        assert scripts, url
        assert all("src=" in attrs for attrs in scripts), url
        assert "style=" not in page, url
        assert not re.search(r"\son[a-z]+=", page), url
        assert '<script src="/static/vendor/htmx/htmx.min.js" defer></script>' in page, url


def test_the_nav_links_to_accounts_and_entries(signed_in):
    page = signed_in.get("/books/entries/").content.decode()
    assert '<a href="/books/accounts/">Accounts</a>' in page
    assert '<a href="/books/entries/">Entries</a>' in page
