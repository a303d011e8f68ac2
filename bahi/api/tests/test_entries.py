from datetime import date

import pytest
from django.db import connection

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


def test_a_posted_entry_is_answered_as_a_read_of_it_is_without_reading_its_lines_back(
    admin_api, account, company
):
    body = entry_body(account, post=True)
    body["lines"][0]["description"] = "cash sale, counter 2"
    statements = []

    def record(execute, sql, params, many, context):
        statements.append(sql)
        return execute(sql, params, many, context)

    # (Test-client requests reset connection.queries: an execute wrapper sees every statement.)
    with connection.execute_wrapper(record):
        posted = admin_api.post(f"/companies/{company.id}/entries", body)
    read = admin_api.get(f"/companies/{company.id}/entries/{posted.json()['id']}")

    assert posted.status_code == 201
    assert posted.json() == read.json()
    assert posted["ETag"] == read["ETag"]
    assert any(sql.startswith("INSERT INTO ledger_journalentry") for sql in statements)
    assert not [sql for sql in statements if "FROM ledger_journalline" in sql]
    entry = JournalEntry.objects.get(pk=posted.json()["id"])
    assert entry.written_lines is None  # only the entry a posting returns carries them


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


def _draft(api, company, account) -> tuple[int, str]:
    response = api.post(f"/companies/{company.id}/entries", entry_body(account))
    return response.json()["id"], response["ETag"]


def test_updating_a_draft_needs_if_match_and_a_stale_etag_gets_412(admin_api, account, company):
    entry_id, etag = _draft(admin_api, company, account)
    path = f"/companies/{company.id}/entries/{entry_id}"

    missing = admin_api.put(path, entry_body(account, amount="10.00"))
    first = admin_api.put(path, entry_body(account, amount="10.00"), **{"If-Match": etag})
    stale = admin_api.put(path, entry_body(account, amount="20.00"), **{"If-Match": etag})

    assert missing.status_code == 428
    assert first.status_code == 200
    assert first.json()["total"] == "10.00"
    assert first["ETag"] != etag
    assert stale.status_code == 412
    assert stale.json()["code"] == "stale_entry"
    assert stale["ETag"] == first["ETag"]
    assert admin_api.get(path).json()["total"] == "10.00"


def test_posting_a_draft_numbers_it_and_a_posted_entry_cannot_be_edited(
    admin_api, account, company
):
    entry_id, etag = _draft(admin_api, company, account)
    path = f"/companies/{company.id}/entries/{entry_id}"

    posted = admin_api.post(f"{path}/post", **{"If-Match": etag})
    edit = admin_api.put(path, entry_body(account), **{"If-Match": posted["ETag"]})

    assert posted.status_code == 200
    assert posted.json()["voucher_number"] == "JV/2024-25/000001"
    assert edit.status_code == 409
    assert edit.json()["code"] == "entry_not_draft"


def test_reversing_an_entry_posts_its_mirror_and_a_second_reversal_conflicts(
    admin_api, account, company
):
    entry = admin_api.post(f"/companies/{company.id}/entries", entry_body(account, post=True))
    path = f"/companies/{company.id}/entries/{entry.json()['id']}/reverse"

    reversal = admin_api.post(path, {"reversal_date": "2024-05-11", "reason": "typo"})
    again = admin_api.post(path, {"reversal_date": "2024-05-11", "reason": "typo"})

    assert reversal.status_code == 201
    assert reversal.json()["reverses_id"] == entry.json()["id"]
    assert [(x["debit"], x["credit"]) for x in reversal.json()["lines"]] == [
        ("0.00", "1234.50"),
        ("1234.50", "0.00"),
    ]
    assert again.status_code == 409
    assert again.json()["code"] == "entry_already_reversed"


def test_listing_filters_by_status_and_account_and_pages_with_a_cursor(
    admin_api, account, company, post
):
    for day in (1, 2, 3):
        post(date(2024, 6, day), [("cash", "1.00", ""), ("capital", "", "1.00")])
    post(date(2024, 6, 4), [("bank", "5.00", ""), ("capital", "", "5.00")])
    _draft(admin_api, company, account)
    url = f"/companies/{company.id}/entries"

    first = admin_api.get(url, status="posted", account_id=account("cash").id, limit=2).json()
    second = admin_api.get(
        url, status="posted", account_id=account("cash").id, limit=2, cursor=first["next_cursor"]
    ).json()
    drafts = admin_api.get(url, status="draft").json()
    june_4 = admin_api.get(url, date_from="2024-06-04", date_to="2024-06-04").json()

    assert [e["entry_date"] for e in first["items"]] == ["2024-06-01", "2024-06-02"]
    assert [e["entry_date"] for e in second["items"]] == ["2024-06-03"]
    assert second["next_cursor"] is None
    assert [e["status"] for e in drafts["items"]] == ["draft"]
    assert [e["total"] for e in june_4["items"]] == ["5.00"]


def test_a_forged_cursor_is_a_422_problem(admin_api, company):
    response = admin_api.get(f"/companies/{company.id}/entries", cursor="bm90LWEtY3Vyc29y")

    assert response.status_code == 422
    assert response.json()["code"] == "invalid_cursor"


def test_bulk_posts_all_entries_or_none_and_names_the_failing_position(admin_api, account, company):
    good = [entry_body(account, amount=f"{n}.00") for n in range(1, 4)]
    bad = entry_body(account)
    bad["lines"][1]["credit"] = "1.00"
    url = f"/companies/{company.id}/entries/bulk"

    refused = admin_api.post(url, {"entries": [*good, bad]})
    accepted = admin_api.post(url, {"entries": good})

    assert refused.status_code == 422
    assert refused.json()["code"] == "unbalanced_entry"
    assert refused.json()["errors"][0]["path"][:3] == ["body", "entries", 3]
    assert accepted.status_code == 201
    assert accepted.json() == {"posted": 3}
    assert JournalEntry.objects.filter(company=company, status=EntryStatus.POSTED).count() == 3


@pytest.mark.slow
def test_bulk_accepts_ten_thousand_entries_in_one_request(admin_api, account, company):
    entries = [entry_body(account, amount="1.00") for _ in range(10_000)]

    response = admin_api.post(f"/companies/{company.id}/entries/bulk", {"entries": entries})
    too_many = admin_api.post(
        f"/companies/{company.id}/entries/bulk", {"entries": [*entries, entries[0]]}
    )

    assert response.status_code == 201
    assert response.json() == {"posted": 10_000}
    assert too_many.status_code == 422
