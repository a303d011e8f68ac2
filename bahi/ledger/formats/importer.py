"""Import a whole file of books in one transaction: every entry, or nothing.

Two streaming passes over the file, inside one transaction. Pass one parses and checks every
entry (dates, amounts, balance) and collects the account names and parties; they are then
mapped onto the chart, creating what is missing. Pass two parses the file again and feeds the
entries to `post_journal_entries_bulk`, which checks and posts them in batches. Neither pass
holds more than a batch of entries, so memory stays flat whatever the size of the file.
"""

import hashlib
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from django.db import connection, transaction

from bahi.core.errors import DomainError
from bahi.core.money import ZERO
from bahi.identity.models import Company, User
from bahi.identity.permissions import Action, ensure_can
from bahi.ledger.formats.accounts import AccountPlan, ChartBuilder, Ref, Resolved, parent_paths
from bahi.ledger.formats.beancount_format import read_beancount
from bahi.ledger.formats.common import AccountDeclaration, Format, Item, ParsedEntry, Source
from bahi.ledger.formats.csv_format import read_csv
from bahi.ledger.formats.errors import AlreadyImported, ImportFailed, UnknownFormat
from bahi.ledger.formats.journal_format import read_journal
from bahi.ledger.models import AccountPeriodTotal, JournalEntry, JournalLine
from bahi.ledger.services import BULK_BATCH, post_journal_entries_bulk
from bahi.ledger.types import EntryInput, LineInput

READERS: dict[Format, Callable[[Source], Iterator[Item]]] = {
    Format.CSV: read_csv,
    Format.JOURNAL: read_journal,
    Format.BEANCOUNT: read_beancount,
}
EXTENSIONS = {
    ".csv": Format.CSV,
    ".journal": Format.JOURNAL,
    ".ledger": Format.JOURNAL,
    ".hledger": Format.JOURNAL,
    ".beancount": Format.BEANCOUNT,
    ".bean": Format.BEANCOUNT,
}
PROGRESS_EVERY = 512  # entries between progress reports


@dataclass(frozen=True)
class ImportProgress:
    stage: str  # "reading" (pass one) or "posting" (pass two)
    bytes_done: int
    bytes_total: int


@dataclass(frozen=True)
class ImportSummary:
    file: str
    file_format: Format
    entries: int
    lines: int
    accounts_created: int
    parties_created: int


ProgressCallback = Callable[[ImportProgress], None]


def detect_format(path: Path) -> Format:
    """By extension: .csv; .journal, .ledger, .hledger; .beancount, .bean."""
    found = EXTENSIONS.get(path.suffix.lower())
    if found is None:
        known = ", ".join(sorted(EXTENSIONS))
        raise UnknownFormat(f"cannot tell the format of {path.name} (known extensions: {known})")
    return found


def import_books(
    *,
    company: Company,
    actor: User,
    path: Path,
    file_format: Format | None = None,
    source_name: str | None = None,
    on_progress: ProgressCallback | None = None,
) -> ImportSummary:
    """Post every entry of the file, creating missing accounts and parties, in one transaction.

    A file is imported at most once per company (its SHA-256 is the first entry's idempotency
    key). Raises ImportFailed (`FILE:LINE: REASON`; nothing written), AlreadyImported,
    UnknownFormat, PermissionDenied.
    """
    chosen = file_format or detect_format(path)
    source = Source(path, source_name or path.name)
    ensure_can(actor=actor, company=company, action=Action.MANAGE_ACCOUNTS)
    key = f"import:{_file_digest(path)[:56]}"
    with transaction.atomic():
        _refuse_if_imported(company, key, source)
        plan = AccountPlan()
        _first_pass(READERS[chosen](source), source, plan, on_progress)
        builder = ChartBuilder(
            company, parent_paths({plan.target(ref)[0] for ref in plan.first_line})
        )
        resolved = _resolve_all(plan, builder, source)
        tracker: deque[tuple[int, int, tuple[int, ...]]] = deque(maxlen=2 * BULK_BATCH + 1)
        counts = [0, 0]  # entries, lines
        entries = _entry_inputs(
            READERS[chosen](source), resolved, tracker, counts, key, _reporter(source, on_progress)
        )
        try:
            post_journal_entries_bulk(company=company, actor=actor, entries=entries)
        except DomainError as error:
            restated = _at_source(error, tracker, source)
            if restated is error:
                raise
            raise restated from error
    if on_progress is not None:
        on_progress(ImportProgress("posting", source.size, source.size))
    return ImportSummary(
        source.name, chosen, counts[0], counts[1], builder.accounts_created, builder.parties_created
    )


def _file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as binary:
        while chunk := binary.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _refuse_if_imported(company: Company, key: str, source: Source) -> None:
    earlier = JournalEntry.objects.filter(company=company, idempotency_key=key).first()
    if earlier is not None:
        raise AlreadyImported(
            f"{source.name}: this file was already imported into {company.legal_name} "
            f"(its first entry is {earlier.voucher_number})",
            details={"file": source.name, "line": 1, "reason": "already imported"},
        )


def _reporter(source: Source, on_progress: ProgressCallback | None) -> Callable[[str], None]:
    def report(stage: str) -> None:
        if on_progress is not None:
            on_progress(ImportProgress(stage, source.bytes_read, source.size))

    return report


def _first_pass(
    items: Iterator[Item], source: Source, plan: AccountPlan, on_progress: ProgressCallback | None
) -> None:
    """Parse and check every entry; note every account and party the file names."""
    report = _reporter(source, on_progress)
    for count, item in enumerate(items, start=1):
        if isinstance(item, AccountDeclaration):
            plan.declare(item)
            continue
        for posting in item.postings:
            if len(posting.description) > 200:
                raise source.error(posting.line, "the description is longer than 200 characters")
            plan.note(posting.account, posting.party, posting.line)
        if count % PROGRESS_EVERY == 0:
            report("reading")
    report("reading")


def _resolve_all(plan: AccountPlan, builder: ChartBuilder, source: Source) -> dict[Ref, Resolved]:
    """Resolve in file order, so created codes follow the file and an error names the first
    line that uses the bad name."""
    resolved = {}
    for ref, line in sorted(plan.first_line.items(), key=lambda item: item[1]):
        path, party = plan.target(ref)
        try:
            resolved[ref] = builder.resolve(path, party)
        except ValueError as error:
            raise source.error(line, str(error)) from error
    return resolved


def _entry_inputs(
    items: Iterator[Item],
    resolved: dict[Ref, Resolved],
    tracker: deque[tuple[int, int, tuple[int, ...]]],
    counts: list[int],
    key: str,
    report: Callable[[str], None],
) -> Iterator[EntryInput]:
    """The entries to post, remembering the source lines of the last few batches so that an
    error the ledger raises for entry N can name its line."""
    analyze_after = BULK_BATCH
    for item in items:
        if not isinstance(item, ParsedEntry):
            continue
        if counts[0] == analyze_after:  # the bulk service has written every earlier entry
            _refresh_statistics()
            analyze_after *= 2
        counts[0] += 1
        counts[1] += len(item.postings)
        tracker.append((counts[0], item.line, tuple(p.line for p in item.postings)))
        yield _entry_input(item, resolved, key if counts[0] == 1 else None)
        if counts[0] % PROGRESS_EVERY == 0:
            report("posting")


def _refresh_statistics() -> None:
    """PostgreSQL plans the ledger's posting triggers from table statistics, and autovacuum
    cannot see rows of a transaction still running: without this, a large import into young
    tables is planned as if they were empty and every batch is slower than the last (quadratic).
    Run after 1, 2, 4, 8... batches, so the statistics are never off by more than a factor of
    two, at a logarithmic cost."""
    if connection.vendor != "postgresql":
        return
    tables = ", ".join(
        model._meta.db_table for model in (JournalEntry, JournalLine, AccountPeriodTotal)
    )
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {tables}")


def _entry_input(entry: ParsedEntry, resolved: dict[Ref, Resolved], key: str | None) -> EntryInput:
    lines = []
    for posting in entry.postings:
        target = resolved[(posting.account, posting.party)]
        amount = posting.amount or ZERO
        lines.append(
            LineInput(
                account_id=target.account_id,
                party_id=target.party_id,
                debit=amount if amount > 0 else ZERO,
                credit=-amount if amount < 0 else ZERO,
                description=posting.description,
            )
        )
    return EntryInput(
        entry_date=entry.entry_date,
        lines=tuple(lines),
        narration=entry.narration,
        idempotency_key=key,
    )


def _at_source(
    error: DomainError, tracker: deque[tuple[int, int, tuple[int, ...]]], source: Source
) -> DomainError:
    """The ledger's error for entry N (and its line K), restated at the file's line."""
    details = error.details if isinstance(error.details, dict) else {}
    position = details.get("entry")
    found = next((item for item in tracker if item[0] == position), None)
    if found is None:
        return error
    _, line, posting_lines = found
    reason = error.message.removeprefix(f"entry {position}: ")
    index = details.get("line")
    if isinstance(index, int) and 1 <= index <= len(posting_lines):
        line = posting_lines[index - 1]
        reason = reason.removeprefix(f"line {index}: ")
    failed = ImportFailed.at(source.name, line, reason)
    failed.details["ledger_code"] = error.code
    return failed
