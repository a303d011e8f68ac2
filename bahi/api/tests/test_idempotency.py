import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from bahi.api.idempotency import purge_idempotency_records
from bahi.api.models import IdempotencyRecord, IdempotencyState
from bahi.api.tests.conftest import ApiClient, entry_body
from bahi.ledger.models import JournalEntry


@pytest.mark.django_db
def test_a_retry_with_the_same_key_and_body_replays_the_first_response_byte_for_byte(
    admin_api, account, company
):
    url = f"/companies/{company.id}/entries"
    body = entry_body(account, post=True)

    first = admin_api.post(url, body, **{"Idempotency-Key": "k-1"})
    retry = admin_api.post(url, body, **{"Idempotency-Key": "k-1"})

    assert first.status_code == retry.status_code == 201
    assert retry.content == first.content
    assert retry["ETag"] == first["ETag"]
    assert retry["Idempotent-Replayed"] == "true"
    assert not first.has_header("Idempotent-Replayed")
    assert JournalEntry.objects.filter(company=company).count() == 1


@pytest.mark.django_db
def test_a_refused_request_is_replayed_as_refused(admin_api, account, company):
    body = entry_body(account, post=True)
    body["lines"][1]["credit"] = "1.00"
    url = f"/companies/{company.id}/entries"

    first = admin_api.post(url, body, **{"Idempotency-Key": "k-bad"})
    retry = admin_api.post(url, body, **{"Idempotency-Key": "k-bad"})

    assert first.status_code == retry.status_code == 422
    assert retry.content == first.content


@pytest.mark.django_db
def test_the_same_key_with_another_body_is_a_422(admin_api, account, company):
    url = f"/companies/{company.id}/entries"
    admin_api.post(url, entry_body(account, post=True), **{"Idempotency-Key": "k-2"})

    other = admin_api.post(
        url, entry_body(account, amount="1.00", post=True), **{"Idempotency-Key": "k-2"}
    )

    assert other.status_code == 422
    assert other["Content-Type"] == "application/problem+json"
    assert other.json()["code"] == "idempotency_key_reused"
    assert JournalEntry.objects.filter(company=company).count() == 1


@pytest.mark.django_db
def test_a_duplicate_while_the_first_is_in_progress_is_a_409(admin_api, account, company):
    url = f"/companies/{company.id}/entries"
    body = entry_body(account, post=True)
    admin_api.post(url, body, **{"Idempotency-Key": "k-3"})
    IdempotencyRecord.objects.filter(key="k-3").update(state=IdempotencyState.IN_PROGRESS)

    duplicate = admin_api.post(url, body, **{"Idempotency-Key": "k-3"})

    assert duplicate.status_code == 409
    assert duplicate.json()["code"] == "idempotency_request_in_progress"
    assert duplicate["Retry-After"] == "1"


@pytest.mark.django_db
def test_keys_are_scoped_per_company_and_user(api_as, account, company):
    url = f"/companies/{company.id}/entries"
    body = entry_body(account, post=True)

    admin = api_as("admin").post(url, body, **{"Idempotency-Key": "shared"})
    accountant = api_as("accountant").post(url, body, **{"Idempotency-Key": "shared"})

    assert admin.status_code == accountant.status_code == 201
    assert admin.json()["id"] != accountant.json()["id"]


@pytest.mark.django_db
def test_an_invalid_key_is_a_400(admin_api, account, company):
    response = admin_api.post(
        f"/companies/{company.id}/entries", entry_body(account), **{"Idempotency-Key": "a b"}
    )

    assert response.status_code == 400
    assert response.json()["code"] == "invalid_idempotency_key"


@pytest.mark.django_db
def test_purging_keeps_keys_younger_than_24_hours(admin_api, account, company):
    url = f"/companies/{company.id}/entries"
    for key in ("old", "young"):
        admin_api.post(url, entry_body(account), **{"Idempotency-Key": key})
    now = timezone.now()
    IdempotencyRecord.objects.filter(key="old").update(created_at=now - timedelta(hours=25))
    IdempotencyRecord.objects.filter(key="young").update(created_at=now - timedelta(hours=23))

    purged = purge_idempotency_records(now=now)

    assert purged == 1
    assert list(IdempotencyRecord.objects.values_list("key", flat=True)) == ["young"]
    with pytest.raises(ValueError, match="at least"):
        purge_idempotency_records(keep=timedelta(hours=1))


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite's in-memory test database cannot be shared across threads",
)
@pytest.mark.django_db(transaction=True)
def test_concurrent_requests_with_one_key_post_once(admin_user, account, company):
    url = f"/companies/{company.id}/entries"
    body = entry_body(account, post=True)
    barrier = threading.Barrier(8)
    statuses: list[int] = []

    def send() -> None:
        client = ApiClient(admin_user)
        barrier.wait()
        try:
            statuses.append(client.post(url, body, **{"Idempotency-Key": "race"}).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert JournalEntry.objects.filter(company=company).count() == 1
    assert statuses.count(201) >= 1
    assert set(statuses) <= {201, 409}
    replay = ApiClient(admin_user).post(url, body, **{"Idempotency-Key": "race"})
    assert replay.status_code == 201
    assert replay["Idempotent-Replayed"] == "true"
