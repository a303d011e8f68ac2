"""Fresh, throw-away databases for one benchmark run, with Bahi's real settings.

SQLite: a file in a temporary directory, opened by Bahi's own settings (WAL, synchronous=FULL,
BEGIN IMMEDIATE). PostgreSQL: a dedicated database dropped and created from BENCH_POSTGRES_URL
(default postgres://postgres@127.0.0.1:5432/bahi_bench).
"""

import os
import shutil
import tempfile
from urllib.parse import urlsplit, urlunsplit

DEFAULT_POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/bahi_bench"


def postgres_url() -> str:
    return os.environ.get("BENCH_POSTGRES_URL", DEFAULT_POSTGRES_URL)


def _admin_url(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    return urlunsplit(parts._replace(path="/postgres")), name


def recreate_postgres(url: str) -> None:
    import psycopg
    from psycopg import sql

    admin, name = _admin_url(url)
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def drop_postgres(url: str) -> None:
    import psycopg
    from psycopg import sql

    admin, name = _admin_url(url)
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


def postgres_available(url: str) -> str | None:
    """None when PostgreSQL answers, else the reason it does not."""
    try:
        import psycopg

        admin, _ = _admin_url(url)
        with psycopg.connect(admin, connect_timeout=3):
            return None
    except Exception as error:  # noqa: BLE001  (any failure means: skip PostgreSQL)
        return str(error).strip().splitlines()[0]


class Database:
    """Environment for a worker process: DATABASE_URL / BAHI_DATA_DIR, created and removed."""

    def __init__(self, vendor: str) -> None:
        self.vendor = vendor
        self.data_dir = tempfile.mkdtemp(prefix=f"bahi-bench-{vendor}-")
        self.url = postgres_url() if vendor == "postgresql" else None

    def __enter__(self) -> "Database":
        if self.url:
            recreate_postgres(self.url)
        return self

    def __exit__(self, *exc: object) -> None:
        if self.url:
            drop_postgres(self.url)
        shutil.rmtree(self.data_dir, ignore_errors=True)

    def environment(self) -> dict[str, str]:
        env = dict(os.environ)
        # prod: DEBUG off, as users run it (DEBUG wraps every cursor to log its SQL).
        env["DJANGO_SETTINGS_MODULE"] = "config.settings.prod"
        env["BAHI_DATA_DIR"] = self.data_dir
        env["SECRET_KEY"] = "bench-only-not-secret"  # noqa: S105
        env.pop("DATABASE_URL", None)
        if self.url:
            env["DATABASE_URL"] = self.url
        return env
