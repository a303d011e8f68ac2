"""The database's own guard over the books, on SQLite and PostgreSQL alike.

- An entry is inserted as a draft; it becomes posted by an UPDATE of its status, and only if its
  lines balance (debits = credits = the entry total, at least two lines), all belong to the entry's
  company and date, none is on a group account, and the date is inside the books and after the
  lock date.
- A posted entry, and every line of it, can never be updated or deleted; no line can be added to it.
- Posting adds the entry's lines to the per-account day and month totals in the same statement.
"""

from django.db import migrations

from bahi.core.migration_sql import run_sql_by_vendor

SQLITE = [
    """
    CREATE TRIGGER ledger_entry_insert_as_draft BEFORE INSERT ON ledger_journalentry
    WHEN NEW.status <> 'draft'
    BEGIN SELECT RAISE(ABORT, 'journal entries are inserted as drafts and then posted'); END
    """,
    """
    CREATE TRIGGER ledger_entry_posted_immutable BEFORE UPDATE ON ledger_journalentry
    WHEN OLD.status = 'posted'
    BEGIN SELECT RAISE(ABORT, 'a posted journal entry cannot be changed: post a reversal'); END
    """,
    """
    CREATE TRIGGER ledger_entry_posted_undeletable BEFORE DELETE ON ledger_journalentry
    WHEN OLD.status = 'posted'
    BEGIN SELECT RAISE(ABORT, 'a posted journal entry cannot be deleted: post a reversal'); END
    """,
    """
    CREATE TRIGGER ledger_entry_post_check BEFORE UPDATE OF status ON ledger_journalentry
    WHEN OLD.status = 'draft' AND NEW.status = 'posted'
    BEGIN
      -- One pass over the entry's lines checks every rule (this runs for every posting).
      SELECT CASE
        WHEN s.n < 2 OR s.dr <> s.cr OR s.dr <> NEW.total_paise THEN
          RAISE(ABORT, 'unbalanced journal entry: debits must equal credits and the total')
        WHEN s.bad THEN
          RAISE(ABORT, 'a journal line is of another company or date, or on a group account')
        WHEN NEW.reverses_id IS NOT NULL AND NOT EXISTS (
            SELECT 1 FROM ledger_journalentry AS r WHERE r.id = NEW.reverses_id
              AND r.company_id = NEW.company_id AND r.status = 'posted') THEN
          RAISE(ABORT, 'a reversal must reverse a posted entry of the same company')
        WHEN NEW.entry_date < c.books_begin_date
             OR NEW.entry_date <= coalesce(c.lock_date, '0001-01-01') THEN
          RAISE(ABORT, 'entry date is before the books begin or on or before the lock date')
      END
      FROM (
        SELECT count(*) AS n, coalesce(sum(l.debit_paise), 0) AS dr,
               coalesce(sum(l.credit_paise), 0) AS cr,
               coalesce(max(l.company_id <> NEW.company_id OR a.company_id <> NEW.company_id
                            OR a.is_group OR l.entry_date <> NEW.entry_date
                            OR (p.id IS NOT NULL AND p.company_id <> NEW.company_id)), 0) AS bad
        FROM ledger_journalline AS l
        JOIN ledger_account AS a ON a.id = l.account_id
        LEFT JOIN ledger_party AS p ON p.id = l.party_id
        WHERE l.entry_id = NEW.id
      ) AS s, identity_company AS c
      WHERE c.id = NEW.company_id;
    END
    """,
    """
    CREATE TRIGGER ledger_entry_post_totals AFTER UPDATE OF status ON ledger_journalentry
    WHEN OLD.status = 'draft' AND NEW.status = 'posted'
    BEGIN
      INSERT INTO ledger_accountperiodtotal
             (company_id, account_id, grain, period_start, debit_paise, credit_paise)
      SELECT NEW.company_id, l.account_id, g.grain,
             CASE g.grain WHEN 'D' THEN NEW.entry_date
                          ELSE date(NEW.entry_date, 'start of month') END,
             sum(l.debit_paise), sum(l.credit_paise)
      FROM ledger_journalline AS l, (SELECT 'D' AS grain UNION ALL SELECT 'M') AS g
      WHERE l.entry_id = NEW.id
      GROUP BY l.account_id, g.grain
      ON CONFLICT (company_id, account_id, grain, period_start) DO UPDATE SET
        debit_paise = debit_paise + excluded.debit_paise,
        credit_paise = credit_paise + excluded.credit_paise;
    END
    """,
    """
    CREATE TRIGGER ledger_line_insert_guard BEFORE INSERT ON ledger_journalline
    WHEN (SELECT status FROM ledger_journalentry WHERE id = NEW.entry_id) = 'posted'
    BEGIN SELECT RAISE(ABORT, 'lines cannot be added to a posted journal entry'); END
    """,
    """
    CREATE TRIGGER ledger_line_update_guard BEFORE UPDATE ON ledger_journalline
    WHEN (SELECT status FROM ledger_journalentry WHERE id = OLD.entry_id) = 'posted'
      OR (SELECT status FROM ledger_journalentry WHERE id = NEW.entry_id) = 'posted'
    BEGIN SELECT RAISE(ABORT, 'a line of a posted journal entry cannot be changed'); END
    """,
    """
    CREATE TRIGGER ledger_line_delete_guard BEFORE DELETE ON ledger_journalline
    WHEN (SELECT status FROM ledger_journalentry WHERE id = OLD.entry_id) = 'posted'
    BEGIN SELECT RAISE(ABORT, 'a line of a posted journal entry cannot be deleted'); END
    """,
]

SQLITE_REVERSE = [
    f"DROP TRIGGER IF EXISTS {name}"
    for name in (
        "ledger_entry_insert_as_draft",
        "ledger_entry_posted_immutable",
        "ledger_entry_posted_undeletable",
        "ledger_entry_post_check",
        "ledger_entry_post_totals",
        "ledger_line_insert_guard",
        "ledger_line_update_guard",
        "ledger_line_delete_guard",
    )
]

# PostgreSQL: errors use SQLSTATE 23514 (check_violation) so Django raises IntegrityError, as it
# does for SQLite's RAISE(ABORT). Every guard is a statement-level trigger over the transition
# tables, so a bulk INSERT, COPY or UPDATE of thousands of rows is checked in one set-based pass
# instead of one PL/pgSQL call per row.
_PG_ERROR = "USING ERRCODE = '23514'"
# The entries this UPDATE statement moved from draft to posted: once the trigger has refused any
# change to an entry that was already posted, every posted row of the new table is newly posted
# (no join of the two transition tables, which have no indexes). The LATERAL subqueries end in
# OFFSET 0 so the planner cannot flatten them into a join: inside a large import the table's
# statistics are stale and it would choose to scan every line for every batch.
_NEWLY_POSTED = "(SELECT * FROM posted_new WHERE status = 'posted') AS e"

POSTGRESQL = [
    f"""
    CREATE FUNCTION ledger_entry_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF EXISTS (SELECT 1 FROM inserted_entries WHERE status <> 'draft') THEN
        RAISE EXCEPTION 'journal entries are inserted as drafts and then posted' {_PG_ERROR};
      END IF;
      RETURN NULL;
    END $$
    """,
    """
    CREATE TRIGGER ledger_entry_inserted AFTER INSERT ON ledger_journalentry
    REFERENCING NEW TABLE AS inserted_entries
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_entry_inserted()
    """,
    f"""
    CREATE FUNCTION ledger_entry_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF EXISTS (SELECT 1 FROM deleted_entries WHERE status = 'posted') THEN
        RAISE EXCEPTION 'a posted journal entry cannot be deleted: post a reversal' {_PG_ERROR};
      END IF;
      RETURN NULL;
    END $$
    """,
    """
    CREATE TRIGGER ledger_entry_deleted AFTER DELETE ON ledger_journalentry
    REFERENCING OLD TABLE AS deleted_entries
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_entry_deleted()
    """,
    f"""
    CREATE FUNCTION ledger_entry_updated() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF EXISTS (SELECT 1 FROM posted_old WHERE status = 'posted') THEN
        RAISE EXCEPTION 'a posted journal entry cannot be changed: post a reversal' {_PG_ERROR};
      END IF;
      IF NOT EXISTS (SELECT 1 FROM {_NEWLY_POSTED}) THEN
        RETURN NULL;
      END IF;
      IF EXISTS (
        SELECT 1 FROM {_NEWLY_POSTED}
        LEFT JOIN LATERAL (
          SELECT count(*) AS n, coalesce(sum(debit_paise), 0) AS dr,
                 coalesce(sum(credit_paise), 0) AS cr
          FROM ledger_journalline WHERE entry_id = e.id
        ) AS s ON true
        WHERE s.n < 2 OR s.dr <> s.cr OR s.dr <> e.total_paise
      ) THEN
        RAISE EXCEPTION 'unbalanced journal entry: debits must equal credits and the total'
          {_PG_ERROR};
      END IF;
      IF EXISTS (
        SELECT 1 FROM {_NEWLY_POSTED}
        CROSS JOIN LATERAL (
          SELECT l.* FROM ledger_journalline AS l WHERE l.entry_id = e.id OFFSET 0
        ) AS l
        JOIN ledger_account AS a ON a.id = l.account_id
        LEFT JOIN ledger_party AS p ON p.id = l.party_id
        WHERE l.company_id <> e.company_id OR a.company_id <> e.company_id OR a.is_group
           OR l.entry_date <> e.entry_date
           OR (p.id IS NOT NULL AND p.company_id <> e.company_id)
      ) THEN
        RAISE EXCEPTION 'a journal line is of another company or date, or on a group account'
          {_PG_ERROR};
      END IF;
      IF EXISTS (
        SELECT 1 FROM {_NEWLY_POSTED}
        WHERE e.reverses_id IS NOT NULL AND NOT EXISTS (
          SELECT 1 FROM ledger_journalentry AS r WHERE r.id = e.reverses_id
            AND r.company_id = e.company_id AND r.status = 'posted')
      ) THEN
        RAISE EXCEPTION 'a reversal must reverse a posted entry of the same company'
          {_PG_ERROR};
      END IF;
      IF EXISTS (
        SELECT 1 FROM {_NEWLY_POSTED}
        JOIN identity_company AS c ON c.id = e.company_id
        WHERE e.entry_date < c.books_begin_date
           OR e.entry_date <= coalesce(c.lock_date, DATE '0001-01-01')
      ) THEN
        RAISE EXCEPTION 'entry date is before the books begin or on or before the lock date'
          {_PG_ERROR};
      END IF;
      INSERT INTO ledger_accountperiodtotal
             (company_id, account_id, grain, period_start, debit_paise, credit_paise)
      SELECT l.company_id, l.account_id, g.grain,
             CASE g.grain WHEN 'D' THEN l.entry_date
                          ELSE date_trunc('month', l.entry_date)::date END,
             sum(l.debit_paise), sum(l.credit_paise)
      FROM {_NEWLY_POSTED}
      CROSS JOIN LATERAL (
        SELECT l.* FROM ledger_journalline AS l WHERE l.entry_id = e.id OFFSET 0
      ) AS l
      CROSS JOIN (VALUES ('D'), ('M')) AS g(grain)
      GROUP BY 1, 2, 3, 4
      ON CONFLICT (company_id, account_id, grain, period_start) DO UPDATE SET
        debit_paise = ledger_accountperiodtotal.debit_paise + EXCLUDED.debit_paise,
        credit_paise = ledger_accountperiodtotal.credit_paise + EXCLUDED.credit_paise;
      RETURN NULL;
    END $$
    """,
    """
    CREATE TRIGGER ledger_entry_updated AFTER UPDATE ON ledger_journalentry
    REFERENCING OLD TABLE AS posted_old NEW TABLE AS posted_new
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_entry_updated()
    """,
    f"""
    CREATE FUNCTION ledger_line_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF EXISTS (SELECT 1 FROM (SELECT DISTINCT entry_id FROM inserted_lines) AS l
                 CROSS JOIN LATERAL (SELECT status FROM ledger_journalentry
                                     WHERE id = l.entry_id OFFSET 0) AS e
                 WHERE e.status = 'posted') THEN
        RAISE EXCEPTION 'lines cannot be added to a posted journal entry' {_PG_ERROR};
      END IF;
      RETURN NULL;
    END $$
    """,
    """
    CREATE TRIGGER ledger_line_inserted AFTER INSERT ON ledger_journalline
    REFERENCING NEW TABLE AS inserted_lines
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_line_inserted()
    """,
    f"""
    CREATE FUNCTION ledger_line_changed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF EXISTS (SELECT 1 FROM (SELECT DISTINCT entry_id FROM changed_lines) AS l
                 CROSS JOIN LATERAL (SELECT status FROM ledger_journalentry
                                     WHERE id = l.entry_id OFFSET 0) AS e
                 WHERE e.status = 'posted') THEN
        RAISE EXCEPTION 'a line of a posted journal entry cannot be changed or deleted'
          {_PG_ERROR};
      END IF;
      RETURN NULL;
    END $$
    """,
    """
    CREATE TRIGGER ledger_line_updated AFTER UPDATE ON ledger_journalline
    REFERENCING OLD TABLE AS changed_lines
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_line_changed()
    """,
    """
    CREATE TRIGGER ledger_line_updated_into AFTER UPDATE ON ledger_journalline
    REFERENCING NEW TABLE AS inserted_lines
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_line_inserted()
    """,
    """
    CREATE TRIGGER ledger_line_deleted AFTER DELETE ON ledger_journalline
    REFERENCING OLD TABLE AS changed_lines
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_line_changed()
    """,
]

POSTGRESQL_REVERSE = [
    "DROP TRIGGER IF EXISTS ledger_line_deleted ON ledger_journalline",
    "DROP TRIGGER IF EXISTS ledger_line_updated_into ON ledger_journalline",
    "DROP TRIGGER IF EXISTS ledger_line_updated ON ledger_journalline",
    "DROP TRIGGER IF EXISTS ledger_line_inserted ON ledger_journalline",
    "DROP FUNCTION IF EXISTS ledger_line_changed()",
    "DROP FUNCTION IF EXISTS ledger_line_inserted()",
    "DROP TRIGGER IF EXISTS ledger_entry_updated ON ledger_journalentry",
    "DROP TRIGGER IF EXISTS ledger_entry_deleted ON ledger_journalentry",
    "DROP TRIGGER IF EXISTS ledger_entry_inserted ON ledger_journalentry",
    "DROP FUNCTION IF EXISTS ledger_entry_updated()",
    "DROP FUNCTION IF EXISTS ledger_entry_deleted()",
    "DROP FUNCTION IF EXISTS ledger_entry_inserted()",
]


class Migration(migrations.Migration):
    dependencies = [("ledger", "0001_initial")]

    operations = [
        run_sql_by_vendor(
            {"sqlite": SQLITE, "postgresql": POSTGRESQL},
            {"sqlite": SQLITE_REVERSE, "postgresql": POSTGRESQL_REVERSE},
        ),
    ]
