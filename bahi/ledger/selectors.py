"""Reads of the books. Every function takes the company explicitly and filters on it."""

from dataclasses import dataclass
from datetime import date

from django.db import connection
from django.db.models import Count, Max

from bahi.core.fiscal import month_start
from bahi.identity.models import Company
from bahi.ledger.models import Account, JournalEntry


@dataclass(frozen=True)
class Movement:
    debit_paise: int
    credit_paise: int

    @property
    def net_paise(self) -> int:
        return self.debit_paise - self.credit_paise


def get_account_by_role(*, company: Company, role: str) -> Account:
    return Account.objects.get(company=company, system_role=role)


def list_accounts(*, company: Company) -> list[Account]:
    return list(Account.objects.filter(company=company).order_by("code"))


def build_balances_as_of(*, company: Company, as_of: date) -> dict[int, Movement]:
    """Posted debits and credits per account from the beginning of the books up to `as_of`.

    Reads the period totals, never the lines: whole months before `as_of`'s month, then the
    days of that month. Two index range scans, whatever the size of the books.
    """
    first_of_month = month_start(as_of)
    ops = connection.ops
    sql = (
        "SELECT account_id, SUM(debit_paise), SUM(credit_paise) FROM ("
        " SELECT account_id, debit_paise, credit_paise FROM ledger_accountperiodtotal"
        " WHERE company_id = %s AND grain = 'M' AND period_start < %s"
        " UNION ALL"
        " SELECT account_id, debit_paise, credit_paise FROM ledger_accountperiodtotal"
        " WHERE company_id = %s AND grain = 'D' AND period_start >= %s AND period_start <= %s"
        ") AS totals GROUP BY account_id"
    )
    params = [
        company.id,
        ops.adapt_datefield_value(first_of_month),
        company.id,
        ops.adapt_datefield_value(first_of_month),
        ops.adapt_datefield_value(as_of),
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {
            int(account_id): Movement(int(debit), int(credit))
            for account_id, debit, credit in cursor.fetchall()
        }


def build_movements(*, company: Company, date_from: date, date_to: date) -> dict[int, Movement]:
    """Posted debits and credits per account within [date_from, date_to]."""
    closing = build_balances_as_of(company=company, as_of=date_to)
    opening = build_balances_as_of(company=company, as_of=date_from - _ONE_DAY)
    movements = {}
    for account_id, close in closing.items():
        open_ = opening.get(account_id, Movement(0, 0))
        movement = Movement(
            close.debit_paise - open_.debit_paise, close.credit_paise - open_.credit_paise
        )
        if movement.debit_paise or movement.credit_paise:
            movements[account_id] = movement
    return movements


_ONE_DAY = date(2000, 1, 2) - date(2000, 1, 1)


# --- verification (`bahi check`) ---------------------------------------------------------------

_CHECKS = {
    "unbalanced posted entries": """
        SELECT e.id FROM ledger_journalentry e JOIN ledger_journalline l ON l.entry_id = e.id
        WHERE e.company_id = %s AND e.status = 'posted'
        GROUP BY e.id, e.total_paise
        HAVING SUM(l.debit_paise) <> SUM(l.credit_paise) OR SUM(l.debit_paise) <> e.total_paise
           OR COUNT(*) < 2
    """,
    "posted entries without lines": """
        SELECT e.id FROM ledger_journalentry e
        WHERE e.company_id = %s AND e.status = 'posted'
          AND NOT EXISTS (SELECT 1 FROM ledger_journalline l WHERE l.entry_id = e.id)
    """,
    "lines of another company or date": """
        SELECT l.id FROM ledger_journalline l
        JOIN ledger_journalentry e ON e.id = l.entry_id
        JOIN ledger_account a ON a.id = l.account_id
        WHERE e.company_id = %s AND (l.company_id <> e.company_id
              OR a.company_id <> e.company_id OR l.entry_date <> e.entry_date)
    """,
    "day totals that differ from the lines": """
        SELECT COALESCE(t.account_id, s.account_id) FROM
          (SELECT account_id, period_start AS day, debit_paise, credit_paise
           FROM ledger_accountperiodtotal WHERE company_id = %s AND grain = 'D'
             AND (debit_paise <> 0 OR credit_paise <> 0)) t
        FULL OUTER JOIN
          (SELECT l.account_id, l.entry_date AS day, SUM(l.debit_paise) AS debit_paise,
                  SUM(l.credit_paise) AS credit_paise
           FROM ledger_journalline l JOIN ledger_journalentry e ON e.id = l.entry_id
           WHERE l.company_id = %s AND e.status = 'posted' GROUP BY l.account_id, l.entry_date) s
        ON s.account_id = t.account_id AND s.day = t.day
        WHERE t.account_id IS NULL OR s.account_id IS NULL
           OR t.debit_paise <> s.debit_paise OR t.credit_paise <> s.credit_paise
    """,
    "month totals that differ from the day totals": """
        SELECT COALESCE(m.account_id, d.account_id) FROM
          (SELECT account_id, period_start AS month, debit_paise, credit_paise
           FROM ledger_accountperiodtotal WHERE company_id = %s AND grain = 'M'
             AND (debit_paise <> 0 OR credit_paise <> 0)) m
        FULL OUTER JOIN
          (SELECT account_id, {month_of_day} AS month, SUM(debit_paise) AS debit_paise,
                  SUM(credit_paise) AS credit_paise
           FROM ledger_accountperiodtotal WHERE company_id = %s AND grain = 'D'
           GROUP BY account_id, {month_of_day}) d
        ON d.account_id = m.account_id AND d.month = m.month
        WHERE m.account_id IS NULL OR d.account_id IS NULL
           OR m.debit_paise <> d.debit_paise OR m.credit_paise <> d.credit_paise
    """,
}


@dataclass(frozen=True)
class Finding:
    check: str
    count: int
    examples: tuple[int, ...]


def _month_of_day_sql() -> str:
    if connection.vendor == "postgresql":
        return "date_trunc('month', period_start)::date"
    return "date(period_start, 'start of month')"


# The database triggers that guard the books (migrations/0002_ledger_triggers, 0004). On SQLite a
# migration that rebuilds a table (most AlterField operations) drops that table's triggers:
# such a migration must create them again, and this list makes `bahi check` and the tests notice.
LEDGER_GUARDS = {
    "sqlite": frozenset(
        {
            "ledger_entry_insert_status",
            "ledger_entry_insert_posted_check",
            "ledger_entry_insert_posted_totals",
            "ledger_entry_posted_immutable",
            "ledger_entry_posted_undeletable",
            "ledger_entry_post_check",
            "ledger_entry_post_totals",
            "ledger_line_insert_guard",
            "ledger_line_update_guard",
            "ledger_line_delete_guard",
        }
    ),
    "postgresql": frozenset(
        {
            "ledger_entry_inserted",
            "ledger_entry_deleted",
            "ledger_entry_updated",
            "ledger_line_inserted",
            "ledger_line_updated",
            "ledger_line_updated_into",
            "ledger_line_deleted",
        }
    ),
}


def list_missing_guards() -> list[str]:
    """Names of the ledger's database guards that are not installed."""
    if connection.vendor == "postgresql":
        sql = "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal"
    else:
        sql = "SELECT name FROM sqlite_master WHERE type = 'trigger'"
    with connection.cursor() as cursor:
        cursor.execute(sql)
        present = {row[0] for row in cursor.fetchall()}
    return sorted(LEDGER_GUARDS.get(connection.vendor, frozenset()) - present)


def verify_books(*, company: Company) -> list[Finding]:
    """Re-check every ledger invariant from the lines up; an empty list means the books are
    sound. Also proves the cached period totals equal the sums of the lines, and that the
    database guards are installed."""
    findings = []
    if missing := list_missing_guards():
        findings.append(Finding(f"database guards missing: {', '.join(missing)}", len(missing), ()))
    with connection.cursor() as cursor:
        for name, sql in _CHECKS.items():
            query = sql.replace("{month_of_day}", _month_of_day_sql())
            cursor.execute(query, [company.id] * query.count("%s"))
            ids = [row[0] for row in cursor.fetchall()]
            if ids:
                findings.append(Finding(name, len(ids), tuple(ids[:5])))
    findings.extend(_sequence_gaps(company))
    trial = build_balances_as_of(company=company, as_of=date.max)
    net = sum(movement.net_paise for movement in trial.values())
    if net != 0:
        findings.append(Finding("trial balance does not net to zero", 1, (net,)))
    return findings


def _sequence_gaps(company: Company) -> list[Finding]:
    groups = (
        JournalEntry.objects.filter(company=company, number__isnull=False)
        .values("series", "fiscal_year")
        .annotate(count=Count("id"), top=Max("number"))
    )
    gaps = [f"{g['series']}/{g['fiscal_year']}" for g in groups if g["count"] != g["top"]]
    if not gaps:
        return []
    return [Finding(f"voucher numbers with gaps: {', '.join(gaps)}", len(gaps), ())]
