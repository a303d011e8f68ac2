"""On PostgreSQL every Bahi trigger function plans its queries per call (identity 0009, ledger
0006): a plan cached while a table was small made each write slower as the books grew."""

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


def test_every_trigger_function_is_planned_per_call():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite plans trigger statements when they run")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT p.proname, coalesce(p.proconfig, '{}') FROM pg_proc AS p "
            "JOIN pg_namespace AS n ON n.oid = p.pronamespace "
            "JOIN pg_language AS l ON l.oid = p.prolang "
            "WHERE n.nspname = current_schema() AND l.lanname = 'plpgsql'"
        )
        functions = dict(cursor.fetchall())
    assert {"identity_audithead_guard", "ledger_entry_updated", "ledger_line_inserted"} <= set(
        functions
    )
    unplanned = [
        name
        for name, config in functions.items()
        if "plan_cache_mode=force_custom_plan" not in config
    ]
    assert unplanned == []
