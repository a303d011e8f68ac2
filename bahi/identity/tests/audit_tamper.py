"""What an attacker with write access to the database can do to the audit tables, as raw SQL."""

from datetime import UTC, datetime
from typing import Any

from django.db import connection

SQLITE_GUARDS = (
    "identity_audit_no_update",
    "identity_audit_no_delete",
    "identity_audithead_update",
    "identity_audithead_no_delete",
)


def drop_guards() -> None:
    """Remove the triggers (inside the test's transaction, so they come back afterwards)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for name in SQLITE_GUARDS:
                cursor.execute(f"DROP TRIGGER {name}")
        else:
            cursor.execute("DROP TRIGGER identity_audit_immutable ON identity_auditrecord")
            cursor.execute("DROP TRIGGER identity_audithead_guard ON identity_auditchainhead")


def sql(statement: str, params: list[Any]) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def set_column(company_id: int, sequence: int, column: str, value: Any) -> None:
    sql(
        f"UPDATE identity_auditrecord SET {column} = %s WHERE company_id = %s AND sequence = %s",
        [value, company_id, sequence],
    )


def delete_from(company_id: int, first: int, last: int) -> None:
    sql(
        "DELETE FROM identity_auditrecord WHERE company_id = %s AND sequence BETWEEN %s AND %s",
        [company_id, first, last],
    )


def insert_forged(company_id: int, sequence: int, previous_hash: str, record_hash: str) -> None:
    stamp = connection.ops.adapt_datetimefield_value(datetime(2025, 1, 1, tzinfo=UTC))
    sql(
        "INSERT INTO identity_auditrecord (company_id, sequence, recorded_at, actor_id, actor_ip,"
        " action, object_type, object_id, before, after, previous_hash, record_hash)"
        " VALUES (%s, %s, %s, NULL, '', 'delete', 'ledger.journalentry', '1', NULL, NULL, %s, %s)",
        [company_id, sequence, stamp, previous_hash, record_hash],
    )


def swap(company_id: int, first: int, second: int) -> None:
    """Exchange two records' places in the chain."""
    parking = 10**12
    set_column(company_id, first, "sequence", parking)
    set_column(company_id, second, "sequence", first)
    set_column(company_id, parking, "sequence", second)


def set_head(company_id: int, sequence: int, record_hash: str) -> None:
    sql(
        "UPDATE identity_auditchainhead SET sequence = %s, record_hash = %s WHERE company_id = %s",
        [sequence, record_hash, company_id],
    )
