"""The raw limit: the same number of journal lines, same column types as ledger_journalline,
inserted into a bare table (no index, no trigger, no constraint) in one transaction: plain
executemany on both databases and COPY on PostgreSQL (what Bahi's bulk path uses there)."""

import time

from django.db import connection, transaction

BATCH = 6400  # lines per statement (a Bahi batch of 10,000 entries sends ~33,000)
COLUMNS = (
    "company_id, entry_id, line_no, entry_date, account_id, party_id, debit_paise, "
    "credit_paise, description"
)
DDL = (
    "CREATE TABLE bench_rawline (company_id bigint NOT NULL, entry_id bigint NOT NULL, "
    "line_no smallint NOT NULL, entry_date date NOT NULL, account_id bigint NOT NULL, "
    "party_id bigint NULL, debit_paise bigint NOT NULL, credit_paise bigint NOT NULL, "
    "description varchar(200) NOT NULL)"
)


# The same indexes as ledger_journalline (models.JournalLine.Meta): what any implementation that
# keeps them pays at least, before foreign keys, triggers, entries or Python.
INDEXES = (
    "CREATE UNIQUE INDEX bench_rawline_no ON bench_rawline (entry_id, line_no)",
    "CREATE INDEX bench_rawline_ledger ON bench_rawline (company_id, account_id, entry_date, "
    "entry_id)",
    "CREATE INDEX bench_rawline_party ON bench_rawline (company_id, party_id, entry_date, "
    "entry_id) WHERE party_id IS NOT NULL",
)


def _template() -> list[tuple]:
    """Real lines posted by the run (the first BATCH of them), replayed with new entry ids."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {COLUMNS} FROM ledger_journalline ORDER BY id LIMIT %s", [BATCH])
        return list(cursor.fetchall())


def _batches(template: list[tuple], lines: int):
    sent = 0
    offset = 0
    while sent < lines:
        take = min(len(template), lines - sent)
        offset += 10_000_000
        yield [(r[0], r[1] + offset, *r[2:]) for r in template[:take]]
        sent += take


def _run(method: str, template: list[tuple], lines: int, indexed: bool = False) -> tuple:
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_rawline")
        cursor.execute(DDL)
        for statement in INDEXES if indexed else ():
            cursor.execute(statement)
    started, cpu = time.perf_counter(), time.process_time()
    with transaction.atomic(), connection.cursor() as cursor:
        for rows in _batches(template, lines):
            if method == "copy":
                with cursor.cursor.copy(f"COPY bench_rawline ({COLUMNS}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                cursor.executemany(
                    f"INSERT INTO bench_rawline ({COLUMNS}) VALUES "
                    "(%s, %s, %s, %s, %s, %s, %s, %s, %s)",
                    rows,
                )
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE bench_rawline")
    return seconds, cpu_seconds


def commit_limit(template: list[tuple], count: int) -> dict:
    """Transactions per second that insert a few lines each and commit: with synchronous=FULL
    (SQLite) or synchronous_commit=on (PostgreSQL) every commit waits for the disk, so this is
    the ceiling for posting one entry per transaction."""
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_rawline")
        cursor.execute(DDL)
    rows = template[:3]
    started = time.perf_counter()
    for _ in range(count):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO bench_rawline ({COLUMNS}) VALUES "
                "(%s, %s, %s, %s, %s, %s, %s, %s, %s)",
                rows,
            )
    seconds = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE bench_rawline")
    return {"transactions": count, "seconds": seconds, "per_s": count / seconds}


def measure(lines: int, commits: int = 500) -> dict:
    template = _template()
    methods = ["executemany"] + (["copy"] if connection.vendor == "postgresql" else [])
    result = {}
    for method in methods:
        seconds, cpu_seconds = _run(method, template, lines)
        result[method] = {
            "lines": lines,
            "seconds": seconds,
            "cpu_seconds": cpu_seconds,
            "lines_per_s": lines / seconds,
        }
    # The line table's indexes alone, with the method Bahi uses (a floor, not the target's base).
    method = methods[-1]
    seconds, cpu_seconds = _run(method, template, lines, indexed=True)
    result["indexed"] = {
        "method": method,
        "lines": lines,
        "seconds": seconds,
        "cpu_seconds": cpu_seconds,
        "lines_per_s": lines / seconds,
    }
    result["commit"] = commit_limit(template, commits)
    return result
