from .base import *  # noqa: F403
from .base import DATABASES

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # In-memory test database: fast, and each xdist worker gets its own.
    DATABASES["default"]["TEST"] = {"NAME": ":memory:"}
