"""Bulk posting writes each entry once: its lines first, then the entry itself as posted.

Until now an entry could only be inserted as a draft and posted by an UPDATE of its status. For
an import that doubles the writes of every entry (on PostgreSQL the UPDATE writes a new version
of the row, its index entries and, for rows of the same transaction, re-runs every foreign key
check). Now an entry may also be inserted already posted, and the database then applies at that
INSERT exactly the checks and the period totals of a posting (migrations/0002): the lines must
already be there, balance, belong to the entry's company and date, and so on. Lines cannot be
added to a posted entry afterwards (unchanged), so "posted" still means "checked when it became
posted" whichever way it got there. Any status other than draft or posted is refused.

PostgreSQL's posting check also reads the lines of the newly posted entries once instead of
twice (counts, sums and every per-line rule in one pass).
"""

from importlib import import_module

from django.db import migrations

from bahi.core.migration_sql import run_sql_by_vendor

previous = import_module("bahi.ledger.migrations.0002_ledger_triggers")

# --- SQLite: per-row triggers ----------------------------------------------------------------


def _body(trigger: str) -> str:
    """The body (BEGIN ... END) of a 0002 trigger: a posting's check and totals read NEW alone,
    so the same body serves the INSERT of an entry already posted."""
    return trigger[trigger.index("BEGIN") :]


_SQLITE_CHECK = "\n    " + _body(previous.SQLITE[3])
_SQLITE_TOTALS = "\n    " + _body(previous.SQLITE[4])

SQLITE = [
    "DROP TRIGGER IF EXISTS ledger_entry_insert_as_draft",
    """
    CREATE TRIGGER ledger_entry_insert_status BEFORE INSERT ON ledger_journalentry
    WHEN NEW.status NOT IN ('draft', 'posted')
    BEGIN SELECT RAISE(ABORT, 'journal entries are inserted as drafts, or posted with their lines');
    END
    """,
    # BEFORE: an entry whose id is left to the database has no lines yet (n = 0) and is refused.
    "CREATE TRIGGER ledger_entry_insert_posted_check BEFORE INSERT ON ledger_journalentry "
    "WHEN NEW.status = 'posted'" + _SQLITE_CHECK,
    "CREATE TRIGGER ledger_entry_insert_posted_totals AFTER INSERT ON ledger_journalentry "
    "WHEN NEW.status = 'posted'" + _SQLITE_TOTALS,
]

SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS ledger_entry_insert_posted_totals",
    "DROP TRIGGER IF EXISTS ledger_entry_insert_posted_check",
    "DROP TRIGGER IF EXISTS ledger_entry_insert_status",
    previous.SQLITE[0],
]

# --- PostgreSQL: statement-level triggers over the transition tables -------------------------

_PG_ERROR = "USING ERRCODE = '23514'"


def _pg_posting(table: str) -> str:
    """Checks and period totals for the rows of `table` that are posted (see 0002 for why the
    LATERAL subqueries end in OFFSET 0)."""
    newly_posted = f"(SELECT * FROM {table} WHERE status = 'posted') AS e"
    lines = (
        "LEFT JOIN LATERAL (SELECT l.* FROM ledger_journalline AS l "
        "WHERE l.entry_id = e.id OFFSET 0) AS l ON true"
    )
    return f"""
      IF NOT EXISTS (SELECT 1 FROM {table} WHERE status = 'posted') THEN
        RETURN NULL;
      END IF;
      SELECT coalesce(bool_or(n < 2 OR dr <> cr OR dr <> total_paise), false),
             coalesce(bool_or(bad), false)
        INTO unbalanced, bad_line
      FROM (
        SELECT e.total_paise, count(l.id) AS n, coalesce(sum(l.debit_paise), 0) AS dr,
               coalesce(sum(l.credit_paise), 0) AS cr,
               coalesce(bool_or(a.id IS NULL OR l.company_id <> e.company_id
                                OR a.company_id <> e.company_id OR a.is_group
                                OR l.entry_date <> e.entry_date
                                OR (p.id IS NOT NULL AND p.company_id <> e.company_id)),
                        false) AS bad
        FROM {newly_posted}
        {lines}
        LEFT JOIN ledger_account AS a ON a.id = l.account_id
        LEFT JOIN ledger_party AS p ON p.id = l.party_id
        GROUP BY e.id, e.total_paise
      ) AS s;
      IF unbalanced THEN
        RAISE EXCEPTION 'unbalanced journal entry: debits must equal credits and the total'
          {_PG_ERROR};
      END IF;
      IF bad_line THEN
        RAISE EXCEPTION 'a journal line is of another company or date, or on a group account'
          {_PG_ERROR};
      END IF;
      IF EXISTS (
        SELECT 1 FROM {newly_posted}
        WHERE e.reverses_id IS NOT NULL AND NOT EXISTS (
          SELECT 1 FROM ledger_journalentry AS r WHERE r.id = e.reverses_id
            AND r.company_id = e.company_id AND r.status = 'posted')
      ) THEN
        RAISE EXCEPTION 'a reversal must reverse a posted entry of the same company'
          {_PG_ERROR};
      END IF;
      IF EXISTS (
        SELECT 1 FROM {newly_posted}
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
      FROM {newly_posted}
      CROSS JOIN LATERAL (
        SELECT l.* FROM ledger_journalline AS l WHERE l.entry_id = e.id OFFSET 0
      ) AS l
      CROSS JOIN (VALUES ('D'), ('M')) AS g(grain)
      GROUP BY 1, 2, 3, 4
      ON CONFLICT (company_id, account_id, grain, period_start) DO UPDATE SET
        debit_paise = ledger_accountperiodtotal.debit_paise + EXCLUDED.debit_paise,
        credit_paise = ledger_accountperiodtotal.credit_paise + EXCLUDED.credit_paise;
      RETURN NULL;
    """


POSTGRESQL = [
    f"""
    CREATE OR REPLACE FUNCTION ledger_entry_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE unbalanced boolean; bad_line boolean;
    BEGIN
      IF EXISTS (SELECT 1 FROM inserted_entries WHERE status NOT IN ('draft', 'posted')) THEN
        RAISE EXCEPTION 'journal entries are inserted as drafts, or posted with their lines'
          {_PG_ERROR};
      END IF;
      {_pg_posting("inserted_entries")}
    END $$
    """,
    f"""
    CREATE OR REPLACE FUNCTION ledger_entry_updated() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE unbalanced boolean; bad_line boolean;
    BEGIN
      IF EXISTS (SELECT 1 FROM posted_old WHERE status = 'posted') THEN
        RAISE EXCEPTION 'a posted journal entry cannot be changed: post a reversal' {_PG_ERROR};
      END IF;
      {_pg_posting("posted_new")}
    END $$
    """,
]

POSTGRESQL_REVERSE = [
    statement.replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION")
    for statement in previous.POSTGRESQL
    if "CREATE FUNCTION ledger_entry_inserted()" in statement
    or "CREATE FUNCTION ledger_entry_updated()" in statement
]


class Migration(migrations.Migration):
    dependencies = [("ledger", "0003_pan_encrypted")]

    operations = [
        run_sql_by_vendor(
            {"sqlite": SQLITE, "postgresql": POSTGRESQL},
            {"sqlite": SQLITE_REVERSE, "postgresql": POSTGRESQL_REVERSE},
        ),
    ]
