import base64
import os

from .base import *  # noqa: F403
from .base import DATABASES

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
if DATABASES["default"]["ENGINE"] == "bahi.core.sqlite_backend":
    # In-memory test database: fast, and each xdist worker gets its own.
    DATABASES["default"]["TEST"] = {"NAME": ":memory:"}
else:
    # Tests that commit (transactional_db) are cleaned up with TRUNCATE, which the audit trail's
    # guard refuses unless the connection says it is a test's.
    options = DATABASES["default"].setdefault("OPTIONS", {})
    assert isinstance(options, dict)  # noqa: S101
    options["options"] = "-c bahi.allow_truncate=on"

# A fixed keyring, so no test writes a key file into the data directory.
_TEST_KEY = base64.b64encode(b"bahi-test-key-not-a-secret-32byt").decode()
os.environ.setdefault("BAHI_ENCRYPTION_KEYS", f"test1:{_TEST_KEY}")

# Each test process counts sign-in failures in its own memory: a shared Redis would mix the
# counters of parallel workers. The Redis cache itself is tested in bahi/web/tests/test_cache.py.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Jobs run inline in tests unless a test starts a real consumer.
HUEY = {"huey_class": "huey.MemoryHuey", "name": "bahi-test", "immediate": True}
