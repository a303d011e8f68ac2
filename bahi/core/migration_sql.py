"""Raw SQL in migrations that differs by database (triggers, guards): one operation for both."""

from collections.abc import Mapping, Sequence
from typing import Any

from django.db import migrations


def _runner(statements_by_vendor: Mapping[str, Sequence[str]]) -> Any:
    def run(apps: Any, schema_editor: Any) -> None:
        vendor = schema_editor.connection.vendor
        if vendor not in statements_by_vendor:
            raise RuntimeError(f"Bahi supports SQLite and PostgreSQL, not {vendor}")
        for statement in statements_by_vendor[vendor]:
            schema_editor.execute(statement)

    return run


def run_sql_by_vendor(
    forward: Mapping[str, Sequence[str]], reverse: Mapping[str, Sequence[str]]
) -> migrations.RunPython:
    """A RunPython that executes the statements written for the connection's database."""
    return migrations.RunPython(_runner(forward), _runner(reverse))


def plan_per_call(*functions: str) -> migrations.RunPython:
    """PostgreSQL plans these trigger functions' queries at each call instead of caching a
    generic plan per connection, which goes stale as the tables grow (SQLite: nothing to do)."""
    return run_sql_by_vendor(
        {
            "sqlite": [],
            "postgresql": [
                f"ALTER FUNCTION {name}() SET plan_cache_mode = force_custom_plan"
                for name in functions
            ],
        },
        {
            "sqlite": [],
            "postgresql": [f"ALTER FUNCTION {name}() RESET plan_cache_mode" for name in functions],
        },
    )
