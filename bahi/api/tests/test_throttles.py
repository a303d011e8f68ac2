"""Too many requests from one caller or one address: 429 problem+json with Retry-After."""

import pytest

from bahi.api.throttles import THROTTLES, AddressThrottle, CallerThrottle
from bahi.identity.api_keys import create_api_key

pytestmark = pytest.mark.django_db
API = "/api/v1"


@pytest.fixture
def limit(monkeypatch):
    def set_limit(kind, requests):
        for throttle in THROTTLES:
            if isinstance(throttle, kind):
                monkeypatch.setattr(throttle, "num_requests", requests)

    return set_limit


def test_a_signed_in_caller_over_the_limit_gets_429_with_retry_after(client, admin_user, limit):
    limit(CallerThrottle, 3)
    client.force_login(admin_user)
    statuses = [client.get(f"{API}/companies").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = client.get(f"{API}/companies")
    assert response["Content-Type"].startswith("application/problem+json")
    assert response.json()["status"] == 429
    assert 1 <= int(response["Retry-After"]) <= 60


def test_each_api_key_has_its_own_budget(client, company, admin_user, limit):
    limit(CallerThrottle, 2)
    first, second = (
        create_api_key(company=company, actor=admin_user, name=name, role="viewer").secret
        for name in ("a", "b")
    )

    def get(secret):
        return client.get(f"{API}/companies", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code

    assert [get(first), get(first), get(first)] == [200, 200, 429]
    assert get(second) == 200


def test_one_address_shares_one_budget_across_keys(client, company, admin_user, limit):
    limit(AddressThrottle, 2)
    secrets = [
        create_api_key(company=company, actor=admin_user, name=name, role="viewer").secret
        for name in ("a", "b", "c")
    ]
    statuses = [
        client.get(f"{API}/companies", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code
        for secret in secrets
    ]
    assert statuses == [200, 200, 429]
