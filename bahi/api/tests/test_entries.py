import pytest

from bahi.api.tests.conftest import entry_body
from bahi.ledger.models import EntryStatus, JournalEntry

pytestmark = pytest.mark.django_db


def test_posting_an_entry_returns_it_with_money_as_strings_and_iso_dates(
    admin_api, account, company
):
    response = admin_api.post(f"/companies/{company.id}/entries", entry_body(account, post=True))

    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "posted"
    assert body["voucher_number"] == "JV/2024-25/000001"
    assert body["entry_date"] == "2024-05-10"
    assert body["total"] == "1234.50"
    assert [(line["debit"], line["credit"]) for line in body["lines"]] == [
        ("1234.50", "0.00"),
        ("0.00", "1234.50"),
    ]
    assert response["ETag"].startswith('"')


def test_an_amount_sent_as_a_json_number_is_refused_with_its_path(admin_api, account, company):
    body = entry_body(account)
    body["lines"][0]["debit"] = 1234.5

    response = admin_api.post(f"/companies/{company.id}/entries", body)

    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["code"] == "validation_error"
    assert problem["errors"][0]["path"] == ["body", "payload", "lines", 0, "debit"]
    assert "never a JSON number" in problem["errors"][0]["message"]
    assert JournalEntry.objects.filter(company=company).count() == 0


def test_a_draft_is_saved_unbalanced_and_posting_it_is_refused_until_it_balances(
    admin_api, account, company
):
    body = entry_body(account)
    body["lines"][1]["credit"] = "1000.00"
    draft = admin_api.post(f"/companies/{company.id}/entries", body)
    assert draft.status_code == 201
    assert draft.json()["status"] == "draft"
    entry_id = draft.json()["id"]

    refused = admin_api.post(f"/companies/{company.id}/entries/{entry_id}/post")

    assert refused.status_code == 422
    assert refused.json()["code"] == "unbalanced_entry"
    assert JournalEntry.objects.get(pk=entry_id).status == EntryStatus.DRAFT
