"""The database's own guard over the audit trail, on SQLite and PostgreSQL alike.

- An audit record can never be updated or deleted.
- A company's chain head is never deleted, starts empty, moves only forward, and only to a record
  of that company with that sequence and hash.
"""

from django.db import migrations

from bahi.core.migration_sql import run_sql_by_vendor

SQLITE = [
    """
    CREATE TRIGGER identity_audit_no_update BEFORE UPDATE ON identity_auditrecord
    BEGIN SELECT RAISE(ABORT, 'audit records cannot be changed'); END
    """,
    """
    CREATE TRIGGER identity_audit_no_delete BEFORE DELETE ON identity_auditrecord
    BEGIN SELECT RAISE(ABORT, 'audit records cannot be deleted'); END
    """,
    """
    CREATE TRIGGER identity_audithead_insert BEFORE INSERT ON identity_auditchainhead
    WHEN NEW.sequence <> 0 OR NEW.record_hash <> ''
    BEGIN SELECT RAISE(ABORT, 'an audit chain head starts empty'); END
    """,
    """
    CREATE TRIGGER identity_audithead_update BEFORE UPDATE ON identity_auditchainhead
    WHEN NEW.company_id <> OLD.company_id OR NEW.sequence < OLD.sequence
      OR NOT EXISTS (SELECT 1 FROM identity_auditrecord AS r
                     WHERE r.company_id = NEW.company_id AND r.sequence = NEW.sequence
                       AND r.record_hash = NEW.record_hash)
    BEGIN SELECT RAISE(ABORT, 'an audit chain head moves only forward, to a recorded change'); END
    """,
    """
    CREATE TRIGGER identity_audithead_no_delete BEFORE DELETE ON identity_auditchainhead
    BEGIN SELECT RAISE(ABORT, 'an audit chain head cannot be deleted'); END
    """,
]

SQLITE_REVERSE = [
    f"DROP TRIGGER IF EXISTS {name}"
    for name in (
        "identity_audit_no_update",
        "identity_audit_no_delete",
        "identity_audithead_insert",
        "identity_audithead_update",
        "identity_audithead_no_delete",
    )
]

# SQLSTATE 23514 (check_violation), so Django raises IntegrityError as it does for SQLite.
POSTGRESQL = [
    """
    CREATE FUNCTION identity_audit_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'audit records cannot be changed or deleted' USING ERRCODE = '23514';
    END $$
    """,
    """
    CREATE TRIGGER identity_audit_immutable BEFORE UPDATE OR DELETE ON identity_auditrecord
    FOR EACH ROW EXECUTE FUNCTION identity_audit_immutable()
    """,
    """
    CREATE FUNCTION identity_audithead_guard() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'an audit chain head cannot be deleted' USING ERRCODE = '23514';
      END IF;
      IF TG_OP = 'INSERT' THEN
        IF NEW.sequence <> 0 OR NEW.record_hash <> '' THEN
          RAISE EXCEPTION 'an audit chain head starts empty' USING ERRCODE = '23514';
        END IF;
        RETURN NEW;
      END IF;
      IF NEW.company_id <> OLD.company_id OR NEW.sequence < OLD.sequence
         OR NOT EXISTS (SELECT 1 FROM identity_auditrecord AS r
                        WHERE r.company_id = NEW.company_id AND r.sequence = NEW.sequence
                          AND r.record_hash = NEW.record_hash) THEN
        RAISE EXCEPTION 'an audit chain head moves only forward, to a recorded change'
          USING ERRCODE = '23514';
      END IF;
      RETURN NEW;
    END $$
    """,
    """
    CREATE TRIGGER identity_audithead_guard BEFORE INSERT OR UPDATE OR DELETE
    ON identity_auditchainhead FOR EACH ROW EXECUTE FUNCTION identity_audithead_guard()
    """,
    # TRUNCATE bypasses row triggers: refuse it on the records (the head keeps them anyway).
    # Test databases are emptied between tests with TRUNCATE: their connections, and only theirs,
    # set bahi.allow_truncate (config/settings/test.py).
    """
    CREATE FUNCTION identity_audit_no_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF current_setting('bahi.allow_truncate', true) = 'on' THEN
        RETURN NULL;
      END IF;
      RAISE EXCEPTION 'audit records cannot be truncated' USING ERRCODE = '23514';
    END $$
    """,
    """
    CREATE TRIGGER identity_audit_no_truncate BEFORE TRUNCATE ON identity_auditrecord
    FOR EACH STATEMENT EXECUTE FUNCTION identity_audit_no_truncate()
    """,
]

POSTGRESQL_REVERSE = [
    "DROP TRIGGER IF EXISTS identity_audit_no_truncate ON identity_auditrecord",
    "DROP FUNCTION IF EXISTS identity_audit_no_truncate()",
    "DROP TRIGGER IF EXISTS identity_audithead_guard ON identity_auditchainhead",
    "DROP FUNCTION IF EXISTS identity_audithead_guard()",
    "DROP TRIGGER IF EXISTS identity_audit_immutable ON identity_auditrecord",
    "DROP FUNCTION IF EXISTS identity_audit_immutable()",
]


class Migration(migrations.Migration):
    dependencies = [("identity", "0002_audit_trail_and_secrets")]

    operations = [
        run_sql_by_vendor(
            {"sqlite": SQLITE, "postgresql": POSTGRESQL},
            {"sqlite": SQLITE_REVERSE, "postgresql": POSTGRESQL_REVERSE},
        ),
    ]
