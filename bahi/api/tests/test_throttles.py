"""Too many requests from one caller or one address: 429 problem+json with Retry-After."""

import os
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.cache.backends.redis import RedisCache

from bahi.api import throttles
from bahi.api.throttles import THROTTLES, AddressThrottle, CallerThrottle, parse_rate
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
    # within this minute and a third of the next: until then the three still weigh too much
    assert 1 <= int(response["Retry-After"]) <= 60 + 20


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


class Clock:
    def __init__(self, now):
        self.now = now

    def __call__(self):
        return self.now


class FakeRequest:
    def __init__(self, address):
        self.META = {"REMOTE_ADDR": address}


@pytest.fixture
def windowed(monkeypatch):
    """An address throttle of 10 a minute on a clock the test moves, starting on a window edge."""
    clock = Clock(600_000.0)
    throttle = AddressThrottle("10/min")
    monkeypatch.setattr(throttle, "timer", clock)
    return throttle, clock


def allowed(throttle, count, address="10.0.0.1"):
    return [throttle.allow_request(FakeRequest(address)) for _ in range(count)]


def test_rates_are_read_as_requests_per_period():
    assert parse_rate("600/min") == (600, 60)
    assert parse_rate("5/s") == (5, 1)
    assert parse_rate("100/hour") == (100, 3600)
    assert parse_rate("1000/day") == (1000, 86400)
    for bad in ("600", "x/min", "10/fortnight", "-1/min"):
        with pytest.raises(ValueError, match="not a rate"):
            parse_rate(bad)


def test_refused_requests_do_not_use_up_the_budget(windowed):
    throttle, clock = windowed
    assert allowed(throttle, 10) == [True] * 10
    assert allowed(throttle, 50) == [False] * 50  # a client hammering on does not dig deeper
    clock.now += 60 + 30  # half way through the next window: half the ten still count
    assert allowed(throttle, 6) == [True] * 5 + [False]


def test_the_previous_window_counts_by_how_much_of_it_is_still_in_view(windowed):
    throttle, clock = windowed
    clock.now += 50
    assert allowed(throttle, 10) == [True] * 10  # a burst late in one window...
    clock.now += 15  # ...5 s into the next, 55/60 of it is still in view: 9.17 of 10 used
    assert allowed(throttle, 1) == [False]
    clock.now += 45  # 50 s in: 10/60 of the burst, 1.67, is left
    assert allowed(throttle, 9) == [True] * 8 + [False]


def test_retry_after_is_when_one_more_request_fits(windowed):
    throttle, clock = windowed
    clock.now += 50
    allowed(throttle, 10)
    clock.now += 15
    assert allowed(throttle, 1) == [False]
    # 10 earlier requests; one more fits when no more than 9 are in view: 6 s into the window
    assert throttle.wait() == 1
    clock.now += 1
    assert allowed(throttle, 1) == [True]
    assert allowed(throttle, 1) == [False]
    # now 10 * covered + 1 must be <= 9: covered <= 0.8, 12 s in, 6 s from now
    assert throttle.wait() == 6
    clock.now += 6
    assert allowed(throttle, 1) == [True]


def test_a_window_full_on_its_own_waits_for_the_next_window_and_some(windowed):
    throttle, clock = windowed
    clock.now += 20
    allowed(throttle, 10)
    assert allowed(throttle, 1) == [False]
    # 40 s to the window's end, then 1/10 of the next window (6 s) before 10 * 0.9 + 1 fits
    assert throttle.wait() == 46
    clock.now += 46
    assert allowed(throttle, 2) == [True, False]


def test_addresses_are_counted_apart(windowed):
    throttle, _ = windowed
    assert allowed(throttle, 11, "10.0.0.1") == [True] * 10 + [False]
    assert allowed(throttle, 1, "10.0.0.2") == [True]


def test_counts_live_in_the_shared_cache_so_every_worker_sees_them(windowed):
    throttle, clock = windowed
    other_worker = AddressThrottle("10/min")
    other_worker.timer = clock
    assert allowed(throttle, 6) == [True] * 6
    assert allowed(other_worker, 5) == [True] * 4 + [False]


@pytest.mark.skipif(
    not os.environ.get("REDIS_URL") and not os.environ.get("BAHI_REQUIRE_SERVICES"),
    reason="REDIS_URL is not set (CI sets it and requires Redis)",
)
def test_on_redis_two_workers_share_one_count_without_losing_requests(monkeypatch):
    """Production's cache: eight threads standing for workers, 25 requests each, a limit of 150.
    Exactly 150 get through: no increment is lost, no refused request counts."""
    url = os.environ.get("REDIS_URL")
    assert url, "CI must provide REDIS_URL"
    shared = RedisCache(url, {"KEY_PREFIX": f"bahi-test-{uuid.uuid4()}"})
    monkeypatch.setattr(throttles.WindowThrottle, "cache", shared)
    clock = Clock(600_000.0)
    workers = [AddressThrottle("150/min") for _ in range(8)]
    for worker in workers:
        worker.timer = clock
    with ThreadPoolExecutor(len(workers)) as pool:
        results = list(pool.map(lambda worker: allowed(worker, 25), workers))
    assert sum(sum(result) for result in results) == 150
    shared.delete_many([f"throttle:address:10.0.0.1:{window}" for window in (9999, 10000)])
