"""Books as CSV: one row per journal line; consecutive rows with the same voucher are one entry.

Columns (header row required, any order, case-insensitive; see docs/formats.md):
date, voucher, account, debit, credit (required); narration, party, description (optional).
"""

import csv
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TextIO

from bahi.core.money import ZERO
from bahi.ledger.formats.common import (
    INDIAN_DATE,
    ExportEntry,
    Item,
    ParsedEntry,
    ParsedPosting,
    Source,
    complete_postings,
    format_amount,
    parse_amount,
    parse_date,
)
from bahi.ledger.formats.names import ChartNames

COLUMNS = ("date", "voucher", "narration", "account", "party", "debit", "credit", "description")
REQUIRED = frozenset({"date", "voucher", "account", "debit", "credit"})
CSV_DATES = "YYYY-MM-DD or DD-MM-YYYY"
_CSV_DATE_PATTERNS = (re.compile(r"^(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})$"), INDIAN_DATE)


@dataclass
class _Voucher:
    line: int
    voucher: str
    entry_date: date
    narration: str
    postings: list[ParsedPosting] = field(default_factory=list)


def read_csv(source: Source) -> Iterator[Item]:
    """Yield one entry per run of rows with the same voucher."""
    for stream in source.text():
        reader = csv.reader(stream)
        line = 1
        try:
            columns = _columns(source, next(reader, None))
            current: _Voucher | None = None
            for row in reader:
                line, start = reader.line_num, line + 1
                if not any(cell.strip() for cell in row):
                    continue
                current, done = _add_row(
                    source, start, current, _cells(source, start, columns, row)
                )
                if done is not None:
                    yield _entry(source, done)
            if current is not None:
                yield _entry(source, current)
        except csv.Error as error:
            raise source.error(line + 1, f"malformed CSV: {error}") from error


def _columns(source: Source, header: list[str] | None) -> dict[str, int]:
    if header is None:
        raise source.error(1, "the file is empty: a header row is required")
    names = [cell.strip().lower() for cell in header]
    unknown = [name for name in names if name not in COLUMNS]
    if unknown:
        raise source.error(
            1, f"unknown column {unknown[0]!r} (the columns are: {', '.join(COLUMNS)})"
        )
    missing = sorted(REQUIRED - set(names))
    if missing:
        raise source.error(1, f"missing column(s): {', '.join(missing)}")
    if len(set(names)) != len(names):
        raise source.error(1, "a column appears twice in the header")
    return {name: index for index, name in enumerate(names)}


def _cells(source: Source, line: int, columns: dict[str, int], row: list[str]) -> dict[str, str]:
    if len(row) > len(columns):
        raise source.error(line, f"the row has {len(row)} cells; the header has {len(columns)}")
    return {
        name: (row[index].strip() if index < len(row) else "") for name, index in columns.items()
    }


def _add_row(
    source: Source, line: int, current: _Voucher | None, cells: dict[str, str]
) -> tuple[_Voucher, _Voucher | None]:
    """Add a row to its voucher; returns (the voucher being read, a voucher it completed)."""
    try:
        voucher = cells["voucher"]
        if not voucher:
            raise ValueError("the voucher is empty: rows of one entry share a voucher")
        entry_date = parse_date(cells["date"], _CSV_DATE_PATTERNS, CSV_DATES)
        posting = ParsedPosting(
            line=line,
            account=cells["account"],
            amount=_amount(cells["debit"], cells["credit"]),
            party=cells.get("party", ""),
            description=cells.get("description", ""),
        )
    except ValueError as error:
        raise source.error(line, str(error)) from error
    if not posting.account:
        raise source.error(line, "the account is empty")
    done = None
    if current is None or current.voucher != voucher:
        done = current
        current = _Voucher(line, voucher, entry_date, cells.get("narration", ""))
    elif entry_date != current.entry_date:
        raise source.error(
            line,
            f"voucher {voucher} is dated {current.entry_date.isoformat()} on line "
            f"{current.line} but {entry_date.isoformat()} here",
        )
    current.postings.append(posting)
    return current, done


def _amount(debit_text: str, credit_text: str) -> Decimal:
    """Debit positive, credit negative; a negative debit is a credit and the other way round."""
    if not debit_text and not credit_text:
        raise ValueError("give a debit or a credit amount")
    debit = parse_amount(debit_text) if debit_text else ZERO
    credit = parse_amount(credit_text) if credit_text else ZERO
    if ZERO not in (debit, credit):
        raise ValueError("give either a debit or a credit, not both")
    return debit - credit


def _entry(source: Source, voucher: _Voucher) -> ParsedEntry:
    try:
        postings = complete_postings(voucher.postings)
    except ValueError as error:
        raise source.error(voucher.line, f"voucher {voucher.voucher}: {error}") from error
    return ParsedEntry(voucher.line, voucher.entry_date, voucher.narration, postings)


def write_csv(entries: Iterable[ExportEntry], names: ChartNames, out: TextIO, *, title: str) -> int:
    """Write one row per line; returns the number of entries written. `title` is unused: CSV
    has no place for it."""
    del title
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    count = 0
    for entry in entries:
        for line in entry.lines:
            writer.writerow(
                (
                    entry.entry_date.isoformat(),
                    entry.voucher,
                    entry.narration,
                    names.path(line.account_id),
                    names.party_name(line.party_id),
                    format_amount(line.debit_paise) if line.debit_paise else "",
                    format_amount(line.credit_paise) if line.credit_paise else "",
                    line.description,
                )
            )
        count += 1
    return count
