"""The shared cache production uses for sign-in limits: Redis, from REDIS_URL."""

import os
import uuid

import pytest
from django.core.cache.backends.redis import RedisCache

from config.settings.base import cache_config

REDIS_URL = os.environ.get("REDIS_URL")
pytestmark = pytest.mark.skipif(
    not REDIS_URL and not os.environ.get("BAHI_REQUIRE_SERVICES"),
    reason="REDIS_URL is not set (CI sets it and requires Redis)",
)


def test_redis_url_gives_a_working_shared_cache(monkeypatch):
    assert REDIS_URL, "CI must provide REDIS_URL"
    monkeypatch.setenv("REDIS_URL", REDIS_URL)
    config = cache_config()
    assert config["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    cache = RedisCache(str(config["LOCATION"]), {"KEY_PREFIX": f"bahi-test-{uuid.uuid4()}"})
    cache.set("failures", 1, timeout=30)
    assert cache.incr("failures") == 2
    cache.delete("failures")
