"""One journal entry: its lines and totals, who entered it, and reversing it."""

from datetime import date

import pytest

from bahi.identity.models import Role
from bahi.ledger.models import JournalEntry
from bahi.web.tests.books.conftest import counts

pytestmark = pytest.mark.django_db


def test_the_entry_shows_lines_totals_status_and_who_entered_it(signed_in, capital_entry):
    page = signed_in.get(f"/books/entries/{capital_entry.pk}/").content.decode()
    assert "<h1>JV/2024-25/000001</h1>" in page
    assert '<p class="status status-posted" id="entry-status">Posted</p>' in page
    assert "<td>1221 · Bank account</td>" in page
    assert "<td>3100 · Capital</td>" in page
    assert '<td class="num amount" id="debit-total">₹12,34,567.89</td>' in page
    assert '<td class="num amount" id="credit-total">₹12,34,567.89</td>' in page
    assert "<dd><time>01-04-2024</time></dd>" in page
    assert "owner@example.in on " in page
    assert "Reverse this entry" in page


def test_reversing_posts_the_mirror_entry_and_links_both(signed_in, capital_entry):
    response = signed_in.post(
        f"/books/entries/{capital_entry.pk}/reverse/",
        {"reversal_date": "15-04-2024", "reason": "Posted twice", "idempotency_key": "k" * 32},
    )
    reversal = JournalEntry.objects.get(reverses=capital_entry)
    assert response.status_code == 303
    assert response["Location"] == f"/books/entries/{reversal.pk}/"
    assert reversal.entry_date == date(2024, 4, 15)
    assert reversal.narration == "Reversal of JV/2024-25/000001: Posted twice"
    page = signed_in.get(response["Location"]).content.decode()
    assert (
        f'<a href="/books/entries/{capital_entry.pk}/" id="original-link">JV/2024-25/000001</a>'
        in page
    )
    assert "Reverse this entry" not in page
    original = signed_in.get(f"/books/entries/{capital_entry.pk}/").content.decode()
    assert (
        f'<a href="/books/entries/{reversal.pk}/" id="reversal-link">JV/2024-25/000002</a>'
        in original
    )
    assert "Posted · reversed" in original
    assert "Reverse this entry" not in original


def test_the_same_reverse_form_submitted_twice_reverses_once(signed_in, capital_entry):
    form = {"reversal_date": "15-04-2024", "reason": "Twice", "idempotency_key": "a" * 32}
    first = signed_in.post(f"/books/entries/{capital_entry.pk}/reverse/", form)
    second = signed_in.post(f"/books/entries/{capital_entry.pk}/reverse/", form)
    assert first["Location"] == second["Location"]
    assert JournalEntry.objects.filter(reverses=capital_entry).count() == 1


def test_a_reversal_dated_before_the_entry_is_refused_on_the_date(signed_in, rent_entry):
    before = counts()
    response = signed_in.post(
        f"/books/entries/{rent_entry.pk}/reverse/",
        {"reversal_date": "01-05-2024", "reason": "Wrong"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert page.lstrip().startswith('<form method="post" action="/books/entries/')
    assert 'id="id_reversal_date_error"' in page
    assert "a reversal cannot be dated before the entry it reverses" in page
    assert counts() == before


def test_an_htmx_reversal_sends_the_browser_to_the_reversal(signed_in, capital_entry):
    response = signed_in.post(
        f"/books/entries/{capital_entry.pk}/reverse/",
        {"reversal_date": "02-04-2024", "reason": "Wrong bank"},
        HTTP_HX_REQUEST="true",
    )
    reversal = JournalEntry.objects.get(reverses=capital_entry)
    assert response.status_code == 204
    assert response["HX-Redirect"] == f"/books/entries/{reversal.pk}/"


def test_reversing_twice_is_refused_with_a_message(signed_in, capital_entry):
    form = {"reversal_date": "02-04-2024", "reason": "Wrong"}
    signed_in.post(f"/books/entries/{capital_entry.pk}/reverse/", form)
    before = counts()
    response = signed_in.post(f"/books/entries/{capital_entry.pk}/reverse/", form)
    assert response.status_code == 422
    assert "JV/2024-25/000001 is already reversed" in response.content.decode()
    assert counts() == before


def test_a_viewer_reads_the_entry_but_may_not_reverse_it(as_role, capital_entry):
    client = as_role(Role.VIEWER)
    page = client.get(f"/books/entries/{capital_entry.pk}/").content.decode()
    assert "<h1>JV/2024-25/000001</h1>" in page
    assert "Reverse this entry" not in page
    before = counts()
    response = client.post(
        f"/books/entries/{capital_entry.pk}/reverse/",
        {"reversal_date": "02-04-2024", "reason": "Mine now"},
    )
    assert response.status_code == 403
    assert counts() == before


def test_an_accountant_may_reverse(as_role, capital_entry):
    response = as_role(Role.ACCOUNTANT).post(
        f"/books/entries/{capital_entry.pk}/reverse/",
        {"reversal_date": "02-04-2024", "reason": "Wrong"},
    )
    assert response.status_code == 303
    assert JournalEntry.objects.filter(reverses=capital_entry).count() == 1


@pytest.mark.parametrize("role", [Role.ADMIN, Role.ACCOUNTANT, Role.VIEWER])
def test_another_companys_entry_is_not_found(as_role, role, other_entry):
    client = as_role(role)
    assert client.get(f"/books/entries/{other_entry.pk}/").status_code == 404
    before = counts()
    response = client.post(
        f"/books/entries/{other_entry.pk}/reverse/",
        {"reversal_date": "02-04-2024", "reason": "Theirs"},
    )
    assert response.status_code == (403 if role == Role.VIEWER else 404)
    assert counts() == before
